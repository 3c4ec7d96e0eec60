/**
 * The `url` lookup: the body of each URL (split into lines unless split_lines is false),
 * fetched by a short-lived Node process since lookups run synchronously; errors worded as
 * Ansible words urllib's (HTTP errors, connection failures).
 */
import { spawnSync } from 'node:child_process'
import { isDict, pyStr, type LookupFn } from '../../src/plugin-kit.js'
import { AnsibleLookupError } from './errors.js'
import { optionBool } from './options.js'

/** Runs in the child: reads the request from stdin, prints the outcome as JSON (http/https, redirects followed). */
const FETCH = `
const req = JSON.parse(require('node:fs').readFileSync(0, 'utf8'))
const done = (o) => { process.stdout.write(JSON.stringify(o)); process.exit(0) }
const get = (url, left) => {
  let u
  try { u = new URL(url) } catch (e) { return done({ error: { code: 'EINVAL', message: 'unknown url type: ' + url } }) }
  const mod = u.protocol === 'https:' ? require('node:https') : u.protocol === 'http:' ? require('node:http') : null
  if (!mod) return done({ error: { code: 'ESCHEME', message: 'unknown url type: ' + u.protocol.slice(0, -1) } })
  const r = mod.get(u, { headers: req.headers, rejectUnauthorized: req.validateCerts, timeout: req.timeout * 1000 }, (res) => {
    if (req.follow && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location && left > 0) {
      res.resume()
      return get(new URL(res.headers.location, u).href, left - 1)
    }
    const chunks = []
    res.on('data', (c) => chunks.push(c))
    res.on('end', () => done(res.statusCode >= 400 ? { status: res.statusCode, statusText: res.statusMessage } : { body: Buffer.concat(chunks).toString('base64') }))
  })
  r.on('timeout', () => r.destroy(Object.assign(new Error('timed out'), { code: 'TimeoutError' })))
  r.on('error', (e) => done({ error: { code: e.code ?? e.name, message: e.message, tls: /CERT|SSL|TLS/i.test(e.code ?? '') } }))
}
get(req.url, 10)
`

const ERRNO: Record<string, string> = {
  ENOTFOUND: '[Errno -2] Name or service not known',
  EAI_AGAIN: '[Errno -3] Temporary failure in name resolution',
  ECONNREFUSED: '[Errno 111] Connection refused',
  ENETUNREACH: '[Errno 101] Network is unreachable',
  EHOSTUNREACH: '[Errno 113] No route to host',
  ECONNRESET: '[Errno 104] Connection reset by peer',
  TimeoutError: 'timed out',
}

interface Outcome {
  body?: string
  status?: number
  statusText?: string
  error?: { code: string; message: string; tls: boolean }
}

const url: LookupFn = (terms, kwargs) => {
  const opt = (k: string, dflt: unknown) => (kwargs[k] === undefined || kwargs[k] === null ? dflt : kwargs[k])
  const headers: Record<string, string> = { 'User-Agent': pyStr(opt('http_agent', 'ansible-httpget')) }
  const extra = opt('headers', {})
  if (isDict(extra)) for (const [k, v] of Object.entries(extra)) headers[k] = pyStr(v)
  const username = opt('username', null)
  if (username !== null && optionBool(opt('force_basic_auth', false))) {
    headers.Authorization = `Basic ${Buffer.from(`${pyStr(username)}:${pyStr(opt('password', ''))}`).toString('base64')}`
  }
  const ret: string[] = []
  for (const t of terms) {
    const term = pyStr(t)
    if (!/^[a-z][a-z0-9+.-]*:/i.test(term)) throw new AnsibleLookupError(`unknown url type: '${term}'`, 'ValueError')
    const req = {
      url: term,
      headers,
      timeout: Number(opt('timeout', 10)),
      validateCerts: optionBool(opt('validate_certs', true)),
      follow: !['no', 'none', 'false'].includes(pyStr(opt('follow_redirects', 'urllib2')).toLowerCase()),
    }
    const r = spawnSync(process.execPath, ['-e', FETCH], { input: JSON.stringify(req), encoding: 'utf8', timeout: (req.timeout + 5) * 1000 })
    let out: Outcome
    try {
      out = JSON.parse(r.stdout) as Outcome
    } catch {
      throw new AnsibleLookupError(`Failed lookup url for ${term} : <urlopen error timed out>`)
    }
    if (out.status !== undefined) throw new AnsibleLookupError(`Received HTTP error for ${term} : HTTP Error ${out.status}: ${out.statusText}`)
    if (out.error) {
      if (out.error.tls) throw new AnsibleLookupError(`Error validating the server's certificate for ${term}: ${out.error.message}`)
      throw new AnsibleLookupError(`Failed lookup url for ${term} : <urlopen error ${ERRNO[out.error.code] ?? out.error.message}>`)
    }
    const body = Buffer.from(out.body ?? '', 'base64').toString('utf8')
    if (optionBool(opt('split_lines', true))) ret.push(...body.split(/\r\n|\n|\r/).filter((l, i, a) => i < a.length - 1 || l !== ''))
    else ret.push(body)
  }
  return ret
}

export const urlLookups: Record<string, LookupFn> = { url }
