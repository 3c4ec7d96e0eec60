/**
 * A run that stops early still writes its report, saying that it did not complete and
 * why (the error with file, line and column), with what it changed before the stop; the
 * `--detailed-exitcode` status is the failure one (1), and no temporary file is left.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'

const BIN = resolve(__dirname, '../../bin/tsible-playbook.js')
let dir: string

function run(playbook: string, args: string[]): { rc: number; out: string } {
  const r = spawnSync(process.execPath, [BIN, '-i', 'inv', ...args, playbook], { cwd: dir, encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } })
  return { rc: r.status ?? -1, out: r.stdout + r.stderr }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsible-stopped-'))
  writeFileSync(join(dir, 'inv'), 'web1 ansible_connection=local\n')
  writeFileSync(join(dir, 'parse.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n      bad: [\n')
  writeFileSync(join(dir, 'keyword.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - copy: {content: x, dest: "${dir}/out.txt"}\n- hosts: "{{ nope }}"\n  tasks:\n    - debug: msg=hi\n`)
})

describe('the report of a run that stops early', () => {
  it('a parse error: markdown and JSON say the run did not complete, with the error and its position', () => {
    const md = run('parse.yml', ['--check', '--report', 'plan.md', '--detailed-exitcode'])
    expect(md.rc, md.out).toBe(1)
    const text = readFileSync(join(dir, 'plan.md'), 'utf8')
    expect(text).toContain('## The dry run did not complete')
    expect(text).toContain(`The error appears to be in '${join(dir, 'parse.yml')}': line 5, column 17`)
    expect(run('parse.yml', ['--check', '--report', 'plan.json']).rc).toBe(4)
    const json = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'))
    expect(json.mode).toBe('check')
    expect(json.stopped.error).toMatch(/^ERROR! We were unable to read/)
    expect(json.stopped.error).toContain('line 5, column 17')
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('an undefined variable in a play keyword after a change: the change is reported, and the stop', () => {
    const r = run('keyword.yml', ['--report', 'run.json', '--detailed-exitcode'])
    expect(r.rc, r.out).toBe(1)
    const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))
    expect(json.mode).toBe('run')
    expect(json.files.map((f: { path: string }) => f.path)).toEqual([join(dir, 'out.txt')])
    expect(json.stopped.error).toContain("'nope' is undefined")
  })

  it('a completed run has no stop in its report', () => {
    writeFileSync(join(dir, 'ok.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n')
    expect(run('ok.yml', ['--report', 'ok.json']).rc).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'ok.json'), 'utf8'))).not.toHaveProperty('stopped')
  })
})
