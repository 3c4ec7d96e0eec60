/**
 * Inventory sources as ansible-core 2.14's ini and yaml plugins read them: `[group]`,
 * `[group:vars]` and `[group:children]` sections, host ranges (`web[01:03]`, `[a:c]`,
 * strides), `host:port`, inline `k=v` with Python-literal values; YAML's
 * all/children/hosts/vars tree. Errors name the file and line as the plugins do.
 */
import { literalEval } from '../py/literal-eval.js'
import { shlexSplit } from '../py/shlex.js'
import { isDict, PyFloat, pyStr, pyTruthy, pyTypeName } from '../py/values.js'
import { setGroupVar, setHostVars, type InventoryData } from './data.js'

export class InventoryParseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InventoryParseError'
  }
}

/**
 * The ini plugin's _parse_value: ast.literal_eval if the text is a Python literal (a bare
 * `1,2` is a tuple), the text otherwise. Python has no `true`/`false`/`null` literals.
 */
function iniValue(v: string): unknown {
  if (/\b(?:true|false|null)\b/.test(v.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, ''))) return v
  try {
    return literalEval(v)
  } catch {
    if (v.includes(',')) {
      try {
        const t = literalEval(`(${v})`)
        if (Array.isArray(t)) return t
      } catch {
        // not a tuple either
      }
    }
    return v
  }
}

/** expand_hostname_range: `web[01:03]` → web01 web02 web03; `[a:c]`; `[1:9:2]`. */
export function expandHostRange(pattern: string): string[] {
  if (!pattern.includes('[')) return [pattern]
  // The first '[' and the first ']' split head|range|tail; anything else is Python's unpack error.
  const parts = pattern.replace('[', '|').replace(']', '|').split('|')
  if (parts.length < 3) throw new InventoryParseError(`not enough values to unpack (expected 3, got ${parts.length})`)
  if (parts.length > 3) throw new InventoryParseError('too many values to unpack (expected 3)')
  const [head, range, tail] = parts
  const bounds = range.split(':')
  if (bounds.length !== 2 && bounds.length !== 3) throw new InventoryParseError('host range must be begin:end or begin:end:step')
  const [beg0, end, step0] = bounds
  const beg = beg0 === '' ? '0' : beg0
  if (!end) throw new InventoryParseError('host range must specify end value')
  if (beg[0] === '0' && beg.length > 1 && beg.length !== end.length) throw new InventoryParseError('host range must specify equal-length begin and end formats')
  // Letters first (str.index: a substring of ascii_letters), else int() of begin, end, step.
  const isInt = (x: string) => /^\s*[-+]?\d+(_\d+)*\s*$/.test(x)
  const int = (x: string): number => {
    if (!isInt(x)) throw new InventoryParseError(`invalid literal for int() with base 10: '${x}'`)
    return Number(x.replace(/_/g, ''))
  }
  const stepText = step0 === undefined || step0 === '' ? '1' : step0
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
  const a = letters.indexOf(beg)
  const b = letters.indexOf(end)
  const out: string[] = []
  if (a >= 0 && b >= 0 && isInt(stepText) && int(stepText) > 0) {
    if (a > b) throw new InventoryParseError('host range must have begin <= end')
    for (let i = a; i <= b; i += int(stepText)) out.push(letters[i])
  } else {
    if (a >= 0 && b >= 0 && a > b) throw new InventoryParseError('host range must have begin <= end')
    const [from, to, step] = [int(beg), int(end), int(stepText)]
    if (step === 0) throw new InventoryParseError('range() arg 3 must not be zero')
    const width = beg[0] === '0' && beg.length > 1 ? beg.length : 0
    for (let i = from; step > 0 ? i < to + 1 : i > to + 1; i += step) out.push(String(i).padStart(width, '0'))
  }
  return out.flatMap((mid) => expandHostRange(`${head}${mid}${tail}`))
}

