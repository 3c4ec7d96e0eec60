/**
 * `Connection.batch` over SSH: the steps become one shell script, sent as one request
 * to the persistent shell, so a module that needs the host once costs one round trip.
 * Each step runs the same script as its method (ssh-file-scripts.ts) and is followed by
 * a frame line on stdout and stderr carrying a random marker: `<M> <step> <run|skip|dry>
 * <rc>`. Conditions are decided on the host from shell variables that each stat step
 * sets (exists, raw mode, uid, gid, owner, group, checksum). The files of write steps
 * follow one another on the request's input; a skipped write drains its bytes. The first
 * step that fails ends the script; the controller turns its frame into the error its
 * method would have thrown.
 */
import { randomBytes } from 'node:crypto'
import { conditionHolds, validateSteps } from './batch.js'
import type { ChannelResult } from './ssh-channel.js'
import { RemoteOperationError } from './ssh-errors.js'
import { commandScript, fileOpScript, inlineText, NOT_FOUND, parseReadDir, parseStat, readDirScript, readFileScript, statScript, writeFileScript } from './ssh-file-scripts.js'
import { isChangeStep, shellQuote, type ExecResult, type FileStat, type HostStep, type StatMatch, type StepCondition, type StepResult } from './types.js'

export interface CompiledBatch {
  script: string
  /** The write steps' bytes, one after the other. */
  input: Buffer
  marker: string
}

/** The `S_IFMT` bits of each type, as `stat -c %f` reports them (decimal). */
const TYPE_BITS: Record<FileStat['type'], number> = {
  socket: 0o140000,
  link: 0o120000,
  file: 0o100000,
  block: 0o060000,
  directory: 0o040000,
  char: 0o020000,
  fifo: 0o010000,
  other: -1,
}

function idTest(nameVar: string, idVar: string, wanted: string | number): string {
  if (typeof wanted === 'number') return `[ "$${idVar}" = ${wanted} ]`
  return `{ [ "$${nameVar}" = ${shellQuote(wanted)} ] || [ "$${idVar}" = ${shellQuote(wanted)} ]; }`
}

function matchTest(m: StatMatch): string {
  const i = m.step
  const tests = [`[ "$e${i}" = 1 ]`]
  if (m.type !== undefined) tests.push(`[ $((0x$m${i} & 61440)) -eq ${TYPE_BITS[m.type]} ]`)
  if (m.checksum !== undefined) tests.push(`[ "$c${i}" = ${shellQuote(m.checksum)} ]`)
  if (m.mode !== undefined) tests.push(`[ $((0x$m${i} & 4095)) -eq ${m.mode & 0o7777} ]`)
  if (m.owner !== undefined) tests.push(idTest(`U${i}`, `u${i}`, m.owner))
  if (m.group !== undefined) tests.push(idTest(`G${i}`, `g${i}`, m.group))
  if (m.linkTarget !== undefined) tests.push(`[ "$k${i}" = ${shellQuote(m.linkTarget)} ]`)
  return `{ ${tests.join(' && ')}; }`
}

/** A condition as a shell command list that succeeds when it holds. */
function conditionScript(cond: StepCondition): string {
  if ('absent' in cond) return `[ "$e${cond.absent}" = 0 ]`
  if ('ran' in cond) return `[ "$x${cond.ran}" = 1 ]`
  if ('not' in cond) return `! { ${conditionScript(cond.not)}; }`
  if ('all' in cond) return cond.all.length ? `{ ${cond.all.map(conditionScript).join(' && ')}; }` : 'true'
  if ('any' in cond) return cond.any.length ? `{ ${cond.any.map(conditionScript).join(' || ')}; }` : 'false'
  return matchTest(cond)
}

/** Sets e<i> and, when it exists, m<i> u<i> g<i> U<i> G<i> c<i> k<i> from stat step i's output $o. */
function statVars(i: number): string {
  return [
    `e${i}=1; l=\${o%%"$NL"*}; set -f; set -- $l; set +f; m${i}=$1; u${i}=$2; g${i}=$3; U${i}=\${11}; shift 11; G${i}="$*"`,
    // `C <sha1>  -` (sha1sum's line for its stdin).
    `case $o in *"\${NL}C "*) c${i}=\${o#*"\${NL}C "}; c${i}=\${c${i}%%[!0-9a-f]*} ;; *) c${i}= ;; esac`,
    // The link target is the output's last part (it may hold anything but a NUL).
    `case $o in *"\${NL}L "*) k${i}=\${o#*"\${NL}L "} ;; *) k${i}= ;; esac`,
  ].join('\n')
}

/** What a write step sends on the batch's input: nothing when its text goes inside the script. */
function dataOf(step: HostStep): { input: Buffer; text?: string } {
  if (step.op !== 'write') return { input: Buffer.alloc(0) }
  const bytes = Buffer.from(step.data)
  const text = inlineText(bytes)
  return text === undefined ? { input: bytes } : { input: Buffer.alloc(0), text }
}

