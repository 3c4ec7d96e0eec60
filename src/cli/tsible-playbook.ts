/**
 * `tsible-playbook`: ansible-playbook's command line over the engine. Parses options,
 * loads configuration, builds the run, lists or runs the playbooks, and maps every
 * outcome onto Ansible's exit codes.
 */
import { Command, CommanderError } from 'commander'
import { existsSync, statSync } from 'node:fs'
import { createRun, type EngineRequest } from '../engine.js'
import { runPlaybooks } from '../executor/run-playbook.js'
import { listPlaybook } from './listing.js'
import { addOptions, parseOptions, PLAYBOOK_OPTIONS, type PlaybookOptions } from './options.js'
import { exitCodeFor, EXIT, printError } from './exit-codes.js'
import { versionText } from './version.js'
import { UserInterrupted } from '../errors/errors.js'

export async function main(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  const program = addOptions(new Command('ansible-playbook'), PLAYBOOK_OPTIONS)
    .argument('[playbook...]', 'Playbook(s)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'ansible-playbook: error: ')),
    })
  let opts: PlaybookOptions
  try {
    opts = parseOptions(program, PLAYBOOK_OPTIONS, argv)
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE
    throw e
  }
  const playbooks = program.args
  if (opts.version) {
    io.stdout.write(versionText())
    return EXIT.OK
  }
  if (playbooks.length === 0) {
    io.stderr.write('usage: ansible-playbook [-h] [--version] [-v] ... playbook [playbook ...]\nansible-playbook: error: the following arguments are required: playbook\n')
    return EXIT.USAGE
  }
  if (opts.forks !== undefined && opts.forks < 1) {
    io.stderr.write('ansible-playbook: error: argument -f/--forks: The number of forks must be greater than 0\n')
    return EXIT.USAGE
  }
  try {
    for (const pb of playbooks) {
      if (!existsSync(pb) || statSync(pb).isDirectory()) {
        printError(io.stderr, `the playbook: ${pb} could not be found`)
        return EXIT.ERROR
      }
    }
    // Ctrl-C: stop before the next task, close connections, exit 99 as ansible-playbook does.
    const interrupt = new AbortController()
    const onSigint = () => interrupt.abort()
    process.once('SIGINT', onSigint)
    const request: EngineRequest = { opts, playbooks, stdout: io.stdout, stderr: io.stderr, interrupt: interrupt.signal }
    const run = await createRun(request).catch((e: unknown) => {
      process.removeListener('SIGINT', onSigint)
      throw e
    })
    try {
      const loaded = await run.loadPlaybooks()
      const listing = opts.listTasks || opts.listTags || opts.listHosts
      if (opts.syntaxCheck || listing) {
        for (const [i, pb] of loaded.entries()) {
          if (listing) {
            io.stdout.write(
              listPlaybook(pb, {
                hosts: Boolean(opts.listHosts),
                tasks: Boolean(opts.listTasks),
                tags: Boolean(opts.listTags),
                selection: run.tagSelection,
                templar: run.context.templar,
                scope: run.extraVarsScope(),
                hostsFor: (p) => run.context.inventory.hostsForPattern(p),
                displayName: playbooks[i],
              }),
            )
          } else io.stdout.write(`\nplaybook: ${playbooks[i]}\n`)
        }
        return EXIT.OK
      }
      return await runPlaybooks(run.context, loaded)
    } finally {
      process.removeListener('SIGINT', onSigint)
      if (process.env.TSIBLE_STATS === '1') io.stderr.write(await run.stats())
      await run.close()
    }
  } catch (e) {
    if (e instanceof UserInterrupted) {
      io.stderr.write('[ERROR]: User interrupted execution\n')
      return EXIT.INTERRUPTED
    }
    printError(io.stderr, e)
    return exitCodeFor(e)
  }
}
