/** Jinja2's string filters (case, whitespace, replace, indent, wrap, escape, urlencode). */
import { bindArgs, type FilterFn } from '../../plugin-api/types.js'
import { isDict, pyStr, pyTruthy, toNumber } from '../../py/values.js'
import { pyStripChars } from '../../py/str.js'
import { urlQuote } from '../../py/urllib.js'
import { defined } from '../runtime/strict.js'

const str = (v: unknown) => pyStr(defined(v))

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;')
}

export const jinjaStringFilters: Record<string, FilterFn> = {
  lower: (v) => str(v).toLowerCase(),
  upper: (v) => str(v).toUpperCase(),
  capitalize: (v) => {
    const s = str(v)
    return s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s
  },
  title: (v) => str(v).replace(/([\w']+)/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  trim: (v, args, kwargs) => {
    const { chars } = bindArgs('trim', args, kwargs, ['chars'], { chars: null })
    return pyStripChars(str(v), chars === null ? null : pyStr(chars), true, true)
  },
  replace: (v, args, kwargs) => {
    const { old, new: repl, count } = bindArgs('replace', args, kwargs, ['old', 'new', 'count'], { count: null })
    const parts = str(v).split(pyStr(old))
    if (count === null) return parts.join(pyStr(repl))
    const n = toNumber(count)
    return parts.slice(0, n + 1).join(pyStr(repl)) + (parts.length > n + 1 ? pyStr(old) + parts.slice(n + 1).join(pyStr(old)) : '')
  },
  indent: (v, args, kwargs) => {
    const { width, first, blank } = bindArgs('indent', args, kwargs, ['width', 'first', 'blank'], { width: 4, first: false, blank: false })
    const pad = typeof width === 'string' ? width : ' '.repeat(toNumber(width))
    const lines = str(v).split('\n')
    return lines
      .map((l, i) => ((i === 0 && !pyTruthy(first)) || (!pyTruthy(blank) && l.trim() === '') ? l : pad + l))
      .join('\n')
  },
  center: (v, args, kwargs) => {
    const { width } = bindArgs('center', args, kwargs, ['width'], { width: 80 })
    const s = str(v)
    const gap = Math.max(0, toNumber(width) - s.length)
    const left = Math.floor(gap / 2) + (gap % 2 && s.length % 2 ? 1 : 0)
    return ' '.repeat(left) + s + ' '.repeat(gap - left)
  },
  wordcount: (v) => (str(v).match(/\w+/g) ?? []).length,
  truncate: (v, args, kwargs) => {
    const { length, killwords, end, leeway } = bindArgs('truncate', args, kwargs, ['length', 'killwords', 'end', 'leeway'], {
      length: 255,
      killwords: false,
      end: '...',
      leeway: 5,
    })
    const s = str(v)
    const n = toNumber(length)
    if (s.length <= n + toNumber(leeway)) return s
    if (pyTruthy(killwords)) return s.slice(0, n - pyStr(end).length) + pyStr(end)
    const cut = s.slice(0, n - pyStr(end).length)
    const i = cut.lastIndexOf(' ')
    return (i >= 0 ? cut.slice(0, i) : cut) + pyStr(end)
  },
  wordwrap: (v, args, kwargs) => {
    const { width, break_long_words, wrapstring } = bindArgs('wordwrap', args, kwargs, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'], {
      width: 79,
      break_long_words: true,
      wrapstring: '\n',
    })
    const w = toNumber(width)
    const out: string[] = []
    for (const para of str(v).split('\n')) {
      let line = ''
      for (const word of para.split(/\s+/).filter(Boolean)) {
        let wd = word
        while (pyTruthy(break_long_words) && wd.length > w) {
          if (line) out.push(line)
          out.push(wd.slice(0, w))
          wd = wd.slice(w)
          line = ''
        }
        if (!line) line = wd
        else if (line.length + 1 + wd.length <= w) line += ` ${wd}`
        else {
          out.push(line)
          line = wd
        }
      }
      out.push(line)
    }
    return out.join(pyStr(wrapstring))
  },
  striptags: (v) => str(v).replace(/<!--.*?-->|<[^>]*>/gs, '').replace(/\s+/g, ' ').trim(),
  e: (v) => escapeHtml(str(v)),
  escape: (v) => escapeHtml(str(v)),
  forceescape: (v) => escapeHtml(str(v)),
  safe: (v) => v,
  urlencode: (v) => {
    const x = defined(v)
    if (isDict(x)) return Object.entries(x).map(([k, val]) => `${urlQuote(k, '')}=${urlQuote(pyStr(val), '')}`).join('&')
    if (Array.isArray(x)) return x.map((p) => `${urlQuote(pyStr((p as unknown[])[0]), '')}=${urlQuote(pyStr((p as unknown[])[1]), '')}`).join('&')
    return urlQuote(pyStr(x), '/')
  },
  xmlattr: (v, args, kwargs) => {
    const { autospace } = bindArgs('xmlattr', args, kwargs, ['autospace'], { autospace: true })
    const parts = Object.entries(defined(v) as Record<string, unknown>)
      .filter(([, val]) => val !== null && val !== undefined)
      .map(([k, val]) => `${k}="${escapeHtml(pyStr(val))}"`)
    const s = parts.join(' ')
    return pyTruthy(autospace) && s ? ` ${s}` : s
  },
}
