/**
 * One module run on a host, as ansible-core 2.14's ActionBase._execute_module: the
 * payload (built once per run), the interpreter (discovered once per host), the
 * `_ansible_*` arguments, the protocol (pipelined through standard input, or a temporary
 * directory), async_wrapper for async tasks, and the result as Ansible returns it.
 * Everything goes through the module's context (`ctx.exec`), the API every module has.
 */
import { randomInt } from 'node:crypto'
import { shellQuote } from '../connection/types.js'
import type { ModuleContext, ModuleResult } from '../module-api/types.js'
import { isDict, PyDate, PyFloat, pyStr } from '../py/values.js'
import { jsonDumps } from '../py/json-dumps.js'
import { interpreterFor } from './module-interpreter.js'
import { ADMIN_USERS, becomeUnprivileged, boolOf, internalArgs } from './module-args.js'
import type { ModulePayload } from './module-payload.js'
import { finishModuleResult, parseModuleOutput, type RawOutput } from './module-result.js'
import { remoteModuleName, removeTempDir, tempDirName, uploadFiles, type Upload } from './remote-run.js'
import type { PythonRuntime } from './runtime-types.js'
import { wrapperScript } from './wrapper-script.js'

export interface ExecuteOptions {
  /** The module file on the controller. */
  path: string
  /** The name the module runs as (`_ansible_module_name`): the task's action, or e.g. `ansible.legacy.async_status`. */
  moduleName: string
  args: Record<string, unknown>
  /** Run under async_wrapper (the task's `async`). */
  wrapAsync?: boolean
}

export async function executeModule(rt: PythonRuntime, ctx: ModuleContext, o: ExecuteOptions): Promise<ModuleResult> {
  const host = String(ctx.variable('inventory_hostname') ?? ctx.hostname)
  const payload = rt.payloads.get(o.path, o.moduleName)
  if (payload.style === 'powershell') return { failed: true, msg: `module (${o.moduleName}) is a PowerShell module: tsible runs modules on POSIX hosts only` }
  const interp = await interpreterFor(rt, ctx, host, payload)
  if (!interp.shebang && payload.style !== 'binary') return { failed: true, msg: `module (${o.moduleName}) is missing interpreter line` }
  const keepFiles = rt.config.get<boolean>('DEFAULT_KEEP_REMOTE_FILES')
  const pipelined = pipelining(rt, ctx, payload, !!o.wrapAsync, keepFiles)
  const remoteTmp = String(ctx.variable('ansible_remote_tmp') ?? rt.config.get('DEFAULT_REMOTE_TMP'))
  const unprivileged = becomeUnprivileged(ctx)
  let base: string | undefined
  let dir: string | undefined
  if (!pipelined) {
    base = await rt.paths.expand(ctx, host, remoteTmp, ctx.remoteUser)
    if (unprivileged && !base.startsWith('/var/tmp') && !base.startsWith('/tmp')) base = '/var/tmp'
    dir = `${base}/${tempDirName()}`
  }
  const moduleArgs = {
    ...plain(o.args),
    ...internalArgs({ ctx, config: rt.config, ansibleVersion: rt.ansibleVersion(), tmpdir: unprivileged ? null : (dir ?? null), remoteTmp }),
  } as Record<string, unknown>
  const env: Record<string, string> = {}
  if (o.wrapAsync) env.ANSIBLE_ASYNC_DIR = asyncDir(rt, ctx)
  const content = moduleContent(rt, payload, interp.shebang, interp.interpreter, moduleArgs, o.moduleName)
  const interpreter = interp.shebang ? interp.shebang.replace('#!', '').trim() : ''

  let raw: RawOutput
  if (pipelined) {
    raw = await ctx.exec(interpreter, { stdin: content.module, env })
  } else {
    const files: Upload[] = [{ name: remoteModuleName(payload), data: content.module }]
    if (content.args !== undefined) files.push({ name: 'args', data: content.args })
    const jid = `j${randomInt(0, 999_999_999_999)}`
    if (o.wrapAsync) files.push({ name: 'async_wrapper.py', data: asyncWrapperScript(rt, interp.shebang) })
    const perms = { becomeUser: unprivileged ? ctx.become!.user : undefined, loginIsAdmin: ADMIN_USERS.includes(ctx.remoteUser ?? '') }
    const error = await uploadFiles(ctx, base!, dir!, files, perms)
    if (error) return { failed: true, msg: error }
    const modulePath = `${dir}/${files[0]!.name}`
    const argsPath = content.args !== undefined ? `${dir}/args` : undefined
    let command: string
    if (o.wrapAsync) {
      const parts = [interpreter, `${dir}/async_wrapper.py`, jid, String(ctx.task.async), modulePath, argsPath ?? '_']
      if (keepFiles) parts.push('-preserve_tmp')
      command = parts.join(' ')
    } else {
      command = [interpreter, shellQuote(modulePath), argsPath ?? ''].filter(Boolean).join(' ')
    }
    const cleanup = !keepFiles && !o.wrapAsync
    if (cleanup && !ctx.become) {
      raw = await ctx.exec(`${command}; rc=$?; rm -f -r ${shellQuote(dir!)} > /dev/null 2>&1; exit $rc`, { env })
    } else {
      raw = await ctx.exec(command, { env })
      if (cleanup) await removeTempDir(ctx, dir!)
    }
  }
  const parsed = parseModuleOutput(raw, interp.shebang)
  const result = finishModuleResult(parsed.result, parsed.shown)
  for (const w of parsed.shown) rt.show(w)
  if (o.wrapAsync) result.changed = true
  if (interp.discovered !== undefined && (!ctx.task.delegated || ctx.task.delegateFacts)) {
    const facts = (result.ansible_facts ?? {}) as Record<string, unknown>
    facts.discovered_interpreter_python = interp.discovered
    result.ansible_facts = facts
  }
  if (interp.warnings.length) result.warnings = [...((result.warnings as string[] | undefined) ?? []), ...interp.warnings]
  return result
}

