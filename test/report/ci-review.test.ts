/**
 * examples/ci-review/review.sh: the dry run's plan posted as a merge request comment. The
 * GitLab notes endpoint is an HTTP server in the test (no GitLab can run here); the script,
 * tsible-playbook, curl and the example playbook (examples/site.yml, in check mode: it
 * writes nothing) are real.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')
const posted: { url: string; headers: IncomingHttpHeaders; body: string }[] = []
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (d) => (body += d))
  req.on('end', () => {
    posted.push({ url: req.url ?? '', headers: req.headers, body })
    res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"id":1}')
  })
})

beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', r)))
afterAll(() => new Promise<void>((r) => server.close(() => r())))

function review(cwd: string, args: string[], env: Record<string, string>): Promise<{ rc: number; out: string }> {
  return new Promise((done) => {
    const child = spawn('sh', [join(ROOT, 'examples/ci-review/review.sh'), ...args], {
      cwd,
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', TSIBLE_PLAYBOOK: `${process.execPath} ${join(ROOT, 'bin/tsible-playbook.js')}`, ...env },
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('close', (rc) => done({ rc: rc ?? -1, out }))
  })
}

describe('examples/ci-review/review.sh', () => {
  it('posts the plan of the example playbook to the merge request, and exits 0 on changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-review-'))
    const args = ['-i', 'examples/inventory.ini', 'examples/site.yml']
    const REPORT = join(dir, 'tsible-plan.md')
    const port = (server.address() as AddressInfo).port
    const gitlab = { REPORT, CI_API_V4_URL: `http://127.0.0.1:${port}/api/v4`, CI_PROJECT_ID: '42', CI_MERGE_REQUEST_IID: '7', REVIEW_TOKEN: 'glpat-test' }
    const r = await review(ROOT, args, gitlab)
    expect(r.rc, r.out).toBe(0)
    expect(posted).toHaveLength(1)
    expect(posted[0]!.url).toBe('/api/v4/projects/42/merge_requests/7/notes')
    expect(posted[0]!.headers['private-token']).toBe('glpat-test')
    const body = (JSON.parse(posted[0]!.body) as { body: string }).body
    const plan = readFileSync(REPORT, 'utf8')
    expect(body).toBe(`This change would modify hosts (see below).\n\n${plan.trimEnd()}`)
    expect(plan).toContain('# tsible plan (dry run, nothing was changed)')
    expect(plan).toContain('## Files')

    const strict = await review(ROOT, args, { REPORT, REVIEW_FAIL_ON_CHANGES: '1' })
    expect(strict.rc).toBe(2)
    expect(posted).toHaveLength(1)
  })
})
