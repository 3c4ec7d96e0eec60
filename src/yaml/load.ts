/**
 * YAML as Ansible reads it: PyYAML's YAML 1.1 resolution (`yes`/`no`/`on`/`off` are
 * booleans, `0644` is an octal int, `1e5` without a dot is a string), Ansible's `!unsafe`
 * and `!vault` tags, last-wins duplicate keys, and a source position for every mapping
 * so that errors can point at the offending line.
 *
 * js-yaml's event parser does the syntax; this file constructs values from its events.
 */
import { EVENT_ID, parseEvents, getScalarValue, YAMLException, SCALAR_STYLE } from 'js-yaml'
import type { Event, ScalarEvent } from 'js-yaml'
import { PyDate, pyFloat } from '../py/values.js'
import { TsibleError, type SourceLocation } from '../errors/tsible-error.js'
import { UnsafeText, VaultText } from './tagged.js'
import { NO_SECRETS, type Vault } from '../vault/vault.js'

/**
 * The source of every loaded mapping and sequence, as an offset into its document: the
 * line and column are worked out only when asked (for an error or a task's location).
 */
const positions = new WeakMap<object, { doc: SourceText; offset: number }>()

/** The position of a mapping or sequence loaded from YAML, if it was. */
export function positionOf(value: unknown): SourceLocation | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const pos = positions.get(value)
  return pos && pos.doc.location(pos.offset)
}

/** A document's text and file, with its line starts found on first need. */
class SourceText {
  private lineStarts: number[] | undefined

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  location(offset: number): SourceLocation {
    const starts = (this.lineStarts ??= lineStartsOf(this.text))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return { file: this.file, line: lo + 1, column: offset - starts[lo]! + 1 }
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

export class YamlSyntaxError extends TsibleError {
  constructor(message: string, location: SourceLocation, readonly reason: string) {
    super(message, 'yaml-syntax', location)
  }
}

export interface LoadYamlOptions {
  /** Called for each duplicate key, as Ansible warns about them. */
  onWarning?: (message: string) => void
  /**
   * The run's vault: `!vault` values decrypt with its secrets, and loadYamlFile decrypts a
   * vault-encrypted file with them. Without one, either fails with Ansible's "no vault
   * secrets" error (an encrypted file is never read as plain text).
   */
  vault?: Vault
}

/** Loads one YAML document from text. An empty document gives `null`. */
export function loadYaml(text: string, file = '<string>', options: LoadYamlOptions = {}): unknown {
  const docs = loadYamlAll(text, file, options)
  return docs.length ? docs[0] : null
}

/** Loads a YAML file, decrypting it first when it is vault-encrypted. */
export function loadYamlFile(file: string, options: LoadYamlOptions = {}): unknown {
  const vault = options.vault ?? NO_SECRETS
  const { text, encrypted } = vault.readText(file)
  const data = loadYaml(text, file, options)
  if (encrypted) vault.registerData(data)
  return data
}

/** Loads every document of a YAML stream. */
export function loadYamlAll(text: string, file = '<string>', options: LoadYamlOptions = {}): unknown[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let events: Event[]
  try {
    events = parseEvents(text, { filename: file, maxDepth: 1000 })
  } catch (e) {
    // PyYAML accepts a flow collection whose closing bracket sits at column 0 (kolla's
    // group_vars/all.yml has `map: {` ... `}`); YAML 1.2 parsers call it deficient
    // indentation. Such a line can only be that closer, so indenting it is safe.
    const relaxed = text.replace(/^([}\]])/gm, ' $1')
    if (!(e instanceof YAMLException) || !/indentation/.test(e.reason) || relaxed === text) throw syntaxError(e, text, file)
    try {
      events = parseEvents(relaxed, { filename: file, maxDepth: 1000 })
      text = relaxed
    } catch {
      throw syntaxError(e, text, file)
    }
  }
  return new Constructor(text, file, options).documents(events)
}

function syntaxError(e: unknown, text: string, file: string): unknown {
  if (!(e instanceof YAMLException) || !e.mark) return e
  const location = { file, line: e.mark.line + 1, column: e.mark.column + 1 }
  return new YamlSyntaxError(`Syntax Error while loading YAML.\n  ${e.reason}`, location, e.reason)
}

class Constructor {
  private pos = 0
  private events: Event[] = []
  private anchors = new Map<string, unknown>()
  private readonly doc: SourceText

  constructor(
    private readonly src: string,
    private readonly file: string,
    private readonly options: LoadYamlOptions,
  ) {
    this.doc = new SourceText(src, file)
  }

