/**
 * The report from the run's events: grouping across hosts, an order that does not depend
 * on the order results arrive in, folding, masking inside lines, kolla_docker's container
 * plan, handlers and failures, and the detailed exit code. The events are the callback
 * API's payloads, built here as the executor builds them.
 */
import { describe, expect, it } from 'vitest'
import type { CallbackResult, CallbackTask } from '../../src/plugin-api/callback.js'
import { ReportCollector } from '../../src/report/report-collector.js'
import { reportFormat, reportText } from '../../src/report/write-report.js'
import { detailedExitCode } from '../../src/report/detailed-exit-code.js'
import { foldDiff } from '../../src/report/fold-diff.js'
import { SecretRegistry } from '../../src/vault/secrets.js'

const PASSWORD = 'Zq8x-kolla-db-pass'

function task(id: string, name: string, isHandler = false): CallbackTask {
  return {
    id, name, action: 'template', path: `roles/x/tasks/main.yml:${id.length}`, isHandler, isInclude: false, implicit: false,
    noLog: false, checkMode: null, diff: null, loop: false, delegateTo: null, ignoreUnreachable: null, args: {},
  }
}

const conf = task('t1', 'nova : Copying over nova.conf')
const deploy = task('t2', 'nova : Check nova containers')
const restart = task('h1', 'nova : Restart nova-api container', true)

function fileResult(host: string, debug: string): CallbackResult {
  const dest = `/etc/kolla/node-config/${host}/nova/nova.conf`
  return {
    host, task: conf, taskName: 'Copying over nova.conf',
    result: {
      changed: true,
      diff: { before_header: dest, after_header: '/roles/nova/templates/nova.conf.j2', before: `[database]\nconnection = mysql+pymysql://nova:${PASSWORD}@db/nova\ndebug = False\n`, after: `[database]\nconnection = mysql+pymysql://nova:${PASSWORD}@db/nova\ndebug = ${debug}\n` },
    },
  }
}

function planResult(host: string): CallbackResult {
  return {
    host, task: deploy, taskName: 'Check nova containers',
    result: {
      changed: true,
      container_plan: {
        action: 'compare_container', name: 'nova_api', image: 'quay.io/kolla/nova-api:2023.1', operation: 'recreate',
        steps: ['stop_container', 'remove_container', 'create_container', 'start_container'],
        differences: [{ attribute: 'environment', current: { DB: `x:${PASSWORD}` }, wanted: { DB: 'y' } }], check_mode: true,
      },
    },
  }
}

/** Feeds the events in the order given and returns the report's text. */
async function report(order: string[], format: 'json' | 'markdown' = 'json'): Promise<string> {
  const secrets = new SecretRegistry()
  secrets.add(PASSWORD)
  const c = new ReportCollector({ check: true, secrets, diffContext: 3 })
  c.onPlaybookStart({ file: 'site.yml', basedir: '.' })
  c.onTaskStart(conf)
  for (const h of order) c.onRunnerOk(fileResult(h, h === 'compute01' ? 'Debug' : 'True'))
  c.onTaskStart(deploy)
  for (const h of order) {
    c.onRunnerStart(h, deploy)
    c.onRunnerOk(planResult(h))
    c.onNotify(restart, h)
  }
  c.onHandlerTaskStart(restart)
  for (const h of order) {
    if (h === 'control02') continue
    c.onRunnerStart(h, restart)
    c.onRunnerOk({ host: h, task: restart, taskName: 'Restart', result: { changed: true, container_plan: { ...planResult(h).result.container_plan as object, operation: 'restart', differences: [] } } })
  }
  c.onRunnerFailed({ host: 'control02', task: restart, taskName: 'Restart', result: { msg: `cannot reach db with ${PASSWORD}` } }, false)
  const stats = Object.fromEntries(order.map((h) => [h, { ok: 3, changed: 2, unreachable: 0, failures: h === 'control02' ? 1 : 0, skipped: 0, rescued: 0, ignored: 0 }]))
  c.onStats({ processed: stats, custom: {} })
  return reportText(c.collected(), format, secrets)
}

