/** Python's posixpath functions as Ansible's path filters call them. */
import { globToRegExp } from './fnmatch.js'
import { realpathSync, lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { PyTypeError } from './errors.js'
import { pyTypeName } from './values.js'

export function pathStr(v: unknown): string {
  if (typeof v !== 'string') throw new PyTypeError(`expected str, bytes or os.PathLike object, not ${pyTypeName(v)}`)
  return v
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/') + 1
  let head = p.slice(0, i)
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '')
  return head
}

export function join(a: string, ...rest: string[]): string {
  let path = a
  for (const b of rest) {
    if (b.startsWith('/')) path = b
    else if (!path || path.endsWith('/')) path += b
    else path += '/' + b
  }
  return path
}

export function normpath(p: string): string {
  if (p === '') return '.'
  const initial = p.startsWith('/') ? (p.startsWith('//') && !p.startsWith('///') ? 2 : 1) : 0
  const out: string[] = []
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue
    if (c !== '..' || (!initial && !out.length) || (out.length && out[out.length - 1] === '..')) out.push(c)
    else if (out.length) out.pop()
  }
  const s = '/'.repeat(initial) + out.join('/')
  return s || '.'
}

export function abspath(p: string): string {
  return normpath(p.startsWith('/') ? p : join(process.cwd(), p))
}

export function relpath(path: string, start = '.'): string {
  if (!path) throw new Error('no path specified')
  const s = abspath(start).split('/').filter(Boolean)
  const t = abspath(path).split('/').filter(Boolean)
  let i = 0
  while (i < s.length && i < t.length && s[i] === t[i]) i++
  const rel = [...Array(s.length - i).fill('..'), ...t.slice(i)]
  return rel.length ? rel.join('/') : '.'
}

export function splitext(p: string): [string, string] {
  const sep = p.lastIndexOf('/')
  const dot = p.lastIndexOf('.')
  if (dot > sep) {
    let f = sep + 1
    while (f < dot) {
      if (p[f] !== '.') return [p.slice(0, dot), p.slice(dot)]
      f++
    }
  }
  return [p, '']
}

export function expanduser(p: string): string {
  if (!p.startsWith('~')) return p
  const i = p.indexOf('/', 1)
  const end = i < 0 ? p.length : i
  if (end !== 1) return p
  const home = (process.env.HOME ?? homedir()).replace(/\/+$/, '')
  return (home || '/') + p.slice(end)
}

export function expandvars(p: string): string {
  if (!p.includes('$')) return p
  return p.replace(/\$(\w+|\{[^}]*\})/g, (m, name: string) => {
    const n = name.startsWith('{') ? name.slice(1, -1) : name
    const v = process.env[n]
    return v === undefined ? m : v
  })
}

/** os.path.realpath (non-strict): symlinks resolved as far as the path exists. */
export function realpath(p: string): string {
  const abs = abspath(p)
  try {
    return realpathSync(abs)
  } catch {
    // Resolve the existing prefix, keep the rest.
    const parts = abs.split('/').filter(Boolean)
    let cur = '/'
    for (let i = 0; i < parts.length; i++) {
      const next = join(cur, parts[i])
      try {
        const st = lstatSync(next)
        cur = st.isSymbolicLink() ? realpath(join(cur, readlinkSync(next))) : next
      } catch {
        return normpath(join(cur, ...parts.slice(i)))
      }
    }
    return cur
  }
}

/** Python's glob in one directory (fnmatch; dot files only for a dot pattern), sorted. */
export function glob(dir: string, pattern: string): string[] {
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return []
  }
  const re = globToRegExp(pattern)
  return entries
    .filter((e) => re.test(e) && (pattern.startsWith('.') || !e.startsWith('.')))
    .sort()
    .map((e) => join(dir, e))
    .filter((p) => {
      try {
        return statSync(p).isFile()
      } catch {
        return false
      }
    })
}

/** ntpath.splitdrive / basename / dirname for win_* filters. */
export function winSplitdrive(p: string): [string, string] {
  if (p.length >= 2) {
    const norm = p.replace(/\//g, '\\')
    if (norm.startsWith('\\\\') && norm[2] !== '\\') {
      const i = norm.indexOf('\\', 2)
      if (i < 0) return ['', p]
      let j = norm.indexOf('\\', i + 1)
      if (j === i + 1) return ['', p]
      if (j < 0) j = p.length
      return [p.slice(0, j), p.slice(j)]
    }
    if (norm[1] === ':') return [p.slice(0, 2), p.slice(2)]
  }
  return ['', p]
}

function winSplit(p: string): [string, string] {
  const [d, rest] = winSplitdrive(p)
  let i = rest.length
  while (i && !'/\\'.includes(rest[i - 1])) i--
  const head = rest.slice(0, i)
  const tail = rest.slice(i)
  const stripped = head.replace(/[/\\]+$/, '')
  return [d + (stripped || head), tail]
}

export const winBasename = (p: string): string => winSplit(p)[1]
export const winDirname = (p: string): string => winSplit(p)[0]
