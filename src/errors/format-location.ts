import { readFileSync } from 'node:fs'
import type { SourceLocation } from './tsible-error.js'

/**
 * Ansible's position block, appended to errors about playbook content
 * (AnsibleError._get_extended_error): the file, line and column, the offending line with
 * the one before it and a caret, and the hints Ansible adds for common YAML mistakes.
 * A `k=v` pair on the line before moves the position there (YAML and shorthand mixed).
 */
export function formatLocation(loc: SourceLocation): string {
  const position = (line: number, column: number) =>
    `\n\nThe error appears to be in '${loc.file}': line ${line}, column ${column}, but may\n` + 'be elsewhere in the file depending on the exact syntax problem.\n'
  let out = position(loc.line, loc.column)
  let lines: string[]
  try {
    lines = readFileSync(loc.file, 'utf8').split(/(?<=\n)/)
  } catch {
    return `${out}\n(could not open file to display line)`
  }
  if (!lines.length) return out
  let idx = Math.min(loc.line - 1, lines.length - 1)
  let target = lines[idx]!
  while (!target.trim() && idx > 0) target = lines[--idx]!
  if (!target) return out
  const prev = idx > 0 ? lines[idx - 1]! : ''
  if (/[\p{L}\p{N}_]+(\s+)?=(\s+)?[\p{L}\p{N}_/-]+/u.test(prev)) {
    const pos = prev.trimEnd().indexOf('=')
    out = position(loc.line - 1, pos + 1)
    out += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${' '.repeat(pos)}^ here\n\n${SHORTHAND}`
  } else {
    out += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${target.trimEnd()}\n${' '.repeat(Math.max(0, loc.column - 1))}^ here\n`
  }
  return out + hints(target, loc.column)
}

/** The remedies Ansible suggests from the look of the offending line. */
function hints(target: string, column: number): string {
  let out = target.includes('\t') ? LEADING_TAB : ''
  const stripped = target.replace(/ /g, '')
  if (target.includes('{{') && target.includes('}}') && (!target.includes('"{{') || !target.includes("'{{"))) return out + UNQUOTED_VARIABLE
  if (stripped.includes(':{{') && stripped.includes('}}')) return out + DICT
  if (target.length > 1 && target.length > column && target[column] === ':' && target.split(':').length - 1 > 1) return out + UNQUOTED_COLON
  const parts = target.split(':')
  if (parts.length > 1) {
    const middle = parts[1]!.trim()
    const match = (middle.startsWith("'") && !middle.endsWith("'")) || (middle.startsWith('"') && !middle.endsWith('"'))
    const count = (c: string) => target.split(c).length - 1
    const unbalanced = (middle.length > 0 && ['"', "'"].includes(middle[0]!) && ['"', "'"].includes(middle[middle.length - 1]!) && count("'") > 2) || count('"') > 2
    if (match) out += PARTIALLY_QUOTED
    if (unbalanced) out += UNBALANCED_QUOTES
  }
  return out
}

const SHORTHAND = "There appears to be both 'k=v' shorthand syntax and YAML in this task. Only one syntax may be used.\n"

const UNQUOTED_VARIABLE = `We could be wrong, but this one looks like it might be an issue with
missing quotes. Always quote template expression brackets when they
start a value. For instance:

    with_items:
      - {{ foo }}

Should be written as:

    with_items:
      - "{{ foo }}"
`

const DICT = `This one looks easy to fix. YAML thought it was looking for the start of a
hash/dictionary and was confused to see a second "{". Most likely this was
meant to be an ansible template evaluation instead, so we have to give the
parser a small hint that we wanted a string instead. The solution here is to
just quote the entire value.

For instance, if the original line was:

    app_path: {{ base_path }}/foo

It should be written as:

    app_path: "{{ base_path }}/foo"
`

const UNQUOTED_COLON = `This one looks easy to fix. There seems to be an extra unquoted colon in the line
and this is confusing the parser. It was only expecting to find one free
colon. The solution is just add some quotes around the colon, or quote the
entire line after the first colon.

For instance, if the original line was:

    copy: src=file.txt dest=/path/filename:with_colon.txt

It can be written as:

    copy: src=file.txt dest='/path/filename:with_colon.txt'

Or:

    copy: 'src=file.txt dest=/path/filename:with_colon.txt'
`

const PARTIALLY_QUOTED = `This one looks easy to fix. It seems that there is a value started
with a quote, and the YAML parser is expecting to see the line ended
with the same kind of quote. For instance:

    when: "ok" in result.stdout

Could be written as:

   when: '"ok" in result.stdout'

Or equivalently:

   when: "'ok' in result.stdout"
`

const UNBALANCED_QUOTES = `We could be wrong, but this one looks like it might be an issue with
unbalanced quotes. If starting a value with a quote, make sure the
line ends with the same set of quotes. For instance this arbitrary
example:

    foo: "bad" "wolf"

Could be written as:

    foo: '"bad" "wolf"'
`

const LEADING_TAB = `There appears to be a tab character at the start of the line.

YAML does not use tabs for formatting. Tabs should be replaced with spaces.

For example:
    - name: update tooling
      vars:
        version: 1.2.3
#    ^--- there is a tab there.

Should be written as:
    - name: update tooling
      vars:
        version: 1.2.3
# ^--- all spaces here.
`
