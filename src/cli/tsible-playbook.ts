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
import { OptionsError, UserInterrupted } from '../errors/errors.js'
import { detailedExitCode, DETAILED_EXIT } from '../report/detailed-exit-code.js'
import { reportFormat, writeReport, writeStoppedReport } from '../report/write-report.js'
import { NO_SECRETS } from '../vault/vault.js'

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
    // A usage error is a failure, not "changes" (2), for --detailed-exitcode.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : argv.includes('--detailed-exitcode') ? DETAILED_EXIT.FAILED : EXIT.USAGE
    throw e
  }
  const playbooks = program.args
  const usage = opts.detailedExitcode ? DETAILED_EXIT.FAILED : EXIT.USAGE
  if (opts.version) {
    io.stdout.write(versionText())
    return EXIT.OK
  }
  if (playbooks.length === 0) {
    io.stderr.write('usage: ansible-playbook [-h] [--version] [-v] ... playbook [playbook ...]\nansible-playbook: error: the following arguments are required: playbook\n')
    return usage
  }
  if (opts.forks !== undefined && opts.forks < 1) {
    io.stderr.write('ansible-playbook: error: argument -f/--forks: The number of forks must be greater than 0\n')
    return usage
  }
  let started: Awaited<ReturnType<typeof createRun>> | undefined
  try {
    if (opts.report !== undefined) reportFormat(opts.report)
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
    started = run
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
                playScope: (play) => run.playScope(play),
                hostsFor: (p) => run.context.inventory.hostsForPattern(p),
                displayName: playbooks[i],
              }),
            )
          } else io.stdout.write(`\nplaybook: ${playbooks[i]}\n`)
        }
        return EXIT.OK
      }
      const rc = await runPlaybooks(run.context, loaded)
      if (run.report && opts.report !== undefined) writeReport(opts.report, run.report.collected(), run.context.vault!.revealed)
      return opts.detailedExitcode ? detailedExitCode(rc, run.context.stats.summary()) : rc
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
    // An options error shows the help first, as ansible-playbook does (cli_executor).
    if (e instanceof OptionsError) io.stdout.write(program.helpInformation())
    printError(io.stderr, e)
    // The run stopped early: its report says so and why (not for a report file it refused).
    if (opts.report !== undefined && !(e instanceof OptionsError && e.message.startsWith(`--report ${opts.report}:`))) {
      let error = ''
      printError({ write: (s: string) => ((error += s), true) } as unknown as NodeJS.WritableStream, e)
      const stop = { check: opts.check === true, playbooks, error }
      writeStoppedReport(opts.report, started?.report?.collected(), stop, started?.context.vault?.revealed ?? NO_SECRETS.revealed)
    }
    return opts.detailedExitcode ? DETAILED_EXIT.FAILED : exitCodeFor(e)
  }
}
