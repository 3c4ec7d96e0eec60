/** `include_vars`: loads variables from a file or a directory of files on the controller. */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { defineAction, isDict, ModuleFailure, PyRegex, pyStr } from '../../src/plugin-kit.js'
import { TsibleError, Vault } from '../../src/plugin-kit.js'

const DEFAULT_EXTENSIONS = ['yaml', 'yml', 'json']

export default defineAction({
  name: 'include_vars',
  run(ctx) {
    const args = ctx.args
    const name = args.name === undefined ? undefined : pyStr(args.name)
    const files: string[] = []
    const data: Record<string, unknown> = {}
    // A vault-encrypted file hides the whole result, as Ansible's show_content does.
    let hidden = false
    const load = (file: string) => {
      const encrypted = Vault.isEncryptedFile(file)
      const v = ctx.loadVarsFile(file)
      hidden ||= encrypted
      if (v === null || v === undefined) return
      if (!isDict(v)) throw new ModuleFailure(`${file} must be stored as a dictionary/hash`)
      Object.assign(data, v)
      files.push(file)
    }
    if (args.dir !== undefined) {
      const dir = ctx.findFile(pyStr(args.dir), 'vars')
      if (!dir) throw new ModuleFailure(`${pyStr(args.dir)} directory does not exist`)
      const exts = (args.extensions as string[] | undefined) ?? DEFAULT_EXTENSIONS
      const ignoreUnknown = args.ignore_unknown_extensions === true || ['yes', 'true', 'on', '1'].includes(String(args.ignore_unknown_extensions).toLowerCase())
      const ignored = ((args.ignore_files as string[] | undefined) ?? []).map(String)
      // files_matching: a Python regex searched in each file name; the others are skipped.
      const matcher = args.files_matching === undefined || args.files_matching === null ? undefined : new PyRegex(pyStr(args.files_matching))
      for (const f of walk(dir, Number(args.depth ?? 0))) {
        const base = f.slice(f.lastIndexOf('/') + 1)
        if (matcher && !matcher.search(base)) continue
        // Ansible matches each ignore_files entry as a regex at the end of the file name.
        if (ignored.some((pattern) => new RegExp(`${pattern}$`).test(base))) continue
        // A file with another extension (os.path.splitext's, '' for none) fails the task, with
        // what was loaded so far listed, unless ignore_unknown_extensions skips it.
        if (!exts.map(String).includes(splitExt(base))) {
          if (ignoreUnknown) continue
          return { failed: true, changed: false, ansible_facts: {}, ansible_included_var_files: files, message: `${f} does not have a valid extension: ${exts.join(', ')}` }
        }
        load(f)
      }
    } else {
      // An empty file falls back to the raw parameters, whose trailing newlines go ('>' scalars).
      const raw = pyStr(args.file ?? '') || (typeof args._raw_params === 'string' ? args._raw_params.replace(/\n+$/, '') : '')
      // No file at all: the loader's AnsibleFileNotFound without a name.
      if (!raw) return { failed: true, changed: false, message: 'Could not find file', ansible_facts: {}, ansible_included_var_files: files }
      const file = ctx.findFile(pyStr(raw), 'vars')
      if (!file) throw new ModuleFailure(`Could not find or access '${pyStr(raw)}'`)
      try {
        load(file)
      } catch (e) {
        // A file that cannot be read or decrypted fails the task with Ansible's shape.
        if (!(e instanceof TsibleError)) throw e
        return { failed: true, changed: false, message: e.message, ansible_facts: {}, ansible_included_var_files: files }
      }
    }
    let facts: Record<string, unknown> = name ? { [name]: data } : data
    // hash_behaviour other than the configured one: each value combined with the variable's
    // current value (combine_vars, merge or replace).
    const behaviour = args.hash_behaviour
    if (behaviour !== undefined && behaviour !== null && behaviour !== ctx.setting<string>('DEFAULT_HASH_BEHAVIOUR')) {
      const merge = behaviour === 'merge'
      facts = Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, merge ? mergeHash(ctx.scope.has(k) ? ctx.scope.lookup(k) : undefined, v) : v]))
    }
    return { ansible_facts: facts, ansible_included_var_files: files, changed: false, ...(hidden ? { _ansible_no_log: true } : {}) }
  },
})

function walk(dir: string, depth: number, level = 1): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e)
    if (statSync(p).isDirectory()) {
      if (depth === 0 || level < depth) out.push(...walk(p, depth, level + 1))
    } else out.push(p)
  }
  return out
}

/** os.path.splitext's extension without its dot: leading dots of the name do not count. */
function splitExt(base: string): string {
  const i = base.lastIndexOf('.')
  if (i <= 0 || /^\.+$/.test(base.slice(0, i + 1))) return ''
  return base.slice(i + 1)
}

/** ansible.utils.vars.merge_hash (recursive, lists replaced): b's keys over a's. */
function mergeHash(a: unknown, b: unknown): unknown {
  if (!isDict(a) || !isDict(b)) return b
  const out: Record<string, unknown> = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = isDict(out[k]) && isDict(v) ? mergeHash(out[k], v) : v
  return out
}