/** parse_address for an inventory host: ranges expanded, a `:port` split off (IPv6 in brackets). */
export function hostEntries(token: string): { names: string[]; port?: number } {
  if (token.endsWith(':')) throw new InventoryParseError(`Invalid host pattern '${token}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`)
  let name = token
  let port: number | undefined
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(token)
  if (bracketed && bracketed[1].includes(':')) {
    name = bracketed[1]
    if (bracketed[2]) port = Number(bracketed[2])
  } else if ((token.match(/:/g) ?? []).length === 1 || /\]:\d+$/.test(token)) {
    const m = /^(.*):(\d+)$/.exec(token)
    if (m && !/\[[^\]]*$/.test(m[1])) {
      name = m[1]
      port = Number(m[2])
    }
  }
  return { names: expandHostRange(name), port }
}

export function parseIni(data: InventoryData, text: string, file: string): void {
  const fail = (lineno: number, msg: string): never => {
    throw new InventoryParseError(`${file}:${lineno}: ${msg}`)
  }
  let group = 'ungrouped'
  let state = 'hosts'
  // [g:vars] and [g:children] entries for groups not defined yet (pending_declarations).
  const pendingVars = new Map<string, { line: number; vars: [string, unknown][] }>()
  const pendingChildren = new Map<string, { line: number; parent: string; section: string }[]>()
  const lines = text.split(/\r?\n/)
  lines.forEach((raw, i) => {
    const lineno = i + 1
    const line = raw.trim()
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return
    const section = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/.exec(line)
    if (section) {
      group = section[1]
      state = section[2] ?? 'hosts'
      if (state === 'vars') {
        if (!data.groups.has(group) && !pendingVars.has(group)) pendingVars.set(group, { line: lineno, vars: [] })
      } else if (state === 'hosts' || state === 'children') {
        data.addGroup(group)
        const pv = pendingVars.get(group)
        pendingVars.delete(group)
        if (pv) for (const [k, v] of pv.vars) setGroupVar(data.groups.get(group)!, k, v, data.hashMerge)
        for (const pc of pendingChildren.get(group) ?? []) data.addChild(pc.parent, group)
        pendingChildren.delete(group)
      } else fail(lineno, `Section [${group}:${state}] has unknown type: ${state}`)
      return
    }
    if (line.startsWith('[') && line.endsWith(']')) fail(lineno, `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`)
    if (state === 'hosts') {
      let tokens: string[]
      try {
        tokens = shlexSplit(line, { comments: true })
      } catch (e) {
        return fail(lineno, `Error parsing host definition '${line}': ${(e as Error).message}`)
      }
      if (tokens.length === 0) return
      const { names, port } = hostEntries(tokens[0])
      const vars: Record<string, unknown> = {}
      for (const t of tokens.slice(1)) {
        const at = t.indexOf('=')
        if (at < 0) fail(lineno, `Expected key=value host variable assignment, got: ${t}`)
        vars[t.slice(0, at)] = iniValue(t.slice(at + 1))
      }
      for (const n of names) {
        const h = data.addHost(n, group, file)
        if (port !== undefined) h.vars.ansible_port = port
        setHostVars(h, vars, data.hashMerge)
      }
    } else if (state === 'vars') {
      const at = line.indexOf('=')
      if (at < 0) fail(lineno, `Expected key=value, got: ${line}`)
      const [k, v] = [line.slice(0, at).trim(), iniValue(line.slice(at + 1).trim())]
      const pv = pendingVars.get(group)
      if (pv) pv.vars.push([k, v])
      else setGroupVar(data.addGroup(group), k, v, data.hashMerge)
    } else {
      const m = /^([^:\]\s]+)\s*(?:#.*)?$/.exec(line)
      if (!m) fail(lineno, `Invalid group name: ${line}`)
      const child = m![1]
      if (data.groups.has(child)) data.addChild(group, child)
      else pendingChildren.set(child, [...(pendingChildren.get(child) ?? []), { line: lineno, parent: group, section: `${group}:children` }])
    }
  })
  for (const [child, entries] of pendingChildren) {
    // The first mention's line, the last parent's section (as the ini plugin reports it).
    throw new InventoryParseError(`${file}:${entries[0].line}: Section [${entries[entries.length - 1].section}] includes undefined group: ${child}`)
  }
  for (const [g, pv] of pendingVars) throw new InventoryParseError(`${file}:${pv.line}: Section [${g}:vars] not valid for undefined group: ${g}`)
}

