/**
 * `--version` on every command, as argparse's version action: printed on stdout with exit
 * code 0, wherever the option stands (ansible-vault takes it before or after its action).
 */
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { main as adhoc } from '../../../src/cli/tsible.js'
import { main as inventory } from '../../../src/cli/tsible-inventory.js'
import { main as playbook } from '../../../src/cli/tsible-playbook.js'
import { main as vault } from '../../../src/cli/tsible-vault.js'

function capture(): { io: { stdout: Writable; stderr: Writable }; out: () => string; err: () => string } {
  const chunks = { out: '', err: '' }
  const sink = (k: 'out' | 'err') => new Writable({ write: (c, _e, done) => ((chunks[k] += String(c)), done()) })
  return { io: { stdout: sink('out'), stderr: sink('err') }, out: () => chunks.out, err: () => chunks.err }
}

describe('--version', () => {
  const commands: [string, (argv: string[], io: never) => Promise<number>, string[]][] = [
    ['tsible-playbook', playbook as never, ['--version']],
    ['tsible', adhoc as never, ['--version']],
    ['tsible-inventory', inventory as never, ['--version']],
    ['tsible-vault', vault as never, ['--version']],
    ['tsible-vault', vault as never, ['view', '--version']],
  ]
  for (const [name, main, argv] of commands) {
    it(`${name} ${argv.join(' ')}`, async () => {
      const c = capture()
      expect(await main(argv, c.io as never)).toBe(0)
      expect(c.out()).toMatch(new RegExp(`^${name} \\[tsible \\S+, ansible-core 2\\.14 compatible\\]\\n`))
      expect(c.err()).toBe('')
    })
  }
})
