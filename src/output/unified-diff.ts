/**
 * Python difflib's `unified_diff`, line for line: Ansible renders `--diff` with it, so
 * hunk boundaries and headers must come from the same matching algorithm
 * (SequenceMatcher: longest matching block first, recursively on both sides, with the
 * "autojunk" rule that ignores lines occurring in more than 1% of a 200+ line text).
 */

export interface UnifiedDiffOptions {
  fromFile?: string
  toFile?: string
  fromFileDate?: string
  toFileDate?: string
  /** Lines of context around each change (difflib's `n`, Ansible's DIFF_CONTEXT). */
  context?: number
  lineTerm?: string
}

type Tag = 'equal' | 'replace' | 'delete' | 'insert'
type Opcode = [Tag, number, number, number, number]
type Block = [number, number, number]

/** The diff's lines; each carries its own line ending, as difflib yields them. */
export function unifiedDiff(a: readonly string[], b: readonly string[], options: UnifiedDiffOptions = {}): string[] {
  const n = options.context ?? 3
  const term = options.lineTerm ?? '\n'
  const out: string[] = []
  for (const group of groupedOpcodes(new Matcher(a, b).opcodes(), n)) {
    if (out.length === 0) {
      const fromDate = options.fromFileDate ? `\t${options.fromFileDate}` : ''
      const toDate = options.toFileDate ? `\t${options.toFileDate}` : ''
      out.push(`--- ${options.fromFile ?? ''}${fromDate}${term}`)
      out.push(`+++ ${options.toFile ?? ''}${toDate}${term}`)
    }
    const first = group[0]!
    const last = group[group.length - 1]!
    out.push(`@@ -${formatRange(first[1], last[2])} +${formatRange(first[3], last[4])} @@${term}`)
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of a.slice(i1, i2)) out.push(' ' + line)
        continue
      }
      if (tag !== 'insert') for (const line of a.slice(i1, i2)) out.push('-' + line)
      if (tag !== 'delete') for (const line of b.slice(j1, j2)) out.push('+' + line)
    }
  }
  return out
}

/** `start,length` with difflib's conventions: a bare line number for one line, `N,0` for none. */
function formatRange(start: number, stop: number): string {
  let beginning = start + 1
  const length = stop - start
  if (length === 1) return `${beginning}`
  if (length === 0) beginning -= 1
  return `${beginning},${length}`
}

class Matcher {
  private readonly b2j = new Map<string, number[]>()

  constructor(
    private readonly a: readonly string[],
    private readonly b: readonly string[],
  ) {
    b.forEach((line, j) => {
      const list = this.b2j.get(line)
      if (list) list.push(j)
      else this.b2j.set(line, [j])
    })
    // autojunk: in a long text, lines that are too common do not anchor matches.
    if (b.length >= 200) {
      const ntest = Math.floor(b.length / 100) + 1
      for (const [line, idx] of this.b2j) if (idx.length > ntest) this.b2j.delete(line)
    }
  }

  private longestMatch(alo: number, ahi: number, blo: number, bhi: number): Block {
    const { a, b } = this
    let besti = alo
    let bestj = blo
    let bestsize = 0
    let j2len = new Map<number, number>()
    for (let i = alo; i < ahi; i++) {
      const next = new Map<number, number>()
      for (const j of this.b2j.get(a[i]!) ?? []) {
        if (j < blo) continue
        if (j >= bhi) break
        const k = (j2len.get(j - 1) ?? 0) + 1
        next.set(j, k)
        if (k > bestsize) {
          besti = i - k + 1
          bestj = j - k + 1
          bestsize = k
        }
      }
      j2len = next
    }
    // Popular lines were left out of b2j but are not junk: extend the match over them.
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--
      bestj--
      bestsize++
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++
    return [besti, bestj, bestsize]
  }

  private matchingBlocks(): Block[] {
    const la = this.a.length
    const lb = this.b.length
    const queue: [number, number, number, number][] = [[0, la, 0, lb]]
    const blocks: Block[] = []
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop()!
      const x = this.longestMatch(alo, ahi, blo, bhi)
      const [i, j, k] = x
      if (k) {
        blocks.push(x)
        if (alo < i && blo < j) queue.push([alo, i, blo, j])
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi])
      }
    }
    blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2])
    const merged: Block[] = []
    let [i1, j1, k1] = [0, 0, 0]
    for (const [i2, j2, k2] of blocks) {
      if (i1 + k1 === i2 && j1 + k1 === j2) k1 += k2
      else {
        if (k1) merged.push([i1, j1, k1])
        ;[i1, j1, k1] = [i2, j2, k2]
      }
    }
    if (k1) merged.push([i1, j1, k1])
    merged.push([la, lb, 0])
    return merged
  }

  opcodes(): Opcode[] {
    let i = 0
    let j = 0
    const out: Opcode[] = []
    for (const [ai, bj, size] of this.matchingBlocks()) {
      const tag: Tag | '' = i < ai && j < bj ? 'replace' : i < ai ? 'delete' : j < bj ? 'insert' : ''
      if (tag) out.push([tag, i, ai, j, bj])
      i = ai + size
      j = bj + size
      if (size) out.push(['equal', ai, i, bj, j])
    }
    return out
  }
}

/** difflib's get_grouped_opcodes: changes with `n` lines of context, split where context runs long. */
function groupedOpcodes(opcodes: Opcode[], n: number): Opcode[][] {
  const codes = opcodes.length ? opcodes.map((c) => [...c] as Opcode) : [['equal', 0, 1, 0, 1] as Opcode]
  const first = codes[0]!
  if (first[0] === 'equal') codes[0] = ['equal', Math.max(first[1], first[2] - n), first[2], Math.max(first[3], first[4] - n), first[4]]
  const last = codes[codes.length - 1]!
  if (last[0] === 'equal') {
    codes[codes.length - 1] = ['equal', last[1], Math.min(last[2], last[1] + n), last[3], Math.min(last[4], last[3] + n)]
  }
  const groups: Opcode[][] = []
  let group: Opcode[] = []
  for (const code of codes) {
    let [tag, i1, i2, j1, j2] = code
    if (tag === 'equal' && i2 - i1 > 2 * n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)])
      groups.push(group)
      group = []
      i1 = Math.max(i1, i2 - n)
      j1 = Math.max(j1, j2 - n)
    }
    group.push([tag, i1, i2, j1, j2])
  }
  if (group.length && !(group.length === 1 && group[0]![0] === 'equal')) groups.push(group)
  return groups
}