/** Python's `type(x)` of a value Ansible's YAML loader returns, as `%s` prints it. */
export function yamlTypeRepr(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>"
  if (typeof v === 'boolean') return "<class 'bool'>"
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>"
  if (v instanceof PyFloat) return "<class 'float'>"
  if (typeof v === 'string') return "<class 'ansible.parsing.yaml.objects.AnsibleUnicode'>"
  if (Array.isArray(v)) return "<class 'ansible.parsing.yaml.objects.AnsibleSequence'>"
  if (isDict(v)) return "<class 'ansible.parsing.yaml.objects.AnsibleMapping'>"
  return `<class '${pyTypeName(v)}'>`
}

/**
 * The yaml plugin: top-level groups with hosts (name → vars), vars and children,
 * recursively; a section given as a string is one key; keys whose value is not a mapping
 * are skipped with Ansible's warnings. Data added before an error stays, as in Ansible.
 */
export function parseYamlInventory(data: InventoryData, doc: unknown, file: string, warn: (m: string) => void = () => {}): void {
  if (doc === null || doc === undefined || doc === '' || (isDict(doc) && Object.keys(doc).length === 0)) throw new InventoryParseError('Parsed empty YAML file')
  if (!isDict(doc)) throw new InventoryParseError(`YAML inventory has invalid structure, it should be a dictionary, got: ${yamlTypeRepr(doc)}`)
  if (pyTruthy(doc.plugin)) throw new InventoryParseError('Plugin configuration YAML file, not YAML inventory')
  const group = (name: string, body: unknown): string => {
    if (body !== null && body !== undefined && !isDict(body)) {
      warn(`Skipping '${name}' as this is not a valid group definition`)
      return name
    }
    data.addGroup(name)
    if (body === null || body === undefined) return name
    const b: Record<string, unknown> = { ...body }
    for (const section of ['vars', 'children', 'hosts']) {
      if (!(section in b)) continue
      if (typeof b[section] === 'string') b[section] = { [b[section] as string]: null }
      const v = b[section]
      if (v !== null && v !== undefined && !isDict(v)) throw new InventoryParseError(`Invalid "${section}" entry for "${name}" group, requires a dictionary, found "${yamlTypeRepr(v)}" instead.`)
    }
    for (const [key, value] of Object.entries(b)) {
      if (value !== null && value !== undefined && !isDict(value)) {
        warn(`Skipping key (${key}) in group (${name}) as it is not a mapping, it is a ${yamlTypeRepr(value)}`)
        continue
      }
      if (value === null || value === undefined) continue
      if (key === 'vars') for (const [k, v] of Object.entries(value)) setGroupVar(data.addGroup(name), k, v, data.hashMerge)
      else if (key === 'children') {
        for (const [child, childBody] of Object.entries(value)) data.addChild(name, group(child, childBody))
      } else if (key === 'hosts') {
        for (const [pattern, vars] of Object.entries(value)) {
          const { names, port } = hostEntries(pattern)
          const hv = vars ?? {}
          if (!isDict(hv)) throw new InventoryParseError(`Invalid data from file, expected dictionary and got:\n\n${pyStr(hv)}`)
          for (const n of names) {
            const h = data.addHost(n, name, file)
            if (port !== undefined) h.vars.ansible_port = port
            setHostVars(h, hv, data.hashMerge)
          }
        }
      } else warn(`Skipping unexpected key (${key}) in group (${name}), only "vars", "children" and "hosts" are valid`)
    }
    return name
  }
  for (const [name, body] of Object.entries(doc)) group(name, body)
}
