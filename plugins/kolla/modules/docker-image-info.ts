/**
 * community.docker.docker_image_info, as kolla's train common role calls it under its
 * ansible 2.9 name `docker_image_facts`: the engine's inspect data of the named images
 * (`images`, images that do not exist left out), or of every image when none is named,
 * through the host's docker CLI.
 */
import { defineModule, shellJoin, type ModuleContext } from '../../../src/plugin-kit.js'

interface Args {
  name?: string[]
  docker_host?: string
}

async function inspect(ctx: ModuleContext, host: string | undefined, refs: string[]): Promise<unknown[]> {
  const base = host ? ['docker', '--host', host] : ['docker']
  const out: unknown[] = []
  for (const ref of refs) {
    const r = await ctx.exec(shellJoin([...base, 'image', 'inspect', ref]))
    if (r.rc === 0) out.push(...(JSON.parse(r.stdout) as unknown[]))
    else if (!/no such (image|object)/i.test(r.stderr)) ctx.fail(`Error inspecting image ${ref} - ${(r.stderr || r.stdout).trim()}`)
  }
  return out
}

export default defineModule<Args>({
  name: 'docker_image_info',
  fqcns: ['community.docker.docker_image_info', 'docker_image_facts', 'community.general.docker_image_facts', 'community.general.docker_image_info'],
  summary: 'Inspect docker images',
  args: {
    type: 'object',
    properties: {
      name: { type: 'array', items: { type: 'string' } },
      docker_host: { type: 'string' },
      api_version: { type: 'string' },
      timeout: { type: 'integer' },
      tls: { type: 'boolean' },
      validate_certs: { type: 'boolean' },
      ca_cert: { type: 'string' },
      client_cert: { type: 'string' },
      client_key: { type: 'string' },
      tls_hostname: { type: 'string' },
      debug: { type: 'boolean' },
    },
  },
  supports: { check: 'full' },
  async run(args, ctx) {
    let refs = args.name ?? []
    if (!refs.length) {
      const ls = await ctx.exec(shellJoin([...(args.docker_host ? ['docker', '--host', args.docker_host] : ['docker']), 'image', 'ls', '-q', '--no-trunc']))
      if (ls.rc !== 0) return ctx.fail(`Error listing images: ${(ls.stderr || ls.stdout).trim()}`)
      refs = [...new Set(ls.stdout.split('\n').map((l) => l.trim()).filter(Boolean))]
    }
    return { changed: false, images: await inspect(ctx, args.docker_host, refs) }
  },
})
