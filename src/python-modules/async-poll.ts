/**
 * Async tasks as ansible-core 2.14 runs them: the module was started under
 * async_wrapper (it detaches and writes its result to `<async_dir>/<jid>`); with `poll`
 * above 0 the controller sleeps `poll` seconds, asks async_status, reports each
 * unfinished answer (`async_poll`), and stops at the first finished, failed or skipped
 * one or when `async` seconds are spent; a finished job's file is removed (async_status
 * mode=cleanup). The `async_status` action does the same asking for a task that names it.
 */
import { isDict } from '../py/values.js'
import type { ModuleContext, ModuleResult } from '../module-api/types.js'
import { asyncDir, executeModule } from './execute-module.js'
import type { PythonRuntime } from './runtime-types.js'

export async function pollAsync(rt: PythonRuntime, ctx: ModuleContext, started: ModuleResult): Promise<ModuleResult> {
  const jid = started.ansible_job_id
  if (jid === undefined || jid === null) return { failed: true, msg: 'No job id was returned by the async task' }
  const poll = ctx.task.poll
  let timeLeft = ctx.task.async
  let result: ModuleResult = {}
  while (timeLeft > 0) {
    await new Promise((r) => setTimeout(r, poll * 1000))
    try {
      result = await asyncStatus(rt, ctx, String(jid), 'status')
      if (Number(result.finished ?? 0) === 1 || ('failed' in result && result._ansible_parsed) || 'skipped' in result) break
    } catch (e) {
      timeLeft -= poll
      if (timeLeft <= 0) throw e
      continue
    }
    timeLeft -= poll
    await ctx.report('async_poll', result)
  }
  let final: ModuleResult
  if (Number(result.finished ?? 0) !== 1) {
    final = result._ansible_parsed
      ? { failed: true, msg: `async task did not complete within the requested time - ${ctx.task.async}s`, async_result: result }
      : { failed: true, msg: 'async task produced unparseable results', async_result: result }
  } else {
    await asyncStatus(rt, ctx, String(jid), 'cleanup')
    final = result
  }
  await ctx.report(final.failed ? 'async_failed' : 'async_ok', final)
  return final
}

/** The async_status action: its fixed keys, then the module's answer merged in. */
export async function asyncStatus(rt: PythonRuntime, ctx: ModuleContext, jid: string, mode: 'status' | 'cleanup'): Promise<ModuleResult> {
  const host = String(ctx.variable('inventory_hostname') ?? ctx.hostname)
  const dir = await rt.paths.expand(ctx, host, asyncDir(rt, ctx), ctx.become?.user ?? ctx.remoteUser)
  const logPath = `${dir.replace(/\/$/, '')}/${jid}`
  const base: ModuleResult = { started: 0, finished: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [], ansible_job_id: jid }
  if (mode === 'cleanup') base.erased = logPath
  else Object.assign(base, { results_file: logPath, started: 1 })
  const answer = await executeModule(rt, ctx, { path: rt.coreModule('async_status'), moduleName: 'ansible.legacy.async_status', args: { jid, mode, _async_dir: dir } })
  return mergeHash(base, answer)
}

/** ansible.utils.vars.merge_hash: dicts merged recursively, the second winning. */
function mergeHash(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = isDict(out[k]) && isDict(v) ? mergeHash(out[k] as Record<string, unknown>, v) : v
  return out
}
