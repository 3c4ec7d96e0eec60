/**
 * Python's shlex.split (POSIX mode): how command splits its free-form text. With
 * `comments`, a `#` outside quotes ends the line (and the word it is in), as in
 * shlex.split(s, comments=True), which Ansible's INI inventory uses.
 */
export function shlexSplit(s: string, options: { comments?: boolean } = {}): string[] {
  const out: string[] = []
  let cur = ''
  let inWord = false
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]
    if (ch === "'") {
      const end = s.indexOf("'", i + 1)
      if (end < 0) throw new Error('No closing quotation')
      cur += s.slice(i + 1, end)
      i = end
      inWord = true
    } else if (ch === '"') {
      i++
      for (; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === '\\' && i + 1 < s.length && '\\"$`\n'.includes(s[i + 1])) i++
        cur += s[i]
      }
      if (i >= s.length) throw new Error('No closing quotation')
      inWord = true
    } else if (options.comments && ch === '#') {
      break
    } else if (ch === '\\') {
      if (i + 1 < s.length) cur += s[++i]
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur)
      cur = ''
      inWord = false
    } else {
      cur += ch
      inWord = true
    }
  }
  if (inWord) out.push(cur)
  return out
}

/** Python's shlex.quote: a word safe in a POSIX shell, quoted only when it must be. */
export function shlexQuote(s: string): string {
  if (s === '') return "''"
  if (!/[^\w@%+=:,./-]/.test(s)) return s
  return `'${s.replace(/'/g, `'"'"'`)}'`
}
