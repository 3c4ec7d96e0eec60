/**
 * Python's `csv.reader` with the excel dialect (and a chosen delimiter), as the `csvfile`
 * lookup reads a file: the line-by-line state machine of CPython's _csv.c (quoted fields,
 * doubled quotes, text after a closing quote kept, newlines inside quotes, CR/LF endings).
 * Lines come as a codecs reader gives them (split after `\n`, `\r\n`, `\r` and the other
 * Unicode line breaks, ends kept).
 */

enum State {
  StartRecord,
  StartField,
  InField,
  InQuotedField,
  QuoteInQuotedField,
  EatCrnl,
}

class CsvError extends Error {
  readonly pyClass = 'Error'
}

/** Every row of `text`, each a list of fields. */
export function csvRows(text: string, delimiter: string): string[][] {
  if ([...delimiter].length !== 1) throw new TypeError('"delimiter" must be a 1-character string')
  const quote = '"'
  const rows: string[][] = []
  let fields: string[] = []
  let field = ''
  let state = State.StartRecord
  const saveField = () => {
    fields.push(field)
    field = ''
  }
  for (const line of splitLines(text)) {
    for (const c of line) {
      if (state === State.StartRecord) {
        if (c === '\n' || c === '\r') {
          state = State.EatCrnl
          continue
        }
        state = State.StartField
      }
      switch (state) {
        case State.StartField:
          if (c === '\n' || c === '\r') {
            saveField()
            state = State.EatCrnl
          } else if (c === quote) state = State.InQuotedField
          else if (c === delimiter) saveField()
          else {
            field += c
            state = State.InField
          }
          break
        case State.InField:
          if (c === '\n' || c === '\r') {
            saveField()
            state = State.EatCrnl
          } else if (c === delimiter) {
            saveField()
            state = State.StartField
          } else field += c
          break
        case State.InQuotedField:
          if (c === quote) state = State.QuoteInQuotedField
          else field += c
          break
        case State.QuoteInQuotedField:
          if (c === quote) {
            field += c
            state = State.InQuotedField
          } else if (c === delimiter) {
            saveField()
            state = State.StartField
          } else if (c === '\n' || c === '\r') {
            saveField()
            state = State.EatCrnl
          } else {
            // Not strict: the text after the closing quote joins the field.
            field += c
            state = State.InField
          }
          break
        case State.EatCrnl:
          if (c !== '\n' && c !== '\r') throw new CsvError('new-line character seen in unquoted field - do you need to open the file in universal-newline mode?')
          break
      }
    }
    // End of a line: a record ends unless a quoted field goes on.
    if (state === State.InQuotedField) continue
    if (state !== State.StartRecord) {
      if (state !== State.EatCrnl) saveField()
      rows.push(fields)
    }
    fields = []
    field = ''
    state = State.StartRecord
  }
  if (state === State.InQuotedField) throw new CsvError('unexpected end of data')
  return rows
}

/** str.splitlines(keepends=True), as a codecs StreamReader iterates lines. */
function splitLines(text: string): string[] {
  return text.split(/(?<=\r\n|\r(?!\n)|[\n\v\f\u001c\u001d\u001e\u0085\u2028\u2029])/).filter((l) => l !== '')
}
