/**
 * kolla_container_volume_facts (kolla-ansible 2023.1): the container engine's volumes,
 * each under its name (optionally only the named ones), as `docker volume inspect` shows them.
 */
import { defineModule } from '../../../src/plugin-kit.js'
import { engineCli, jsonLines, requireOk, type ContainerEngine } from './container-cli.js'

interface Args {
  name: string[]
  api_version: string
  container_engine: ContainerEngine
}

export default defineModule<Args>({
  name: 'kolla_container_volume_facts',
  summary: "Facts about the container engine's volumes",
  args: {
    type: 'object',
    properties: {
      name: { type: 'array', items: { type: 'string' }, default: [] },
      api_version: { type: 'string', default: 'auto' },
      container_engine: { type: 'string', enum: ['docker', 'podman'] },
    },
    required: ['container_engine'],
  },
  supports: { check: 'full' },
  async run(args, ctx) {
    const ls = await engineCli(ctx, args.container_engine, ['volume', 'ls', '--format', '{{json .}}'])
    requireOk(ctx, ls, 'listing volumes')
    const names = jsonLines(ls.stdout)
      .map((v) => String(v.Name))
      .filter((n) => !args.name.length || args.name.includes(n))
    const result: Record<string, unknown> = { changed: false }
    if (!names.length) return result
    const inspect = await engineCli(ctx, args.container_engine, ['volume', 'inspect', ...names])
    requireOk(ctx, inspect, 'inspecting volumes')
    for (const v of JSON.parse(inspect.stdout) as Record<string, unknown>[]) result[String(v.Name)] = v
    return result
  },
})
