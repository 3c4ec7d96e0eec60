/**
 * The shebang a module runs with on one host (module_common._get_shebang): a `python`
 * module takes `ansible_python_interpreter` / `interpreter_python`, discovering the
 * interpreter once per host when that says `auto...`; any other interpreter `X` takes
 * `ansible_X_interpreter` when set.
 */
import { isDict } from '../py/values.js'
import type { ModuleContext } from '../module-api/types.js'
import { DISCOVERY_MODES, discoverPython } from './interpreter.js'
import type { ModulePayload } from './module-payload.js'
import type { PythonRuntime } from './runtime-types.js'

export interface ModuleInterpreter {
  /** `#!<interpreter> [args]`, or undefined (a binary, a script without a shebang). */
  shebang?: string
  interpreter?: string
  /** Set when this run discovered the interpreter: the `discovered_interpreter_python` fact. */
  discovered?: string
  /** Discovery's warnings, for the task's result. */
  warnings: string[]
}

/**
 * Interpreters discovered during a task: later module runs of the same task (async_status
 * polls, the module an action calls) use it without asking again, as Ansible's task
 * variables carry it within the task.
 */
const discoveredInTask = new WeakMap<ModuleContext, string>()

export async function interpreterFor(rt: PythonRuntime, ctx: ModuleContext, host: string, payload: ModulePayload): Promise<ModuleInterpreter> {
  if (payload.style === 'binary') return { warnings: [] }
  const declared = payload.interpreter ?? (payload.style === 'new' ? { path: '/usr/bin/python', args: [] } : undefined)
  if (!declared) return { warnings: [] }
  const name = declared.path.slice(declared.path.lastIndexOf('/') + 1).trim()
  let chosen: string | undefined
  let discovered: string | undefined
  const warnings: string[] = []
  if (name === 'python') {
    const configured = String(ctx.variable('ansible_python_interpreter') ?? rt.config.get('INTERPRETER_PYTHON')).trim()
    chosen = configured
    if (!configured || DISCOVERY_MODES.includes(configured)) {
      const facts = ctx.task.delegated ? ctx.variable('ansible_facts') : ctx.facts
      const known = isDict(facts) ? facts.discovered_interpreter_python : undefined
      if (typeof known === 'string') chosen = known
      else if (discoveredInTask.has(ctx)) chosen = discoveredInTask.get(ctx)
      else {
        const found = await discoverPython(
          { hostname: host, exec: (command, stdin) => ctx.exec(command, { become: undefined, stdin }) },
          configured || 'auto',
          (ctx.variable('ansible_interpreter_python_fallback') as string[] | undefined) ?? rt.config.get<string[]>('INTERPRETER_PYTHON_FALLBACK'),
        )
        chosen = discovered = found.interpreter
        discoveredInTask.set(ctx, found.interpreter)
        warnings.push(...found.warnings)
        for (const w of found.shown) rt.show(w)
      }
    }
  } else {
    const v = ctx.variable(`ansible_${name}_interpreter`)
    if (v !== undefined && v !== null) chosen = String(v).trim()
  }
  if (!chosen) chosen = declared.path
  return { shebang: [`#!${chosen}`, ...declared.args].join(' '), interpreter: chosen, discovered, warnings }
}
