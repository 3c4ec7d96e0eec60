/** `include_vars`: loads variables from a file or a directory of files on the controller. */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { defineAction, isDict, ModuleFailure, pyStr } from '../../src/plugin-kit.js'
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
      const ignored = ((args.ignore_files as string[] | undefined) ?? []).map(String)
      for (const f of walk(dir, Number(args.depth ?? 0))) {
        const base = f.slice(f.lastIndexOf('/') + 1)
        // Ansible matches each ignore_files entry as a regex at the end of the file name.
        if (ignored.some((pattern) => new RegExp(`${pattern}$`).test(base))) continue
        // A file with another extension fails the task, with what was loaded so far listed.
        if (!exts.some((e) => f.endsWith(`.${e}`))) {
          return { failed: true, changed: false, ansible_facts: {}, ansible_included_var_files: files, message: `${f} does not have a valid extension: ${exts.join(', ')}` }
        }
        load(f)
      }
    } else {
      const raw = args.file ?? args._raw_params
      if (raw === undefined) throw new ModuleFailure('file or dir is required')
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
    const facts = name ? { [name]: data } : data
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