export function compileBatch(steps: readonly HostStep[], dryRun: boolean): CompiledBatch {
  validateSteps(steps)
  const marker = `TSB${randomBytes(12).toString('hex')}`
  const lines = [`M=${marker}`, "NL='\n'", `fr() { printf '\\n%s %d %s %d\\n' "$M" "$1" "$2" "$3"; printf '\\n%s %d\\n' "$M" "$1" >&2; }`]
  const inputs: Buffer[] = []
  steps.forEach((step, i) => {
    const { input: data, text } = dataOf(step)
    inputs.push(data)
    const drain = data.length > 0 ? `head -c ${data.length} >/dev/null; ` : ''
    let body: string
    if (dryRun && isChangeStep(step)) body = `${drain}fr ${i} dry 0`
    else {
      switch (step.op) {
        case 'stat':
          body = [
            `o=$(${statScript(step.path, step.follow ?? false, step.checksum ?? false)}\n); r=$?`,
            `if [ $r -eq 0 ]; then printf '%s' "$o"; ${statVars(i)}`,
            `elif [ $r -eq ${NOT_FOUND} ]; then e${i}=0; else printf '%s' "$o"; fr ${i} run $r; exit 0; fi`,
            `fr ${i} run $r`,
          ].join('\n')
          break
        case 'read':
        case 'readDir':
          body = `(${step.op === 'read' ? readFileScript(step.path) : readDirScript(step.path)}\n); r=$?; fr ${i} run $r; [ $r -eq 0 ] || [ $r -eq ${NOT_FOUND} ] || exit 0`
          break
        case 'exec':
          // A process of its own: the command sees none of the batch's shell variables.
          body = `/bin/sh -c ${shellQuote(commandScript(step.command, { cwd: step.cwd, env: step.env }))} </dev/null; fr ${i} run $?`
          break
        case 'write':
          body = `(${writeFileScript(step.path, text !== undefined ? { text } : { size: data.length }, { mode: step.mode, owner: step.owner, group: step.group })}\n); r=$?; fr ${i} run $r; [ $r -eq 0 ] || exit 0`
          break
        case 'file':
          body = `(${fileOpScript(step.change)}\n); r=$?; fr ${i} run $r; [ $r -eq 0 ] || exit 0`
          break
      }
    }
    // x<i>: the step ran (or, in a dry run, would have), for `ran` conditions.
    lines.push(step.when ? `if ${conditionScript(step.when)}; then x${i}=1\n${body}\nelse ${drain}fr ${i} skip 0; fi` : `x${i}=1\n${body}`)
  })
  lines.push('exit 0')
  return { script: lines.join('\n'), input: Buffer.concat(inputs), marker }
}

interface Frame {
  state: 'run' | 'skip' | 'dry'
  rc: number
  out: Buffer
  err: string
}

/** Cuts the output into the steps' frames. */
function frames(res: ChannelResult, marker: string): Frame[] {
  const out: Frame[] = []
  const sep = Buffer.from(`\n${marker} `)
  let pos = 0
  for (;;) {
    const at = res.stdout.indexOf(sep, pos)
    if (at < 0) break
    const eol = res.stdout.indexOf(0x0a, at + sep.length)
    const [, state, rc] = res.stdout.subarray(at + sep.length, eol).toString('latin1').split(' ')
    out.push({ state: state as Frame['state'], rc: Number(rc), out: res.stdout.subarray(pos, at), err: '' })
    pos = eol + 1
  }
  const errs = res.stderr.toString('utf8').split(new RegExp(`\\n${marker} \\d+\\n`))
  out.forEach((f, i) => (f.err = errs[i] ?? ''))
  return out
}

const OPERATION: Record<HostStep['op'], string> = { stat: 'stat', read: 'read', readDir: 'readdir', exec: 'exec', write: 'write', file: 'file' }

function pathOf(step: HostStep): string {
  if (step.op === 'exec') return step.command
  if (step.op === 'file') return step.change.op === 'rename' ? step.change.from : step.change.path
  return step.path
}

/** The steps' results from the script's output; the failed step's error is thrown. */
export function parseBatch(steps: readonly HostStep[], compiled: CompiledBatch, res: ChannelResult, exitCode: number): StepResult[] {
  const found = frames(res, compiled.marker)
  const results: StepResult[] = []
  const stats: Array<FileStat | null | undefined> = []
  const ran: boolean[] = []
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]
    const f = found[i]
    if (!f) throw new RemoteOperationError(OPERATION[step.op], pathOf(step), exitCode === 0 ? 1 : exitCode, `${res.stderr.toString('utf8')}batch ended before step ${i}`)
    const fail = (): never => {
      const op = step.op === 'file' ? step.change.op : OPERATION[step.op]
      throw new RemoteOperationError(op, pathOf(step), f.rc, f.rc === NOT_FOUND ? 'No such file or directory' : f.err)
    }
    let result: StepResult
    if (f.state === 'skip') result = { ran: false }
    else if (f.state === 'dry') result = { ran: false, wouldRun: true }
    else if (step.op === 'exec') {
      const exec: ExecResult = { rc: f.rc, stdout: f.out.toString('utf8'), stderr: f.err }
      result = { ran: true, exec }
    } else if (f.rc === NOT_FOUND && step.op !== 'write' && step.op !== 'file') {
      result = step.op === 'stat' ? { ran: true, stat: null } : step.op === 'read' ? { ran: true, data: null } : { ran: true, entries: null }
    } else if (f.rc !== 0) return fail()
    else if (step.op === 'stat') result = { ran: true, stat: parseStat(step.path, f.out.toString('utf8')) }
    else if (step.op === 'read') result = { ran: true, data: Buffer.from(f.out) }
    else if (step.op === 'readDir') result = { ran: true, entries: parseReadDir(f.out) }
    else result = { ran: true }
    // What the host decided must be what the same stats decide here.
    if (step.when && (f.state !== 'skip') !== conditionHolds(step.when, { stats, ran })) {
      throw new RemoteOperationError(OPERATION[step.op], pathOf(step), 1, `step ${i}: the host and the controller disagree on its condition`)
    }
    results.push(result)
    stats.push(step.op === 'stat' ? result.stat : undefined)
    ran.push(f.state !== 'skip')
  }
  return results
}