  documents(events: Event[]): unknown[] {
    this.events = events
    const docs: unknown[] = []
    while (this.pos < events.length) {
      const ev = events[this.pos++]
      if (ev.type !== EVENT_ID.DOCUMENT) continue
      this.anchors.clear()
      let value: unknown = null
      if (events[this.pos]?.type !== EVENT_ID.POP) value = this.node()
      this.pos++ // document POP
      docs.push(value)
    }
    return docs
  }

  location(offset: number): SourceLocation {
    return this.doc.location(offset)
  }

  private fail(message: string, offset: number): never {
    throw new YamlSyntaxError(`Syntax Error while loading YAML.\n  ${message}`, this.location(offset), message)
  }

  private slice(start: number, end: number): string | undefined {
    return start >= 0 ? this.src.slice(start, end) : undefined
  }

  private node(): unknown {
    const ev = this.events[this.pos++]
    switch (ev.type) {
      case EVENT_ID.ALIAS: {
        const name = this.src.slice(ev.anchorStart, ev.anchorEnd)
        if (!this.anchors.has(name)) this.fail(`found undefined alias '${name}'`, ev.anchorStart)
        return this.anchors.get(name)
      }
      case EVENT_ID.SCALAR: {
        const value = this.scalar(ev)
        this.anchor(ev.anchorStart, ev.anchorEnd, value)
        return value
      }
      case EVENT_ID.SEQUENCE: {
        const list: unknown[] = []
        this.anchor(ev.anchorStart, ev.anchorEnd, list)
        positions.set(list, { doc: this.doc, offset: ev.start })
        while (this.events[this.pos].type !== EVENT_ID.POP) list.push(this.node())
        this.pos++
        return this.slice(ev.tagStart, ev.tagEnd) === '!unsafe' ? unsafeAll(list) : list
      }
      case EVENT_ID.MAPPING: {
        const map = this.mapping(ev.start, ev.anchorStart, ev.anchorEnd)
        return this.slice(ev.tagStart, ev.tagEnd) === '!unsafe' ? unsafeAll(map) : map
      }
      default:
        return this.fail('unexpected YAML event', 0)
    }
  }

  private anchor(start: number, end: number, value: unknown): void {
    if (start >= 0) this.anchors.set(this.src.slice(start, end), value)
  }

  private mapping(start: number, anchorStart: number, anchorEnd: number): Record<string, unknown> {
    const map: Record<string, unknown> = {}
    const merged: Record<string, unknown>[] = []
    this.anchor(anchorStart, anchorEnd, map)
    positions.set(map, { doc: this.doc, offset: start })
    while (this.events[this.pos].type !== EVENT_ID.POP) {
      const keyEvent = this.events[this.pos]
      const keyOffset = keyEvent.type === EVENT_ID.SCALAR ? keyEvent.valueStart : start
      const rawKey = this.node()
      const value = this.node()
      if (rawKey === MERGE_KEY) {
        for (const m of Array.isArray(value) ? value : [value]) {
          if (m === null || typeof m !== 'object' || Array.isArray(m)) {
            this.fail('expected a mapping or list of mappings for merging', keyOffset)
          }
          merged.push(m as Record<string, unknown>)
        }
        continue
      }
      const key = mappingKey(rawKey)
      if (Object.prototype.hasOwnProperty.call(map, key)) {
        const at = this.location(keyOffset)
        this.options.onWarning?.(
          `While constructing a mapping from ${this.file}, line ${at.line}, column ${at.column}, ` +
            `found a duplicate dict key (${key}). Using last defined value only.`,
        )
        delete map[key]
      }
      if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true })
      else map[key] = value
    }
    this.pos++
    // Merge keys (`<<`) give values only for keys the mapping does not set itself; earlier
    // merge sources win over later ones, as in PyYAML.
    for (const m of merged) {
      for (const [k, v] of Object.entries(m)) if (!(k in map)) map[k] = v
    }
    return map
  }

  private scalar(ev: ScalarEvent): unknown {
    let text = ev.valueStart >= 0 ? getScalarValue(this.src, ev) : ''
    // A block scalar whose last line ends the stream without a line break has none, as in
    // PyYAML (`!vault |` text written by `encrypt_string > file` keeps its exact form).
    if ((ev.style === SCALAR_STYLE.LITERAL_BLOCK || ev.style === SCALAR_STYLE.FOLDED_BLOCK) && text.endsWith('\n') && ev.valueEnd >= this.src.length && !/[\r\n]$/.test(this.src)) {
      text = text.slice(0, -1)
    }
    const tag = this.slice(ev.tagStart, ev.tagEnd)
    if (tag !== undefined && tag !== '!') return this.taggedScalar(tag, text, ev)
    if (ev.style !== SCALAR_STYLE.PLAIN || tag === '!') return text
    return resolvePlain(text)
  }

  private taggedScalar(tag: string, text: string, ev: ScalarEvent): unknown {
    switch (tag) {
      case '!unsafe':
        return new UnsafeText(text)
      case '!vault':
      case '!vault-encrypted':
        return new VaultText(text, this.options.vault ?? NO_SECRETS, this.location(ev.tagStart))
      case '!!str':
      case '!<tag:yaml.org,2002:str>':
        return text
      case '!!int':
        return constructInt(text) ?? this.fail(`invalid int '${text}'`, ev.valueStart)
      case '!!float':
        return constructFloat(text) ?? this.fail(`invalid float '${text}'`, ev.valueStart)
      case '!!bool':
        return BOOLS[text] ?? this.fail(`invalid bool '${text}'`, ev.valueStart)
      case '!!null':
        return null
      case '!!binary':
        return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('latin1')
      default:
        return this.fail(
          `could not determine a constructor for the tag '${tag}'`,
          ev.tagStart,
        )
    }
  }
}