/** ActionBase._is_pipelining_enabled. */
function pipelining(rt: PythonRuntime, ctx: ModuleContext, payload: ModulePayload, wrapAsync: boolean, keepFiles: boolean): boolean {
  if (payload.style !== 'new' && payload.style !== 'jsonargs') return false
  if (keepFiles || wrapAsync || ctx.become?.method === 'su') return false
  const v = ctx.variable('ansible_pipelining') ?? ctx.variable('ansible_ssh_pipelining')
  return v === undefined ? rt.config.get<boolean>('ANSIBLE_PIPELINING') : boolOf(v)
}

/** The async_wrapper's job directory (`async_dir`), unexpanded: the wrapper expands it on the host. */
export function asyncDir(rt: PythonRuntime, ctx: ModuleContext): string {
  return String(ctx.variable('ansible_async_dir') ?? rt.config.get('DEFAULT_ASYNC_DIR'))
}

interface Content {
  module: string | Buffer
  args?: string
}

/** What is sent: the wrapper script, the module with its arguments written in, or the module and an args file. */
function moduleContent(rt: PythonRuntime, payload: ModulePayload, shebang: string | undefined, interpreter: string | undefined, args: Record<string, unknown>, name: string): Content {
  const json = jsonDumps(args, { vaultToText: true })
  switch (payload.style) {
    case 'new':
      return { module: wrapperScript({ shebang: shebang!, zipBase64: payload.zipBase64!, fqn: payload.fqn!, name, paramsJson: jsonDumps({ ANSIBLE_MODULE_ARGS: args }, { vaultToText: true }) }) }
    case 'jsonargs': {
      let text = payload.source.toString('utf8')
      text = text.replaceAll('"<<ANSIBLE_VERSION>>"', `'${rt.ansibleVersion()}'`)
      text = text.replaceAll('"<<INCLUDE_ANSIBLE_MODULE_COMPLEX_ARGS>>"', pyBytesRepr(json))
      text = text.replaceAll('<<SELINUX_SPECIAL_FILESYSTEMS>>', rt.config.get<string[]>('DEFAULT_SELINUX_SPECIAL_FS').join(','))
      text = text.replaceAll('<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>', json)
      text = text.replaceAll('syslog.LOG_USER', `syslog.${String(args._ansible_syslog_facility)}`)
      return { module: withShebang(Buffer.from(text), payload, shebang, interpreter) }
    }
    case 'want_json':
      return { module: withShebang(payload.source, payload, shebang, interpreter), args: json }
    case 'old':
      return { module: withShebang(payload.source, payload, shebang, interpreter), args: Object.entries(args).map(([k, v]) => `${k}=${shellQuote(pyStr(v))} `).join('') }
    default:
      return { module: payload.source, args: json }
  }
}

/** modify_module: the first line names the chosen interpreter; a Python script gets a coding line. */
function withShebang(source: Buffer, payload: ModulePayload, shebang: string | undefined, interpreter: string | undefined): Buffer {
  if (!payload.interpreter || !shebang) return source
  const nl = source.indexOf(0x0a)
  const rest = nl < 0 ? Buffer.alloc(0) : source.subarray(nl + 1)
  const first = interpreter !== payload.interpreter.path ? Buffer.from(shebang) : source.subarray(0, nl < 0 ? source.length : nl)
  const lines = [first]
  if (basename(payload.interpreter.path).startsWith('python')) lines.push(Buffer.from('# -*- coding: utf-8 -*-'))
  if (nl >= 0) lines.push(rest)
  return Buffer.concat(lines.flatMap((l, i) => (i ? [Buffer.from('\n'), l] : [l])))
}

/** ansible-core's own async_wrapper module, wrapped to run from the temporary directory. */
function asyncWrapperScript(rt: PythonRuntime, shebang: string | undefined): string {
  const path = rt.coreModule('async_wrapper')
  const p = rt.payloads.get(path, 'ansible.legacy.async_wrapper')
  return wrapperScript({ shebang: shebang ?? '#!/usr/bin/python', zipBase64: p.zipBase64!, fqn: p.fqn!, name: 'ansible.legacy.async_wrapper', paramsJson: '{"ANSIBLE_MODULE_ARGS": {}}' })
}

/** Templated values as the JSON encoder takes them (tagged strings become their text). */
function plain(v: Record<string, unknown>): Record<string, unknown> {
  const conv = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(conv)
    if (isDict(x)) return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, conv(y)]))
    if (x instanceof PyFloat || x instanceof PyDate) return x
    if (x && typeof x === 'object' && typeof (x as { toJSON?: unknown }).toJSON === 'function') return (x as { toJSON(): unknown }).toJSON()
    return x
  }
  return conv(v) as Record<string, unknown>
}

/** Python's repr() of the UTF-8 bytes of a text. */
function pyBytesRepr(text: string): string {
  const bytes = Buffer.from(text)
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'"
  let out = 'b' + quote
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\'
    else if (b === quote.charCodeAt(0)) out += '\\' + quote
    else if (b === 0x09) out += '\\t'
    else if (b === 0x0a) out += '\\n'
    else if (b === 0x0d) out += '\\r'
    else if (b < 0x20 || b >= 0x7f) out += '\\x' + b.toString(16).padStart(2, '0')
    else out += String.fromCharCode(b)
  }
  return out + quote
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}
