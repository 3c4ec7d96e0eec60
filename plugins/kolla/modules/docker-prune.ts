/**
 * community.docker.docker_prune, as kolla's prune-images role uses it: removes unused
 * containers, images, networks, volumes or build cache through the engine API (as the
 * collection's module does), with filters; reports what was deleted and the space
 * reclaimed.
 */
import { defineModule, pyStr } from '../../../src/plugin-kit.js'
import { DOCKER_SOCKET, withEngine } from '../docker/engine-client.js'
import { engineFailure } from '../docker/engine-failure.js'

interface Args {
  containers: boolean
  containers_filters?: Record<string, unknown>
  images: boolean
  images_filters?: Record<string, unknown>
  networks: boolean
  networks_filters?: Record<string, unknown>
  volumes: boolean
  volumes_filters?: Record<string, unknown>
  builder_cache: boolean
  timeout: number
  docker_host?: string
  api_version: string
}

/** [flag, endpoint, answer's list key, whether it reports space] */
const KINDS = [
  ['containers', 'containers', 'ContainersDeleted', true],
  ['images', 'images', 'ImagesDeleted', true],
  ['networks', 'networks', 'NetworksDeleted', false],
  ['volumes', 'volumes', 'VolumesDeleted', true],
] as const

/** The collection's clean_dict_booleans_for_docker_api then convert_filters: every value a list of strings. */
function filters(f: Record<string, unknown> | undefined): string {
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(f ?? {})) out[k] = [v === true ? 'true' : v === false ? 'false' : pyStr(v)]
  return JSON.stringify(out)
}

export default defineModule<Args>({
  name: 'docker_prune',
  fqcns: ['community.docker.docker_prune'],
  summary: 'Remove unused Docker objects',
  args: {
    type: 'object',
    properties: {
      containers: { type: 'boolean', default: false },
      containers_filters: { type: 'object' },
      images: { type: 'boolean', default: false },
      images_filters: { type: 'object' },
      networks: { type: 'boolean', default: false },
      networks_filters: { type: 'object' },
      volumes: { type: 'boolean', default: false },
      volumes_filters: { type: 'object' },
      builder_cache: { type: 'boolean', default: false },
      timeout: { type: 'integer', default: 60 },
      docker_host: { type: 'string' },
      api_version: { type: 'string', default: 'auto' },
    },
  },
  supports: { check: 'none' },
  async run(args, ctx) {
    const host = args.docker_host ?? `unix://${DOCKER_SOCKET}`
    if (!host.startsWith('unix://')) return ctx.fail(`docker_host ${host}: only unix:// sockets are supported (the socket is reached on the host's connection)`)
    const options = { version: args.api_version, timeoutS: args.timeout, socket: host.slice('unix://'.length) }
    return withEngine((p) => ctx.openUnixStream(p), options, async (c) => {
      const result: Record<string, unknown> = {}
      let changed = false
      for (const [flag, kind, listKey, space] of KINDS) {
        if (!args[flag]) continue
        const res = await c.prune(kind, filters(args[`${flag}_filters`]))
        const deleted = (res[listKey] as unknown[] | null) ?? []
        result[flag] = deleted
        if (space) result[`${flag}_space_reclaimed`] = res.SpaceReclaimed
        if (deleted.length || (space && res.SpaceReclaimed)) changed = true
      }
      if (args.builder_cache) {
        const res = await c.prune('build')
        result.builder_cache_space_reclaimed = res.SpaceReclaimed
        if (res.SpaceReclaimed) changed = true
      }
      return { ...result, changed }
    }).catch((e) => engineFailure(ctx, e, 'An unexpected Docker error occurred'))
  },
})
