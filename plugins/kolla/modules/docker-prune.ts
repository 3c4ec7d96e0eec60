/**
 * community.docker.docker_prune, as kolla's prune-images role uses it: removes unused
 * containers, images, networks, volumes or build cache through the host's docker CLI,
 * with filters; reports what was deleted and the space reclaimed.
 */
import { defineModule, shellJoin } from '../../../src/plugin-kit.js'

interface Args {
  containers: boolean
  containers_filters: Record<string, unknown>
  images: boolean
  images_filters: Record<string, unknown>
  networks: boolean
  networks_filters: Record<string, unknown>
  volumes: boolean
  volumes_filters: Record<string, unknown>
  builder_cache: boolean
  timeout: number
}

const KINDS = [
  ['containers', 'container', 'containers_filters'],
  ['images', 'image', 'images_filters'],
  ['networks', 'network', 'networks_filters'],
  ['volumes', 'volume', 'volumes_filters'],
] as const

export default defineModule<Args>({
  name: 'docker_prune',
  fqcns: ['community.docker.docker_prune'],
  summary: 'Remove unused Docker objects',
  args: {
    type: 'object',
    properties: {
      containers: { type: 'boolean', default: false },
      containers_filters: { type: 'object', default: {} },
      images: { type: 'boolean', default: false },
      images_filters: { type: 'object', default: {} },
      networks: { type: 'boolean', default: false },
      networks_filters: { type: 'object', default: {} },
      volumes: { type: 'boolean', default: false },
      volumes_filters: { type: 'object', default: {} },
      builder_cache: { type: 'boolean', default: false },
      timeout: { type: 'integer', default: 60 },
      docker_host: { type: 'string' },
      api_version: { type: 'string' },
    },
  },
  supports: { check: 'none' },
  async run(args, ctx) {
    const result: Record<string, unknown> = { changed: false }
    for (const [flag, kind, filtersKey] of KINDS) {
      if (!args[flag]) continue
      const filters = Object.entries(args[filtersKey]).flatMap(([k, v]) => ['--filter', v === true || v === undefined || v === null ? k : `${k}=${String(v)}`])
      const extra = kind === 'image' && !('dangling' in args[filtersKey]) ? ['--all'] : []
      const r = await ctx.change((w) => w.exec(shellJoin(['docker', kind, 'prune', '--force', ...extra, ...filters]), { timeoutMs: args.timeout * 1000 }))
      if (!r) continue
      if (r.rc !== 0) return ctx.fail(`Error while pruning ${flag}: ${(r.stderr || r.stdout).trim()}`)
      const deleted = r.stdout.split('\n').filter((l) => /^(deleted|untagged):\s|^[0-9a-f]{12,}$/i.test(l.trim())).map((l) => l.trim().replace(/^(deleted|untagged):\s*/i, ''))
      result[`${flag}`] = deleted
      result[`${kind === 'image' ? 'images' : flag}_space_reclaimed`] = Number(/Total reclaimed space:\s*([\d.]+)/.exec(r.stdout)?.[1] ?? 0)
      if (deleted.length) result.changed = true
    }
    if (args.builder_cache) {
      const r = await ctx.change((w) => w.exec('docker builder prune --force'))
      if (r && r.rc === 0) result.builder_cache_space_reclaimed = Number(/Total(?: reclaimed space)?:\s*([\d.]+)/.exec(r.stdout)?.[1] ?? 0)
    }
    return result
  },
})
