/**
 * `minimal`: ansible-core 2.14's minimal stdout callback (the ad-hoc default): one
 * `host | STATUS => {json}` block per result, command output as text, no banners.
 */
import {
  CallbackOutput,
  cleanDebugResult,
  defineCallback,
  pyStr,
  pyTruthy,
  withInternalFqcns,
  type CallbackContext,
  type CallbackPlugin,
  type CallbackResult,
} from '../../src/plugin-kit.js'

/** Modules whose output is shown as text (Ansible's MODULE_NO_JSON). */
const NO_JSON = withInternalFqcns(['command', 'win_command', 'ansible.windows.win_command', 'shell', 'win_shell', 'ansible.windows.win_shell', 'raw'])

const text = (v: unknown): string => (typeof v === 'string' ? v : pyStr(v))

/** `host | CAPTION | rc=N >>` then stdout, stderr and msg. */
function commandMessage(host: string, result: Record<string, unknown>, caption: string): string {
  const rc = 'rc' in result ? result.rc : -1
  const body = text(result.stdout ?? '') + text(result.stderr ?? '') + text(result.msg ?? '')
  return `${host} | ${caption} | rc=${pyStr(rc)} >>\n${body}\n`
}

class MinimalCallback implements CallbackPlugin {
  private readonly out: CallbackOutput

  constructor(private readonly ctx: CallbackContext<Record<string, never>>) {
    this.out = new CallbackOutput(ctx.display, ctx.settings)
  }

  onRunnerFailed(r: CallbackResult): void {
    const res = { ...r.result }
    this.out.handleException(res, false)
    this.out.handleWarnings(res)
    const color = this.ctx.display.colors.error
    if (NO_JSON.has(r.task.action) && !('module_stderr' in res)) {
      this.ctx.display.display(commandMessage(r.host, res, 'FAILED'), { color })
    } else {
      this.ctx.display.display(`${r.host} | FAILED! => ${this.out.dump(res, { indent: 4 })}`, { color })
    }
  }

  onRunnerOk(r: CallbackResult): void {
    const res = { ...r.result }
    cleanDebugResult(res, r.task.action)
    this.out.handleWarnings(res)
    const changed = pyTruthy(res.changed)
    const color = changed ? this.ctx.display.colors.changed : this.ctx.display.colors.ok
    const state = changed ? 'CHANGED' : 'SUCCESS'
    if (NO_JSON.has(r.task.action) && !('ansible_job_id' in res)) {
      this.ctx.display.display(commandMessage(r.host, res, state), { color })
    } else {
      this.ctx.display.display(`${r.host} | ${state} => ${this.out.dump(res, { indent: 4 })}`, { color })
    }
  }

  onRunnerSkipped(r: CallbackResult): void {
    this.ctx.display.display(`${r.host} | SKIPPED`, { color: this.ctx.display.colors.skip })
  }

  onRunnerUnreachable(r: CallbackResult): void {
    const msg = `${r.host} | UNREACHABLE! => ${this.out.dump(r.result, { indent: 4 })}`
    this.ctx.display.display(msg, { color: this.ctx.display.colors.unreachable })
  }

  onFileDiff(r: CallbackResult): void {
    if ('diff' in r.result && pyTruthy(r.result.diff)) this.ctx.display.display(this.out.diff(r.result.diff))
  }
}

export default defineCallback<Record<string, never>>({
  name: 'minimal',
  type: 'stdout',
  options: {},
  create: (ctx) => new MinimalCallback(ctx),
})
