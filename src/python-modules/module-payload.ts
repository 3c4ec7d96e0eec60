/**
 * What is sent to a host for one module file, built once per run and per file (the cache
 * key is the path and its modification time) and reused for every host and task:
 *
 * - `new`: a Python module that uses AnsibleModule (ansible-core's NEW_STYLE test, or the
 *   old `#<<INCLUDE_ANSIBLE_MODULE_COMMON>>` marker): its payload zip with the module_utils
 *   it imports, base64, ready for the wrapper script;
 * - `jsonargs`: a script with `<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>`, where the arguments
 *   are written into the text;
 * - `want_json`: a script that says WANT_JSON: it reads its arguments as JSON from a file;
 * - `old`: any other script: it reads `key=value` arguments from a file;
 * - `binary`: an executable, run with the arguments file as its argument.
 */
import { readFileSync, statSync } from 'node:fs'
import { basename, extname } from 'node:path'
import { shlexSplit } from '../py/shlex.js'
import { payloadFiles } from './module-deps.js'
import type { LocatorContext } from './module-utils-locator.js'
import { zipArchive } from './zip-writer.js'

type ModuleStyle = 'new' | 'jsonargs' | 'want_json' | 'old' | 'binary' | 'powershell'

export interface ModulePayload {
  style: ModuleStyle
  path: string
  /** The module's dotted name inside the zip (new style). */
  fqn?: string
  /** The zip, base64 (new style). */
  zipBase64?: string
  /** The module's own bytes (other styles); jsonargs gets its arguments written in per task. */
  source: Buffer
  /** The interpreter of the module's shebang and its arguments; undefined for binaries and scripts without one. */
  interpreter?: { path: string; args: string[] }
}

const REPLACER = '#<<INCLUDE_ANSIBLE_MODULE_COMMON>>'
const NEW_STYLE =
  /(?:from +\.{2,} *module_utils.* +import |from +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.* +import |import +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.*|from +ansible\.module_utils.* +import |import +ansible\.module_utils\.)/
const POWERSHELL = [/# POWERSHELL_COMMON/, /#Requires -Module/i, /#Requires -Version/i, /#AnsibleRequires -OSVersion/i, /#AnsibleRequires -Powershell/i, /#AnsibleRequires -CSharpUtil/i]

/** Builds payloads and keeps them for the run. */
export class PayloadCache {
  private readonly cache = new Map<string, ModulePayload>()
  builds = 0

  constructor(private readonly locator: () => LocatorContext) {}

  /**
   * @param name the module's name as the task gives it (the FQN of modules outside
   *   ansible-core and collections is `ansible.modules.<name>`, as in Ansible)
   */
  get(path: string, name: string): ModulePayload {
    const mtime = statSync(path).mtimeMs
    const key = `${path}\0${mtime}\0${name}`
    let p = this.cache.get(key)
    if (!p) {
      p = build(path, name, this.locator)
      this.builds++
      this.cache.set(key, p)
    }
    return p
  }
}

function build(path: string, name: string, locator: () => LocatorContext): ModulePayload {
  let source = readFileSync(path)
  const interpreter = shebangOf(source)
  if (isBinary(source)) return { style: 'binary', path, source }
  const text = source.toString('latin1')
  let style: ModuleStyle
  if (text.includes(REPLACER)) {
    style = 'new'
    source = Buffer.from(text.replace(REPLACER, 'from ansible.module_utils.basic import *'), 'latin1')
  } else if (NEW_STYLE.test(text)) style = 'new'
  else if (POWERSHELL.some((re) => re.test(text))) style = 'powershell'
  else if (text.includes('<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>')) style = 'jsonargs'
  else if (text.includes('WANT_JSON')) style = 'want_json'
  else style = 'old'
  if (style !== 'new') return { style, path, source, interpreter }
  const ctx = locator()
  const fqn = moduleFqn(path, name, ctx.ansiblePackageDir)
  const zip = zipArchive(payloadFiles(basename(path, extname(path)), fqn, source, ctx))
  return { style, path, source, interpreter, fqn, zipBase64: zip.toString('base64') }
}

/** _get_ansible_module_fqn: ansible-core's and collections' modules by path, others `ansible.modules.<name>`. */
export function moduleFqn(path: string, name: string, ansiblePackageDir: string | undefined): string {
  let m: RegExpExecArray | null = null
  if (ansiblePackageDir) {
    const site = ansiblePackageDir.replace(/\/ansible\/?$/, '')
    m = new RegExp(`^${escapeRe(site)}/(ansible/modules/.*)\\.(py|ps1)$`).exec(path)
  }
  m ??= /\/(ansible_collections\/[^/]+\/[^/]+\/plugins\/modules\/.*)\.(py|ps1)$/.exec(path)
  if (m && !m[1]!.includes('.')) return m[1]!.split('/').join('.')
  return `ansible.modules.${name}`
}

/** The interpreter of a `#!` first line, split as shlex does. */
function shebangOf(source: Buffer): { path: string; args: string[] } | undefined {
  const nl = source.indexOf(0x0a)
  const first = source.subarray(0, nl < 0 ? source.length : nl).toString('utf8')
  if (!first.startsWith('#!')) return undefined
  const words = shlexSplit(first.slice(2).trim())
  if (!words.length) return undefined
  return { path: words[0]!, args: words.slice(1) }
}

/** ansible-core's _is_binary: a byte outside text in the first 1024. */
function isBinary(b: Buffer): boolean {
  const head = b.subarray(0, 1024)
  for (const c of head) {
    if (c === 7 || c === 8 || c === 9 || c === 10 || c === 12 || c === 13 || c === 27) continue
    if (c >= 0x20 && c !== 0x7f) continue
    return true
  }
  return false
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
