/**
 * Ansible's `_escape_backslashes`: inside `{{ }}` expressions of a YAML string, string
 * literals get their backslashes doubled before Jinja2 reads them, so that a YAML value
 * like `regex_replace('\\.', '-')` means what its author wrote. Template files are not
 * treated this way.
 */
export function escapeBackslashes(data: string, varStart = '{{', varEnd = '}}'): string {
  if (!data.includes('\\') || !data.includes(varStart)) return data
  let out = ''
  let i = 0
  while (i < data.length) {
    const start = data.indexOf(varStart, i)
    if (start < 0) {
      out += data.slice(i)
      break
    }
    out += data.slice(i, start + varStart.length)
    i = start + varStart.length
    // Inside an expression: copy up to the closing delimiter, doubling backslashes in strings.
    while (i < data.length && !data.startsWith(varEnd, i)) {
      const c = data[i]
      if (c === "'" || c === '"') {
        let j = i + 1
        let lit = c
        while (j < data.length && data[j] !== c) {
          if (data[j] === '\\' && j + 1 < data.length) {
            lit += '\\\\' + (data[j + 1] === '\\' ? '\\\\' : data[j + 1])
            j += 2
            continue
          }
          lit += data[j]
          j++
        }
        out += lit + (j < data.length ? c : '')
        i = j + 1
        continue
      }
      out += c
      i++
    }
    if (i < data.length) {
      out += varEnd
      i += varEnd.length
    }
  }
  return out
}
