/**
 * sysctl (ansible.posix, as shipped with ansible 7 / ansible-core 2.14) on Linux: a
 * kernel parameter in a sysctl file (default /etc/sysctl.conf), rewritten with one
 * `key=value` line per key, and with `reload` (`sysctl -p <file>`) or `sysctl_set`
 * (`sysctl -w`) in the running kernel. The result is only `changed`; check mode computes
 * it with reads alone.
 */
import { BOOLEANS_FALSE, BOOLEANS_TRUE, defineModule, shellJoin } from '../src/plugin-kit.js'

interface Args {
  name: string
  value?: string
  state: 'present' | 'absent'
  sysctl_file: string
  reload: boolean
  sysctl_set: boolean
  ignoreerrors: boolean
}

const LANG_ENV = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C' }

export default defineModule<Args>({
  name: 'sysctl',
  fqcns: ['ansible.posix.sysctl'],
  summary: 'Manage entries in sysctl.conf',
  args: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
      reload: { type: 'boolean', default: true },
      sysctl_set: { type: 'boolean', default: false },
      ignoreerrors: { type: 'boolean', default: false },
      sysctl_file: { type: 'string', default: '/etc/sysctl.conf' },
    },
    required: ['name'],
  },
  aliases: { name: ['key'], value: ['val'] },
  requiredIf: [['state', 'present', ['value']]],
  supports: { check: 'full' },
  async run(args, ctx) {
    if (args.state === 'present' && args.value === undefined) return ctx.fail('value cannot be None')
    if (args.name === '') return ctx.fail('name cannot be blank')
    if (args.state === 'present' && args.value === '') return ctx.fail('value cannot be blank')
    if ((await ctx.exec('command -v sysctl')).rc !== 0) {
      return ctx.fail('Failed to find required executable "sysctl" in paths: /sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin')
    }
    const name = args.name.trim()
    const value = parseValue(args.value)
    const sysctl = (words: string[]) => shellJoin(['sysctl', ...words])

    const cur = await ctx.exec(sysctl(['-e', '-n', name]), { env: LANG_ENV })
    const procValue = cur.rc === 0 ? cur.stdout : null

    // The file: every line stripped; the key's last value wins; duplicates dropped on rewrite.
    const st = await ctx.stat(args.sysctl_file, { follow: true })
    const text = st?.type === 'file' ? ((await ctx.readFile(args.sysctl_file))?.toString('utf8') ?? '') : ''
    const fileLines = (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((l) => l.trim())
    const fileValues = new Map<string, string>()
    const isComment = (l: string) => !l || l.startsWith('#') || l.startsWith(';') || !l.includes('=')
    for (const l of fileLines) {
      if (isComment(l)) continue
      const at = l.indexOf('=')
      fileValues.set(l.slice(0, at).trim(), l.slice(at + 1).trim())
    }
    const checked: string[] = []
    const fixed: string[] = []
    for (const l of fileLines) {
      if (isComment(l)) {
        fixed.push(l)
        continue
      }
      const at = l.indexOf('=')
      const k = l.slice(0, at).trim()
      const v = l.slice(at + 1).trim()
      if (checked.includes(k)) continue
      checked.push(k)
      if (k === name) {
        if (args.state === 'present') fixed.push(`${k}=${value}`)
      } else fixed.push(`${k}=${v}`)
    }
    if (!checked.includes(name) && args.state === 'present') fixed.push(`${name}=${value}`)

    const fileValue = fileValues.get(name)
    let changed = false
    let writeFile = false
    let setProc = false
    if (fileValue === undefined && args.state === 'present') changed = writeFile = true
    else if (fileValue === undefined && args.state === 'absent') changed = false
    else if (fileValue && args.state === 'absent') changed = writeFile = true
    else if (fileValue !== value) changed = writeFile = true
    else if (args.reload) {
      if (procValue === null || !valuesEqual(procValue, value)) changed = true
    }
    if (args.sysctl_set && args.state === 'present') {
      if (procValue === null) changed = true
      else if (!valuesEqual(procValue, value)) changed = setProc = true
    }
    if (ctx.check) return { changed }

    if (setProc) {
      const r = await ctx.change((w) => w.exec(sysctl([...(args.ignoreerrors ? ['-e'] : []), '-w', `${name}=${value}`]), { env: LANG_ENV }))
      if (r && (r.rc !== 0 || stderrFailed(r.stderr))) return ctx.fail(`setting ${name} failed: ${r.stdout}${r.stderr}`)
    }
    if (writeFile) await ctx.change((w) => w.writeFile(args.sysctl_file, fixed.map((l) => `${l.trim()}\n`).join(''), { mode: st?.mode }))
    if (changed && args.reload) {
      const r = await ctx.change((w) => w.exec(sysctl([...(args.ignoreerrors ? ['-e'] : []), '-p', args.sysctl_file]), { env: LANG_ENV }))
      if (r && (r.rc !== 0 || stderrFailed(r.stderr))) return ctx.fail(`Failed to reload sysctl: ${r.stdout}${r.stderr}`)
    }
    return { changed }
  },
})

function parseValue(value: string | undefined): string {
  if (value === undefined) return ''
  if (BOOLEANS_TRUE.has(value.toLowerCase())) return '1'
  if (BOOLEANS_FALSE.has(value.toLowerCase())) return '0'
  return value.trim()
}

function valuesEqual(a: string, b: string): boolean {
  const x = a.split(/\s+/).filter(Boolean)
  const y = b.split(/\s+/).filter(Boolean)
  return x.length === y.length && x.every((v, i) => v === y[i])
}

function stderrFailed(err: string): boolean {
  return /^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$/m.test(err)
}

