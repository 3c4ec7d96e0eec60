/**
 * `tsible`: ad-hoc tasks, as the `ansible` command (`tsible -m MODULE -a ARGS PATTERN`).
 * It builds a one-task play in memory and runs it like any playbook.
 */
import { Command, CommanderError } from 'commander'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dump } from 'js-yaml'
import { createRun } from '../engine.js'
import { runPlaybooks } from '../executor/run-playbook.js'
import { addOptions, expandAliases, COMMON_OPTIONS } from './options.js'
import { EXIT, exitCodeFor, printError } from './exit-codes.js'
import { versionText } from './version.js'

export async function main(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  const program = addOptions(new Command('ansible'), COMMON_OPTIONS)
    .argument('[pattern]', 'host pattern')
    .option('-m, --module-name <MODULE_NAME>', 'Name of the action to execute (default=command)', 'command')
    .option('-a, --args <MODULE_ARGS>', 'The action\'s options in space separated k=v format or JSON string')
    .option('-o, --one-line', 'condense output')
    .option('-B, --background <SECONDS>', 'run asynchronously, failing after X seconds')
    .option('-P, --poll <POLL_INTERVAL>', 'set the poll interval if using -B')
    .option('--version', 'show version and exit')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
  try {
    program.parse(expandAliases(argv, COMMON_OPTIONS), { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE
    throw e
  }
  const opts = program.opts<Record<string, unknown>>()
  if (opts.version) {
    io.stdout.write(versionText('tsible'))
    return EXIT.OK
  }
  const pattern = program.args[0]
  if (!pattern) {
    io.stderr.write('ansible: error: the following arguments are required: pattern\n')
    return EXIT.USAGE
  }
  const dir = mkdtempSync(join(tmpdir(), 'tsible-adhoc-'))
  const playbook = join(dir, 'adhoc.yml')
  const module = String(opts.moduleName)
  const task: Record<string, unknown> = { name: module, [module]: parseArgs(opts.args as string | undefined) }
  writeFileSync(playbook, dump([{ name: 'Ansible Ad-Hoc', hosts: pattern, gather_facts: false, tasks: [task] }]))
  try {
    const run = await createRun({
      opts: { ...opts, adhoc: true, oneLine: opts.oneLine === true },
      playbooks: [playbook],
      stdout: io.stdout,
      stderr: io.stderr,
      adhoc: true,
    })
    try {
      return await runPlaybooks(run.context, await run.loadPlaybooks())
    } finally {
      await run.close()
    }
  } catch (e) {
    printError(io.stderr, e)
    return exitCodeFor(e)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `-a` is k=v text or a JSON/YAML mapping; free-form text stays a string. */
function parseArgs(args: string | undefined): unknown {
  if (args === undefined) return {}
  const t = args.trim()
  if (t.startsWith('{')) {
    try {
      return JSON.parse(t)
    } catch {
      return args
    }
  }
  return args
}
