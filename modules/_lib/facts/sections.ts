/**
 * The probe's reply (probe.ts), read back: files, links, directory entries, command
 * outputs, and the helpers Ansible's collectors read them through (get_file_content:
 * stripped, and missing when empty).
 */

/** Python's str.strip() with no argument. */
export function strip(s: string): string {
  return s.replace(/^\s+|\s+$/g, '')
}

export interface PathInfo {
  kind: 'file' | 'dir' | 'link' | 'other'
  executable: boolean
  readable: boolean
  /** Exists and is not empty. */
  nonEmpty: boolean
}

export class Sections {
  private readonly raw = new Map<string, string>()
  private readonly info = new Map<string, PathInfo>()
  private readonly grepped = new Map<string, Map<string, string>>()

  constructor(stdout: string, token: string) {
    const parts = stdout.split(`\n${token} `)
    for (const part of parts.slice(1)) {
      const nl = part.indexOf('\n')
      const name = nl < 0 ? part : part.slice(0, nl)
      this.raw.set(name, nl < 0 ? '' : part.slice(nl + 1))
    }
    for (const [name, body] of this.raw) {
      if (name === 'e' || name === 'nete') this.readExists(body)
      if (name.startsWith('l:')) {
        for (const line of body.split('\n')) {
          const tab = line.indexOf('\t')
          if (tab > 0) this.links.set(line.slice(0, tab), line.slice(tab + 1))
        }
      }
    }
  }

  private readonly links = new Map<string, string>()

  private readExists(body: string): void {
    const kinds: Record<string, PathInfo['kind']> = { f: 'file', d: 'dir', l: 'link', o: 'other' }
    for (const line of body.split('\n')) {
      const m = /^([fdlo])(x?)(r?)(s?) (.*)$/.exec(line)
      if (m) this.info.set(m[5], { kind: kinds[m[1]], executable: m[2] === 'x', readable: m[3] === 'r', nonEmpty: m[4] === 's' })
    }
  }

  /** Every section's name, in the order printed. */
  names(): string[] {
    return [...this.raw.keys()]
  }

  /** A section's text as printed, or undefined when the probe did not print it. */
  section(name: string): string | undefined {
    return this.raw.get(name)
  }

  /** Whether a path the probe checked exists (`os.path.exists`), and what it is. */
  path(p: string): PathInfo | undefined {
    return this.info.get(p) ?? this.info.get(p.replace(/\/$/, ''))
  }

  exists(p: string): boolean {
    return this.path(p) !== undefined || this.file(p) !== undefined
  }

  /** A file's content as read (by itself or with the others), or undefined. */
  file(p: string): string | undefined {
    return this.raw.get(`f:${p}`) ?? this.grep('files').get(p)
  }

  /** get_file_content(path, default): stripped, `default` when missing, unreadable or empty. */
  content<D = undefined>(p: string, dflt?: D): string | D {
    const text = this.file(p)
    if (text === undefined) return dflt as D
    const s = strip(text)
    return s === '' ? (dflt as D) : s
  }

  /** get_file_lines(path): the stripped content's lines, [] when there is none. */
  lines(p: string): string[] {
    const c = this.content(p)
    return c ? splitlines(c) : []
  }

  /** The links the probe listed directly in a directory: [name, target]. */
  linksIn(dir: string): [string, string][] {
    const out: [string, string][] = []
    for (const [p, t] of this.links) {
      if (p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/')) out.push([p.slice(dir.length + 1), t])
    }
    return out
  }

  /** os.readlink(p), for the links the probe listed. */
  link(p: string): string | undefined {
    return this.links.get(p)
  }

  real(p: string): string | undefined {
    const v = this.raw.get(`r:${p}`)
    return v === undefined ? undefined : v.replace(/\n$/, '')
  }

  /** The files one `G` call read: path → content. */
  grep(id: string): Map<string, string> {
    let m = this.grepped.get(id)
    if (!m) {
      m = new Map()
      for (const line of (this.raw.get(`g:${id}`) ?? '').split('\n')) {
        const at = line.indexOf(':')
        if (at <= 0) continue
        const p = line.slice(0, at)
        const prev = m.get(p)
        m.set(p, prev === undefined ? line.slice(at + 1) : `${prev}\n${line.slice(at + 1)}`)
      }
      this.grepped.set(id, m)
    }
    return m
  }

  /** get_file_content for a file a `G` call read. */
  grepContent<D = undefined>(id: string, p: string, dflt?: D): string | D {
    const text = this.grep(id).get(p)
    if (text === undefined) return dflt as D
    const s = strip(text)
    return s === '' ? (dflt as D) : s
  }

  /** A command's output and exit code, or undefined when the probe did not run it. */
  command(id: string): { out: string; rc: number } | undefined {
    const out = this.raw.get(`c:${id}`)
    if (out === undefined) return undefined
    return { out, rc: Number(strip(this.raw.get(`x:${id}`) ?? '1')) }
  }

  /** Where get_bin_path finds a command (PATH plus the sbin directories), if anywhere. */
  bin(name: string): string | undefined {
    for (const line of (this.raw.get('bins') ?? '').split('\n')) {
      const at = line.indexOf(' ')
      if (line.slice(0, at) === name) return line.slice(at + 1)
    }
    return undefined
  }
}

/** Python's str.splitlines(). */
export function splitlines(s: string): string[] {
  const out = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/)
  if (out.length && out[out.length - 1] === '') out.pop()
  return out
}
