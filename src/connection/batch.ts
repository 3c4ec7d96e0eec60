/**
 * The meaning of `Connection.batch`, for every transport: which steps a condition may
 * name, how a condition is decided from the stats found so far, and `runSteps`, which
 * runs a batch one method call at a time (the local connection, and any connection
 * without a `batch` of its own). The SSH connection compiles the same meaning into one
 * shell script (ssh-batch.ts).
 */
import { isChangeStep, type BatchOptions, type Connection, type FileStat, type HostStep, type StatMatch, type StepCondition, type StepResult } from './types.js'

/** A batch that cannot mean anything: a condition on a later step or on a step that is no stat. */
export class BatchError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BatchError'
  }
}

/** The stat steps a condition names. */
function namedSteps(cond: StepCondition): number[] {
  if ('absent' in cond) return [cond.absent]
  if ('ran' in cond) return [cond.ran]
  if ('not' in cond) return namedSteps(cond.not)
  if ('all' in cond) return cond.all.flatMap(namedSteps)
  if ('any' in cond) return cond.any.flatMap(namedSteps)
  return [cond.step]
}

/** The steps a condition tests as stats (all but `ran`). */
function statSteps(cond: StepCondition): number[] {
  if ('ran' in cond) return []
  if ('not' in cond) return statSteps(cond.not)
  if ('all' in cond) return cond.all.flatMap(statSteps)
  if ('any' in cond) return cond.any.flatMap(statSteps)
  return namedSteps(cond)
}

export function validateSteps(steps: readonly HostStep[]): void {
  steps.forEach((step, i) => {
    if (!step.when) return
    for (const n of namedSteps(step.when)) {
      if (!Number.isInteger(n) || n < 0 || n >= i) throw new BatchError(`step ${i} (${step.op}): its condition names step ${n}, which does not come before it`)
    }
    for (const n of statSteps(step.when)) {
      if (steps[n].op !== 'stat') throw new BatchError(`step ${i} (${step.op}): its condition names step ${n}, which is a ${steps[n].op}, not a stat`)
    }
  })
}

function sameId(name: string, id: number, wanted: string | number): boolean {
  if (typeof wanted === 'number') return id === wanted
  return name === wanted || String(id) === wanted
}

function matches(m: StatMatch, st: FileStat): boolean {
  if (m.type !== undefined && st.type !== m.type) return false
  if (m.checksum !== undefined && st.checksum !== m.checksum) return false
  if (m.mode !== undefined && st.mode !== (m.mode & 0o7777)) return false
  if (m.owner !== undefined && !sameId(st.owner, st.uid, m.owner)) return false
  if (m.group !== undefined && !sameId(st.group, st.gid, m.group)) return false
  if (m.linkTarget !== undefined && st.linkTarget !== m.linkTarget) return false
  return true
}

/** What the steps so far did, as conditions see it. */
export interface StepsSoFar {
  /** Per step: its stat (null = found nothing), undefined for a step that did not run or is no stat. */
  stats: ReadonlyArray<FileStat | null | undefined>
  /** Per step: whether it ran (or, under dryRun, would have). */
  ran: readonly boolean[]
}

/** Decides a condition from what the earlier steps did. */
export function conditionHolds(cond: StepCondition, so: StepsSoFar): boolean {
  const stats = so.stats
  if ('absent' in cond) return stats[cond.absent] === null
  if ('ran' in cond) return so.ran[cond.ran] === true
  if ('not' in cond) return !conditionHolds(cond.not, so)
  if ('all' in cond) return cond.all.every((c) => conditionHolds(c, so))
  if ('any' in cond) return cond.any.some((c) => conditionHolds(c, so))
  const st = stats[cond.step]
  return st ? matches(cond, st) : false
}

/** Runs a batch through the connection's own methods, one step after the other. */
export async function runSteps(conn: Connection, steps: readonly HostStep[], options: BatchOptions = {}): Promise<StepResult[]> {
  validateSteps(steps)
  const become = options.become
  const stats: Array<FileStat | null | undefined> = []
  const ran: boolean[] = []
  const results: StepResult[] = []
  for (const step of steps) {
    if (step.when && !conditionHolds(step.when, { stats, ran })) {
      results.push({ ran: false })
      stats.push(undefined)
      ran.push(false)
      continue
    }
    ran.push(true)
    if (options.dryRun && isChangeStep(step)) {
      results.push({ ran: false, wouldRun: true })
      stats.push(undefined)
      continue
    }
    let result: StepResult
    switch (step.op) {
      case 'stat':
        result = { ran: true, stat: await conn.stat(step.path, { follow: step.follow, checksum: step.checksum, become }) }
        break
      case 'read':
        result = { ran: true, data: await conn.readFile(step.path, { become }) }
        break
      case 'readDir':
        result = { ran: true, entries: await conn.readDir(step.path, { become }) }
        break
      case 'exec':
        result = { ran: true, exec: await conn.exec(step.command, { cwd: step.cwd, env: step.env, become }) }
        break
      case 'write':
        await conn.writeFile(step.path, step.data, { mode: step.mode, owner: step.owner, group: step.group, become })
        result = { ran: true }
        break
      case 'file':
        await conn.fileOp(step.change, { become })
        result = { ran: true }
        break
    }
    results.push(result)
    stats.push(step.op === 'stat' ? result.stat : undefined)
  }
  return results
}

/** The connection's own batch, or the step-by-step one. */
export function batchOn(conn: Connection, steps: readonly HostStep[], options: BatchOptions = {}): Promise<StepResult[]> {
  return conn.batch ? conn.batch(steps, options) : runSteps(conn, steps, options)
}