describe('the report', () => {
  it('shows a change seen on several hosts once, with the host list and the host part of paths as {host}', async () => {
    const r = JSON.parse(await report(['control01', 'control02', 'compute01']))
    expect(r.files.map((f: { path: string; hosts: string[] }) => [f.path, f.hosts])).toEqual([
      ['/etc/kolla/node-config/compute01/nova/nova.conf', ['compute01']],
      ['/etc/kolla/node-config/{host}/nova/nova.conf', ['control01', 'control02']],
    ])
    expect(r.files[1].paths).toEqual({
      control01: '/etc/kolla/node-config/control01/nova/nova.conf',
      control02: '/etc/kolla/node-config/control02/nova/nova.conf',
    })
    expect(r.files[1].diff).toContain('--- before: /etc/kolla/node-config/{host}/nova/nova.conf\n')
    expect(r.files[1].diff).toContain('\n-debug = False\n+debug = True\n')
    expect(r.containers.map((c: { operation: string; hosts: string[]; task: string; notified_by: string[] }) => [c.operation, c.hosts, c.task, c.notified_by])).toEqual([
      ['recreate', ['compute01', 'control01', 'control02'], 'nova : Check nova containers', []],
      ['restart', ['compute01', 'control01'], 'nova : Restart nova-api container', ['nova : Check nova containers']],
    ])
    const by = ['nova : Check nova containers']
    expect(r.handlers).toEqual([
      { name: 'nova : Restart nova-api container', status: 'changed', notified_by: by, hosts: ['compute01', 'control01'] },
      { name: 'nova : Restart nova-api container', status: 'failed', notified_by: by, hosts: ['control02'] },
    ])
    expect(r.failures).toEqual([{ task: 'nova : Restart nova-api container', path: 'roles/x/tasks/main.yml:2', msg: 'cannot reach db with ********', ignored: false, unreachable: false, hosts: ['control02'] }])
    expect(r.summary).toMatchObject({ changed_hosts: 3, failed_hosts: 1, files: 3, containers: 5, handlers: 3, failures: 1 })
  })

  it('is byte-identical whatever order the hosts reported in, in both formats', async () => {
    for (const format of ['json', 'markdown'] as const) {
      const a = await report(['control01', 'control02', 'compute01'], format)
      const b = await report(['compute01', 'control02', 'control01'], format)
      expect(b).toBe(a)
    }
  })

  it('masks a secret inside a line and keeps the rest of the line', async () => {
    for (const format of ['json', 'markdown'] as const) {
      const text = await report(['control01'], format)
      expect(text).not.toContain(PASSWORD)
      expect(text).toContain('connection = mysql+pymysql://nova:********@db/nova')
    }
  })

  it('shows the container plan with its reasons in markdown', async () => {
    const md = await report(['control01'], 'markdown')
    expect(md).toContain('| `nova_api` | would recreate | control01 | `environment`: `{"DB":"x:********"}` → `{"DB":"y"}` | `nova : Check nova containers` |')
    expect(md).toContain('| `nova_api` | would restart | control01 | notified by `nova : Check nova containers` | `nova : Restart nova-api container` |')
    expect(md).toContain('- `nova : Restart nova-api container`: changed on 1 host (control01), notified by `nova : Check nova containers`')
    expect(md).toContain('## Tasks that would fail')
  })

  it('folds a long diff with a note', () => {
    const diff = Array.from({ length: 300 }, (_, i) => `+line ${i}\n`).join('')
    const folded = foldDiff(diff)
    expect(folded.text.split('\n')).toHaveLength(121)
    expect(folded.note).toBe('180 more lines of this diff folded (300 in all); a report written to a .json file has the whole diff.')
    expect(foldDiff('+a\n')).toEqual({ text: '+a\n', note: null })
  })

  it('lists the files a loop changed before it failed on another item', () => {
    const secrets = new SecretRegistry()
    const c = new ReportCollector({ check: false, secrets, diffContext: 3 })
    c.onTaskStart(conf)
    const item = { changed: true, dest: '/etc/a.conf', diff: { before_header: '/etc/a.conf', before: 'a = 1\n', after: 'a = 2\n' } }
    c.onRunnerFailed({ host: 'h1', task: conf, taskName: 'x', result: { msg: 'One or more items failed', results: [item, { failed: true, msg: 'no space left' }] } }, false)
    const r = JSON.parse(reportText(c.collected(), 'json', secrets))
    expect(r.files.map((f: { path: string }) => f.path)).toEqual(['/etc/a.conf'])
    expect(r.failures[0].msg).toBe('One or more items failed\nno space left')
  })

  it('takes its format from the extension, and refuses others', () => {
    expect(reportFormat('plan.json')).toBe('json')
    expect(reportFormat('plan.MD')).toBe('markdown')
    expect(() => reportFormat('plan.txt')).toThrow("--report plan.txt: the report's format comes from its extension: .json, .md or .markdown (got '.txt')")
  })
})

describe('--detailed-exitcode', () => {
  const s = (changed: number) => ({ h: { ok: 1, changed, unreachable: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 } })
  it('is 0 for an empty plan, 2 for changes, 1 for failed hosts, and keeps the other codes', () => {
    expect(detailedExitCode(0, s(0))).toBe(0)
    expect(detailedExitCode(0, s(3))).toBe(2)
    expect(detailedExitCode(2, s(3))).toBe(1)
    expect(detailedExitCode(4, s(0))).toBe(4)
    expect(detailedExitCode(250, s(0))).toBe(250)
  })
})
