/**
 * Long diffs in a report are folded: the first lines are shown, then a note says how
 * many were left out and where the whole diff is (the JSON report keeps every line).
 */

/** Lines of one diff a markdown report shows before folding the rest. */
const FOLD_AFTER_LINES = 120

export function foldDiff(diff: string, maxLines = FOLD_AFTER_LINES): { text: string; note: string | null } {
  const lines = diff.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  if (lines.length <= maxLines) return { text: diff, note: null }
  const hidden = lines.length - maxLines
  return {
    text: lines.slice(0, maxLines).join('\n') + '\n',
    note: `${hidden} more line${hidden === 1 ? '' : 's'} of this diff folded (${lines.length} in all); a report written to a .json file has the whole diff.`,
  }
}
