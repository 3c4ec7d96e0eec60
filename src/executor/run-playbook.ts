/**
 * Runs playbooks (PlaybookExecutor.run): each file's plays in order, stopping after a
 * play that ends the playbook; retry files; stats to the callbacks; Ansible's result code.
 */
import { writeFileSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import type { LoaderContext } from '../playbook/loader-context.js'
import { loadPlaybook } from '../playbook/load-playbook.js'
import type { Playbook } from '../playbook/model.js'
import { runPlay } from './play-runner.js'
import type { RunContext } from './run-context.js'
import { RUN_OK } from './types.js'
import type { TagSelection } from './tags.js'

/** Loads every playbook first (a parse error aborts before anything runs), then runs them. */
export function loadPlaybooks(req: { files: string[]; extraVars: Record<string, unknown>; loader: LoaderContext }): Playbook[] {
  return req.files.map((f) => loadPlaybook(f, { ...req.loader.options, extraVars: req.extraVars }, req.loader))
}

export async function runPlaybooks(run: RunContext, playbooks: Playbook[]): Promise<number> {
  const tags: TagSelection = {
    only: new Set(run.options.tags.length ? run.options.tags : ['all']),
    skip: new Set(run.options.skipTags),
  }
  let result = RUN_OK
  for (const pb of playbooks) {
    await run.emitter.emit('onPlaybookStart', { file: pb.displayName ?? pb.file, basedir: pb.basedir })
    for (const play of pb.plays) {
      const outcome = await runPlay(run, play, tags)
      result = outcome.result
      if (outcome.stop) break
    }
    if (run.options.startAtTask !== undefined) {
      // Ansible reports this as an error but still exits 0.
      process.stderr.write(`[ERROR]: No matching task "${run.options.startAtTask}" found. Note: --start-at-task can only follow static includes.\n`)
    }
    writeRetryFile(run, pb.file)
    await run.emitter.emit('onStats', { processed: run.stats.summary(), custom: Object.fromEntries(run.stats.custom) })
    if (result !== RUN_OK) break
  }
  return result
}

function writeRetryFile(run: RunContext, playbook: string): void {
  if (!run.config.get<boolean>('RETRY_FILES_ENABLED')) return
  const hosts = [...new Set([...run.failedHosts, ...run.unreachableHosts])].sort()
  if (hosts.length === 0) return
  const dir = run.config.get<string | null>('RETRY_FILES_SAVE_PATH') ?? dirname(resolve(playbook))
  const file = join(dir, `${basename(playbook, extname(playbook))}.retry`)
  try {
    writeFileSync(file, hosts.map((h) => `${h}\n`).join(''))
    process.stdout.write(`\tto retry, use: --limit @${file}\n\n`)
  } catch (e) {
    run.warn(`Could not create retry file '${file}'.\n\t${(e as Error).message}`)
  }
}
