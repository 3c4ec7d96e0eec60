/**
 * uri (ansible-core 2.14): an HTTP(S) request made from the host, as Ansible's module
 * makes it there. The request runs in the host's python3 (which Ansible needs on every
 * host anyway), fed the request as JSON on stdin; the result has the module's keys:
 * `status`, `url`, `msg` ("OK (N bytes)"), `redirected`, `elapsed`, `cookies`,
 * `cookies_string`, the response headers lowercased with `-` as `_`, and `content` (with
 * `return_content`) and `json` (a JSON body).
 *
 * What is here: url, method, body with body_format raw, json or form-urlencoded, headers,
 * status_code, return_content, timeout, validate_certs, url_username/url_password with
 * force_basic_auth, follow_redirects, creates/removes. Files (dest, src, client
 * certificates), unix sockets and form-multipart are refused with a message.
 */
import { defineModule, jsonDumps, pyRepr } from '../src/plugin-kit.js'

interface Args {
  url: string
  method: string
  body?: unknown
  body_format: 'raw' | 'json' | 'form-urlencoded' | 'form-multipart'
  headers: Record<string, unknown>
  status_code: number[]
  return_content: boolean
  timeout: number
  validate_certs: boolean
  url_username?: string
  url_password?: string
  force_basic_auth: boolean
  follow_redirects: string
  creates?: string
  removes?: string
  [unsupported: string]: unknown
}

const UNSUPPORTED = ['dest', 'src', 'client_cert', 'client_key', 'ca_path', 'unix_socket', 'remote_src', 'use_gssapi']

/** The request, made by the host's Python (our own script: urllib, as the module does). */
const SCRIPT = String.raw`
import base64, json, ssl, sys, time, http.cookiejar, urllib.error, urllib.request
r = json.load(sys.stdin)
start = time.time()
handlers = []
if not r['validate_certs']:
    ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
    handlers.append(urllib.request.HTTPSHandler(context=ctx))
jar = http.cookiejar.CookieJar()
handlers.append(urllib.request.HTTPCookieProcessor(jar))
follow = r['follow_redirects']
class Redirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, hdrs, newurl):
        if follow in ('none', 'no'):
            return None
        if follow == 'safe' and req.get_method() not in ('GET', 'HEAD'):
            return None
        return urllib.request.HTTPRedirectHandler.redirect_request(self, req, fp, code, msg, hdrs, newurl)
handlers.append(Redirect())
opener = urllib.request.build_opener(*handlers)
data = None if r['body'] is None else r['body'].encode('utf-8')
req = urllib.request.Request(r['url'], data=data, method=r['method'])
for k, v in r['headers'].items():
    req.add_header(k, v)
if r['auth']:
    req.add_header('Authorization', 'Basic ' + base64.b64encode(r['auth'].encode()).decode())
out = {}
try:
    resp = opener.open(req, timeout=r['timeout'])
    code, msg, headers, body, final = resp.status, resp.reason, resp.headers, resp.read(), resp.geturl()
except urllib.error.HTTPError as e:
    code, msg, headers, final = e.code, e.reason, e.headers, e.geturl()
    body = e.read() if e.fp else b''
except Exception as e:
    json.dump({'error': '%s' % e, 'elapsed': int(time.time() - start)}, sys.stdout)
    sys.exit(0)
out['status'] = code
out['reason'] = str(msg)
out['url'] = final
out['headers'] = [[k, v] for k, v in headers.items()]
out['body'] = base64.b64encode(body).decode()
out['cookies'] = {c.name: c.value for c in jar}
out['elapsed'] = int(time.time() - start)
json.dump(out, sys.stdout)
`