const MERGE_KEY = Symbol('yaml merge key')

function mappingKey(key: unknown): string {
  if (typeof key === 'string') return key
  if (key === null) return 'None'
  if (typeof key === 'boolean') return key ? 'True' : 'False'
  if (key instanceof UnsafeText) return key.text
  return String(key)
}

const BOOLS: Record<string, boolean> = {
  yes: true, Yes: true, YES: true, true: true, True: true, TRUE: true, on: true, On: true, ON: true,
  no: false, No: false, NO: false, false: false, False: false, FALSE: false, off: false, Off: false, OFF: false,
}

// PyYAML's implicit resolvers (yaml/resolver.py), which Ansible's loader uses unchanged.
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/
const NULL_RE = /^(?:~|null|Null|NULL|)$/
/** PyYAML's timestamp resolver, date-only form (a timestamp with a time stays text here). */
const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/

/** `!unsafe` on a collection: every string inside it is unsafe (Ansible's wrap_var). */
function unsafeAll(v: unknown): unknown {
  if (typeof v === 'string') return new UnsafeText(v)
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unsafeAll(v[i])
    return v
  }
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const k of Object.keys(v)) (v as Record<string, unknown>)[k] = unsafeAll((v as Record<string, unknown>)[k])
  }
  return v
}

/** Resolves a plain (unquoted, untagged) scalar as PyYAML does. */
function resolvePlain(text: string): unknown {
  if (NULL_RE.test(text)) return null
  if (text in BOOLS) return BOOLS[text]
  if (text === '<<') return MERGE_KEY
  const c = text.charCodeAt(0)
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46
  if (!numeric) return text
  const date = DATE_RE.exec(text)
  if (date) return new PyDate(Number(date[1]), Number(date[2]), Number(date[3]))
  if (INT_RE.test(text)) return constructInt(text)
  if (FLOAT_RE.test(text)) return constructFloat(text)
  return text
}

function constructInt(text: string): number | undefined {
  let s = text.replace(/_/g, '')
  let sign = 1
  if (s[0] === '-') sign = -1
  if (s[0] === '-' || s[0] === '+') s = s.slice(1)
  if (s === '0') return 0
  if (s.startsWith('0b')) return sign * parseInt(s.slice(2), 2)
  if (s.startsWith('0x')) return sign * parseInt(s.slice(2), 16)
  if (s[0] === '0') return sign * parseInt(s, 8)
  if (s.includes(':')) return sign * sexagesimal(s)
  const n = Number(s)
  return Number.isFinite(n) ? sign * n : undefined
}

function constructFloat(text: string): unknown {
  let s = text.replace(/_/g, '').toLowerCase()
  let sign = 1
  if (s[0] === '-') sign = -1
  if (s[0] === '-' || s[0] === '+') s = s.slice(1)
  if (s === '.inf') return sign * Infinity
  if (s === '.nan') return NaN
  const n = s.includes(':') ? sexagesimal(s) : Number(s)
  return Number.isNaN(n) ? undefined : pyFloat(sign * n)
}

function sexagesimal(s: string): number {
  return s.split(':').reduce((acc, part) => acc * 60 + Number(part), 0)
}
