/**
 * Jinja2 3.1's `urlize` filter (jinja2.utils.urlize with the default policies: rel="noopener", no target, no extra
 * schemes), HTML-escaping its input as markupsafe does.
 */
import { bindArgs, PluginError, type FilterFn } from '../../plugin-api/types.js'
import { pyRepr, pyStr, pyTruthy, toNumber } from '../../py/values.js'
import { defined } from '../runtime/strict.js'
import { htmlEscape } from '../runtime/html-escape.js'

/** Python's `\w` (str patterns): letters, digits and the underscore, in any script. */
const WC = '\\p{L}\\p{N}_'
const HTTP_RE = new RegExp(
  '^(' +
    `(https?://|www\\.)(([${WC}%-]+\\.)+)?([a-z]{2,63}|xn--[${WC}%]{2,59})` +
    `|([${WC}%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)` +
    '|(https?://)((([\\d]{1,3})(\\.[\\d]{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}\\]))' +
    ')(?::[\\d]{1,5})?(?:[/?#]\\S*)?$',
  'iu',
)
const EMAIL_RE = new RegExp(`^\\S+@[${WC}][${WC}.-]*\\.[${WC}]+$`, 'u')
const SCHEME_RE = /^([\p{L}\p{N}_.+-]{2,}:(\/){0,2})$/u


function count(s: string, sub: string): number {
  return s.split(sub).length - 1
}

/** jinja2.utils.urlize */
function urlize(text: string, trimUrlLimit: number | null, rel: string | null, target: string | null, extraSchemes: string[] | null): string {
  const trim = (x: string) => (trimUrlLimit !== null && Array.from(x).length > trimUrlLimit ? `${Array.from(x).slice(0, trimUrlLimit).join('')}...` : x)
  const words = htmlEscape(text).split(/(\s+)/u)
  const relAttr = rel ? ` rel="${htmlEscape(rel)}"` : ''
  const targetAttr = target ? ` target="${htmlEscape(target)}"` : ''
  return words
    .map((word) => {
      let head = ''
      let middle = word
      let tail = ''
      const lead = /^([(<]|&lt;)+/.exec(middle)
      if (lead) {
        head = lead[0]
        middle = middle.slice(lead[0].length)
      }
      if ([')', '>', '.', ',', '\n', '&gt;'].some((e) => middle.endsWith(e))) {
        const trail = /([)>.,\n]|&gt;)+$/.exec(middle)
        if (trail) {
          tail = trail[0]
          middle = middle.slice(0, trail.index)
        }
      }
      for (const [open, close] of [['(', ')'], ['<', '>'], ['&lt;', '&gt;']]) {
        const starts = count(middle, open)
        if (starts <= count(middle, close)) continue
        for (let n = Math.min(starts, count(tail, close)); n > 0; n--) {
          const end = tail.indexOf(close) + close.length
          middle += tail.slice(0, end)
          tail = tail.slice(end)
        }
      }
      if (HTTP_RE.test(middle)) {
        const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`
        middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`
      } else if (middle.startsWith('mailto:') && EMAIL_RE.test(middle.slice(7))) {
        middle = `<a href="${middle}">${middle.slice(7)}</a>`
      } else if (middle.includes('@') && !middle.startsWith('www.') && !middle.includes(':') && EMAIL_RE.test(middle)) {
        middle = `<a href="mailto:${middle}">${middle}</a>`
      } else if (extraSchemes !== null) {
        for (const scheme of extraSchemes) {
          if (middle !== scheme && middle.startsWith(scheme)) middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`
        }
      }
      return `${head}${middle}${tail}`
    })
    .join('')
}

const urlizeFilter: FilterFn = (value, args, kwargs) => {
  const a = bindArgs('do_urlize', args, kwargs, ['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'], {
    trim_url_limit: null,
    nofollow: false,
    target: null,
    rel: null,
    extra_schemes: null,
  })
  const relParts = new Set(pyStr(a.rel ?? '').split(/\s+/).filter(Boolean))
  if (pyTruthy(a.nofollow)) relParts.add('nofollow')
  relParts.add('noopener')
  const rel = [...relParts].sort().join(' ') || null
  const schemes = a.extra_schemes === null ? [] : (a.extra_schemes as unknown[]).map((s) => pyStr(s))
  for (const s of schemes) {
    if (!SCHEME_RE.test(s)) throw new PluginError(`${pyRepr(s)} is not a valid URI scheme prefix.`)
  }
  return urlize(pyStr(defined(value)), a.trim_url_limit === null ? null : toNumber(a.trim_url_limit), rel, a.target === null ? null : pyStr(a.target), schemes)
}

export const jinjaUrlizeFilters: Record<string, FilterFn> = { urlize: urlizeFilter }