export default defineModule<Args>({
  name: 'uri',
  fqcns: ['ansible.builtin.uri', 'ansible.legacy.uri'],
  summary: 'Interacts with web services',
  args: {
    type: 'object',
    properties: {
      url: { type: 'string' },
      method: { type: 'string', default: 'GET' },
      body: {},
      body_format: { type: 'string', enum: ['raw', 'json', 'form-urlencoded', 'form-multipart'], default: 'raw' },
      headers: { type: 'object', default: {} },
      status_code: { type: 'array', items: { type: 'integer' }, default: [200] },
      return_content: { type: 'boolean', default: false },
      timeout: { type: 'integer', default: 30 },
      validate_certs: { type: 'boolean', default: true },
      url_username: { type: 'string' },
      url_password: { type: 'string' },
      force_basic_auth: { type: 'boolean', default: false },
      follow_redirects: { type: 'string', enum: ['all', 'no', 'none', 'safe', 'urllib2', 'yes'], default: 'safe' },
      creates: { type: 'string' },
      removes: { type: 'string' },
      force: { type: 'boolean', default: false },
      use_proxy: { type: 'boolean', default: true },
      http_agent: { type: 'string', default: 'ansible-httpget' },
      decompress: { type: 'boolean', default: true },
      unredirected_headers: { type: 'array', items: { type: 'string' }, default: [] },
      ...Object.fromEntries(UNSUPPORTED.map((k) => [k, { type: 'string' }])),
    },
    required: ['url'],
  },
  aliases: { url_username: ['user'], url_password: ['password'] },
  noLog: ['url_password'],
  supports: { check: 'none' },
  async run(args, ctx) {
    const given = UNSUPPORTED.filter((k) => args[k] !== undefined && args[k] !== null)
    if (given.length) return ctx.fail(`uri: ${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} not supported by tsible's uri module`)
    if (args.body_format === 'form-multipart') return ctx.fail("uri: body_format 'form-multipart' is not supported by tsible's uri module")
    if (args.creates && (await ctx.stat(args.creates))) return { changed: false, skipped: true, msg: `${args.creates} exists, not performing request`, url: args.url }
    if (args.removes && !(await ctx.stat(args.removes))) return { changed: false, skipped: true, msg: `${args.removes} does not exist, not performing request`, url: args.url }
    const headers: Record<string, string> = { 'User-Agent': args.http_agent as string }
    for (const [k, v] of Object.entries(args.headers)) headers[k] = String(v)
    let body: string | null = null
    if (args.body !== undefined && args.body !== null) {
      if (args.body_format === 'json') {
        body = typeof args.body === 'string' ? args.body : jsonDumps(args.body)
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json'
      } else if (args.body_format === 'form-urlencoded' && typeof args.body === 'object') {
        body = new URLSearchParams(Object.entries(args.body as Record<string, unknown>).map(([k, v]) => [k, String(v)] as [string, string])).toString()
        if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded'
      } else body = String(args.body)
    }
    const auth = args.force_basic_auth && args.url_username !== undefined ? `${args.url_username}:${args.url_password ?? ''}` : null
    const request = { url: args.url, method: args.method.toUpperCase(), body, headers, auth, timeout: args.timeout, validate_certs: args.validate_certs, follow_redirects: args.follow_redirects }
    const r = await ctx.exec(['python3', '-c', SCRIPT], { stdin: JSON.stringify(request), timeoutMs: (args.timeout + 30) * 1000 })
    if (r.rc !== 0) return ctx.fail(`uri: the request could not be made on the host: ${(r.stderr || r.stdout).trim()}`)
    const res = JSON.parse(r.stdout) as {
      error?: string
      status: number
      reason: string
      url: string
      headers: [string, string][]
      body: string
      cookies: Record<string, string>
      elapsed: number
    }
    if (res.error !== undefined) return ctx.fail(`Status code was -1 and not ${pyRepr(args.status_code)}: Request failed: ${res.error}`, { status: -1, url: args.url, elapsed: res.elapsed })
    const bytes = Buffer.from(res.body, 'base64')
    const result: Record<string, unknown> = {
      changed: false,
      status: res.status,
      url: res.url,
      redirected: res.url !== args.url,
      elapsed: res.elapsed,
      cookies: res.cookies,
      cookies_string: Object.entries(res.cookies).map(([k, v]) => `${k}=${v}`).join('; '),
      msg: `OK (${bytes.length} bytes)`,
    }
    for (const [k, v] of res.headers) result[k.toLowerCase().replaceAll('-', '_')] = v
    const text = bytes.toString('utf8')
    if (args.return_content) result.content = text
    if (/json/.test(String(result.content_type ?? ''))) {
      try {
        result.json = JSON.parse(text)
      } catch {
        // not JSON after all: no `json` key, as in Ansible
      }
    }
    if (!args.status_code.includes(res.status)) {
      return ctx.fail(`Status code was ${res.status} and not ${pyRepr(args.status_code)}: HTTP Error ${res.status}: ${res.reason}`, result)
    }
    return result
  },
})
