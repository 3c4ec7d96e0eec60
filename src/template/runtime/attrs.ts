/**
 * Attribute and item access as Jinja2 does it (`x.y` tries the attribute then the item,
 * `x[y]` the item then the attribute), with the methods of Python's str, list and dict
 * that templates call, and Ansible's lenient undefined chaining.
 */
import { isLazyMapping, type LazyMapping } from '../../py/lazy-mapping.js'
import { Undefined } from '../../py/undefined.js'
import { isDict, isNumber, PyTuple, pyTuple, pyStr, toNumber } from '../../py/values.js'
import { pyCallable, type PyCallable } from './callable.js'
import { listMethod } from './list-methods.js'
import { strMethod } from './str-methods.js'
import { missingMember } from './strict.js'

/** Objects whose attributes templates may read (namespace(), loop, cycler...). */
export const ATTRS = Symbol.for('tsible.py-attrs')
export interface HasAttrs {
  [ATTRS]: true
  getAttr(name: string): unknown
}

function hasAttrs(v: unknown): v is HasAttrs {
  return typeof v === 'object' && v !== null && (v as Partial<HasAttrs>)[ATTRS] === true
}

export function getattr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) return obj
  if (typeof obj === 'string') return strMethod(obj, name) ?? missingMember(obj, name)
  if (Array.isArray(obj)) return listMethod(obj, name) ?? missingMember(obj, name)
  if (hasAttrs(obj)) return obj.getAttr(name)
  if (isLazyMapping(obj)) return dictMethod(obj, name) ?? (obj.has(name) ? obj.get(name) : missingMember(obj, name))
  if (isDict(obj)) {
    const m = dictMethod(obj, name)
    if (m) return m
    return Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : missingMember(obj, name)
  }
  return missingMember(obj, name)
}

export function getitem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj
  if (key instanceof Undefined) return key
  if (isLazyMapping(obj)) {
    const k = pyStr(key)
    return obj.has(k) ? obj.get(k) : missingMember(obj, key)
  }
  if (isDict(obj)) {
    const k = typeof key === 'string' ? key : pyStr(key)
    if (Object.prototype.hasOwnProperty.call(obj, k)) return obj[k]
    return typeof key === 'string' ? getattr(obj, key) : missingMember(obj, key)
  }
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (isSliceKey(key)) return sliceOf(obj, key)
    if (isNumber(key) || typeof key === 'boolean') {
      const seq = typeof obj === 'string' ? Array.from(obj) : obj
      let i = toNumber(key)
      if (i < 0) i += seq.length
      return i >= 0 && i < seq.length ? seq[i] : missingMember(obj, toNumber(key))
    }
    if (typeof key === 'string') return getattr(obj, key)
    return missingMember(obj, key)
  }
  if (hasAttrs(obj) && typeof key === 'string') return obj.getAttr(key)
  return missingMember(obj, key)
}

/** A slice `start:stop:step` evaluated to values (null for a missing part). */
export class SliceKey {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

function isSliceKey(v: unknown): v is SliceKey {
  return v instanceof SliceKey
}

/** Python slicing of a list, tuple or string. */
function sliceOf<T extends unknown[] | string>(seq: T, key: SliceKey): T {
  const items = typeof seq === 'string' ? Array.from(seq) : (seq as unknown[])
  const n = items.length
  const step = key.step === null || key.step === undefined ? 1 : toNumber(key.step)
  if (step === 0) throw new Error('slice step cannot be zero')
  const norm = (v: unknown, dflt: number, lo: number, hi: number) => {
    if (v === null || v === undefined) return dflt
    let i = toNumber(v)
    if (i < 0) i += n
    return Math.min(Math.max(i, lo), hi)
  }
  const out: unknown[] = []
  if (step > 0) {
    const start = norm(key.start, 0, 0, n)
    const stop = norm(key.stop, n, 0, n)
    for (let i = start; i < stop; i += step) out.push(items[i])
  } else {
    const start = norm(key.start, n - 1, -1, n - 1)
    const stop = norm(key.stop, -1, -1, n - 1)
    for (let i = start; i > stop; i += step) out.push(items[i])
  }
  if (typeof seq === 'string') return out.join('') as T
  return (seq instanceof PyTuple ? pyTuple(out) : out) as T
}

type Mapping = Record<string, unknown> | LazyMapping

const keysOf = (m: Mapping): string[] => (isLazyMapping(m) ? m.keys() : Object.keys(m))
const valueOf = (m: Mapping, k: string): unknown => (isLazyMapping(m) ? m.get(k) : m[k])
const hasKey = (m: Mapping, k: string): boolean => (isLazyMapping(m) ? m.has(k) : Object.prototype.hasOwnProperty.call(m, k))

/** The dict methods templates use; the dict is mutated in place where Python does. */
function dictMethod(d: Mapping, name: string): PyCallable | undefined {
  switch (name) {
    case 'get':
      return pyCallable('get', ([k, dflt = null]) => {
        const key = typeof k === 'string' ? k : pyStr(k)
        return hasKey(d, key) ? valueOf(d, key) : dflt
      })
    case 'items':
      return pyCallable('items', () => keysOf(d).map((k) => pyTuple([k, valueOf(d, k)])))
    case 'keys':
      return pyCallable('keys', () => keysOf(d))
    case 'values':
      return pyCallable('values', () => keysOf(d).map((k) => valueOf(d, k)))
    case 'copy':
      return pyCallable('copy', () => Object.fromEntries(keysOf(d).map((k) => [k, valueOf(d, k)])))
  }
  if (isLazyMapping(d)) return undefined
  switch (name) {
    case 'update':
      return pyCallable('update', ([other], kwargs) => {
        if (isDict(other)) Object.assign(d, other)
        else if (Array.isArray(other)) for (const [k, v] of other as [string, unknown][]) d[k] = v
        Object.assign(d, kwargs)
        return null
      })
    case 'pop':
      return pyCallable('pop', ([k, ...dflt]) => {
        const key = pyStr(k)
        if (Object.prototype.hasOwnProperty.call(d, key)) {
          const v = d[key]
          delete d[key]
          return v
        }
        if (dflt.length) return dflt[0]
        throw new Error(`KeyError: ${pyStr(k)}`)
      })
    case 'setdefault':
      return pyCallable('setdefault', ([k, dflt = null]) => {
        const key = pyStr(k)
        if (!Object.prototype.hasOwnProperty.call(d, key)) d[key] = dflt
        return d[key]
      })
    case '__contains__':
      return pyCallable('__contains__', ([k]) => Object.prototype.hasOwnProperty.call(d, pyStr(k)))
  }
  return undefined
}

