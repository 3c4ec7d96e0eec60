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
import { ADHOC_OPTIONS, addOptions, parseOptions, type AdhocOptions } from './options.js'
import { EXIT, exitCodeFor, printError } from './exit-codes.js'
import { versionText } from './version.js'

export async function main(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  const program = addOptions(new Command('ansible'), ADHOC_OPTIONS)
    .argument('[pattern]', 'host pattern')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
  let opts: AdhocOptions
  try {
    opts = parseOptions(program, ADHOC_OPTIONS, argv)
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE
    throw e
  }
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
  const module = opts.moduleName
  const task: Record<string, unknown> = { name: module, [module]: parseArgs(opts.args) }
  writeFileSync(playbook, dump([{ name: 'Ansible Ad-Hoc', hosts: pattern, gather_facts: false, tasks: [task] }]))
  try {
    const run = await createRun({
      opts,
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
