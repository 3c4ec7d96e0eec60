/**
 * The `csvfile` lookup: the `col`th field of the first row whose first field is the key,
 * read with Python's csv module; options as keywords or (deprecated) `key k=v` terms.
 */
import { readFileSync } from 'node:fs'
import { csvRows, parseKv, pyStr, type LookupFn } from '../../src/plugin-kit.js'
import { AnsibleLookupError, findInSearchPath } from './errors.js'
import { decodeText, pyInt } from './options.js'

const OPTIONS = ['col', 'default', 'delimiter', 'file', 'encoding']

const csvfile: LookupFn = (terms, kwargs, ctx) => {
  const params: Record<string, unknown> = { col: '1', default: null, delimiter: 'TAB', file: 'ansible.csv', encoding: 'utf-8' }
  for (const k of OPTIONS) if (kwargs[k] !== undefined) params[k] = kwargs[k]
  const ret: unknown[] = []
  for (const term of terms) {
    const kv = parseKv(pyStr(term))
    if (!('_raw_params' in kv)) throw new AnsibleLookupError('Search key is required but was not found')
    const key = pyStr(kv._raw_params)
    for (const [name, value] of Object.entries(kv)) {
      if (name === '_raw_params') continue
      if (!(name in params)) throw new AnsibleLookupError(`${name} is not a valid option`)
      params[name] = value
    }
    if (params.delimiter === 'TAB') params.delimiter = '\t'
    const path = findInSearchPath(ctx, 'files', pyStr(params.file))
    const v = readCsv(path, key, pyStr(params.delimiter), pyStr(params.encoding), params.default, params.col)
    if (v !== null && v !== undefined) {
      if (Array.isArray(v)) ret.push(...v)
      else ret.push(v)
    }
  }
  return ret
}

function readCsv(file: string | null, key: string, delimiter: string, encoding: string, dflt: unknown, col: unknown): unknown {
  try {
    if (file === null) throw new Error("[Errno 2] No such file or directory: b'None'")
    for (const row of csvRows(decodeText(readFileSync(file), encoding), delimiter)) {
      if (row.length && row[0] === key) {
        const i = pyInt(col)
        const at = i < 0 ? row.length + i : i
        if (at < 0 || at >= row.length) throw new Error('list index out of range')
        return row[at]
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    const msg = err.code === 'ENOENT' ? `[Errno 2] No such file or directory: b'${file}'` : err.message
    throw new AnsibleLookupError(`csvfile: ${msg}`)
  }
  return dflt
}

export const csvfileLookups: Record<string, LookupFn> = { csvfile }
