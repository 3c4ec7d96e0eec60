/**
 * INI edge cases replayed against ansible-inventory 2.14's recorded stdout, stderr and
 * exit code (test/fixtures/inventory/oracle/ini-cases.json): range errors and strides,
 * pending [g:children]/[g:vars] declarations, a file that fails halfway (its groups stay
 * out of `all`), Python-literal values with floats, warnings wrapped at 79 columns.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/tsible-inventory.js'

interface Run { rc: number; stdout: string; stderr: string }
const CASES = JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/inventory/oracle/ini-cases.json'), 'utf8')) as Record<string, { ini: string } & Record<'list' | 'graph' | 'yaml', Run>>
const MODES: ['list' | 'graph' | 'yaml', string[]][] = [
  ['list', ['--list']],
  ['graph', ['--graph', '--vars']],
  ['yaml', ['--list', '-y']],
]

async function run(args: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const rc = await main(args, {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
  })
  return { rc, stdout, stderr }
}

describe('INI sources as ansible-inventory reads them', () => {
  for (const [name, c] of Object.entries(CASES)) {
    for (const [mode, args] of MODES) {
      it(`${name} ${mode}`, async () => {
        // The recording used /tmp/inv-XXXXXXXX: warnings wrap by width, so keep the path's length.
        const dir = mkdtempSync('/tmp/inv-xx')
        const file = join(dir, 'hosts.ini')
        writeFileSync(file, c.ini)
        const got = await run(['-i', file, ...args])
        expect({ ...got, stderr: got.stderr.split(dir).join('@DIR@') }).toEqual(c[mode])
      })
    }
  }
})

// ansible-inventory -i patterns.ini ...: stderr and exit code (its --help on stdout is not reproduced).
describe('ansible-inventory usage errors', () => {
  const file = resolve(__dirname, '../../fixtures/inventory/patterns.ini')
  const cases: [string[], string][] = [
    [['--host', 'zz'], '[WARNING]: Could not match supplied host pattern, ignoring: zz\nERROR! You must pass a single valid host to --host parameter\n'],
    [['--host', 'web'], 'ERROR! You must pass a single valid host to --host parameter\n'],
    [['--graph', 'nosuch'], 'ERROR! Pattern must be valid group name when using --graph\n'],
    [['--list', '--host', 'x'], 'ERROR! Conflicting options used, only one of --host, --graph or --list can be used at the same time.\n'],
    [[], 'ERROR! No action selected, at least one of --host, --graph or --list needs to be specified.\n'],
  ]
  for (const [args, stderr] of cases) {
    it(args.join(' ') || '(no action)', async () => {
      const got = await run(['-i', file, ...args])
      expect({ rc: got.rc, stderr: got.stderr }).toEqual({ rc: 5, stderr })
    })
  }
  it('--host with a pattern naming one host', async () => {
    const got = await run(['-i', file, '--host', 'web[0]'])
    expect(got.rc).toBe(0)
    expect(got.stdout).toBe('{}\n')
  })
})
