/**
 * The `ini` lookup: a key (or every key a regex matches) of a section of an INI or Java
 * properties file, read with Python's configparser; options as keywords or (deprecated)
 * inline `key k=v` terms.
 */
import { readFileSync } from 'node:fs'
import { ConfigParser, ConfigParserError, PyRegex, pyStr, pyTruthy, type LookupFn } from '../../src/plugin-kit.js'
import { AnsibleLookupError, findInSearchPath } from './errors.js'
import { decodeText, optionBool } from './options.js'

const DEFAULTS: Record<string, unknown> = {
  type: 'ini',
  file: 'ansible.ini',
  section: 'global',
  re: false,
  encoding: 'utf-8',
  default: '',
  case_sensitive: false,
  allow_no_value: false,
}

/** _parse_params: words split on spaces, a word naming an option starting that option's value. */
function parseParams(term: string, valid: string[]): string[] {
  const params = new Map<string, string>()
  const keys: string[] = []
  let thiskey = 'key'
  pySplit(term).forEach((phrase, i) => {
    if (phrase.includes('=')) for (const k of valid) if (phrase.includes(`${k}=`)) thiskey = k
    if (i === 0 || !params.get(thiskey)) {
      params.set(thiskey, phrase)
      keys.push(thiskey)
    } else params.set(thiskey, `${params.get(thiskey)} ${phrase}`)
  })
  return keys.map((k) => params.get(k) ?? '')
}

function pySplit(s: string): string[] {
  return s.split(/[\s\u001c-\u001f\u0085]+/u).filter(Boolean)
}

const ini: LookupFn = (terms, kwargs, ctx) => {
  const paramvals: Record<string, unknown> = { ...DEFAULTS }
  for (const k of Object.keys(DEFAULTS)) if (kwargs[k] !== undefined) paramvals[k] = kwargs[k]
  if (kwargs.allow_none !== undefined && kwargs.allow_no_value === undefined) paramvals.allow_no_value = kwargs.allow_none
  paramvals.re = optionBool(paramvals.re)
  paramvals.allow_no_value = optionBool(paramvals.allow_no_value)
  const cp = new ConfigParser({
    allowNoValue: paramvals.allow_no_value as boolean,
    optionxform: pyTruthy(paramvals.case_sensitive) ? (s) => s : undefined,
  })
  const ret: unknown[] = []
  for (const t of terms) {
    const term = pyStr(t)
    let key = term
    if (term.includes('=') || pySplit(term).length > 1) {
      const params = parseParams(term, Object.keys(paramvals))
      let updatedKey = false
      for (const param of params) {
        if (param.includes('=')) {
          const parts = param.split('=')
          if (parts.length !== 2) {
            throw new AnsibleLookupError(`Could not use '${param}' from '${pyListRepr(params)}': too many values to unpack (expected 2)`, 'AnsibleLookupError')
          }
          const [name, value] = parts
          if (!(name in paramvals)) throw new AnsibleLookupError(`${name} is not a valid option.`, 'AnsibleLookupError')
          paramvals[name] = value
        } else if (key === term) {
          key = param
          updatedKey = true
        }
      }
      if (!updatedKey) throw new AnsibleLookupError(`No key to lookup was provided as first term with in string inline options: ${term}`, 'AnsibleOptionsError')
    }
    const path = findInSearchPath(ctx, 'files', pyStr(paramvals.file))
    let text = ''
    if (paramvals.type === 'properties') {
      text = '[java_properties]\n'
      paramvals.section = 'java_properties'
    }
    if (path === null) throw new AnsibleLookupError('Invalid filename: \'None\'', 'AnsibleParserError')
    text += decodeText(readFileSync(path), pyStr(paramvals.encoding))
    try {
      cp.readString(text)
    } catch (e) {
      if (e instanceof ConfigParserError && e.pyClass === 'DuplicateOptionError') {
        throw new AnsibleLookupError(`Duplicate option in '${pyStr(paramvals.file)}': ${e.message}`, 'AnsibleLookupError')
      }
      throw e
    }
    const section = pyStr(paramvals.section)
    let v: unknown
    try {
      if (pyTruthy(paramvals.re)) {
        const re = new PyRegex(key)
        v = cp.items(section).filter(([k]) => re.match(k)).map(([, val]) => val)
      } else {
        try {
          v = cp.get(section, key)
        } catch (e) {
          if (!(e instanceof ConfigParserError && e.pyClass === 'NoOptionError')) throw e
          v = paramvals.default
        }
      }
    } catch (e) {
      if (e instanceof ConfigParserError && e.pyClass === 'NoSectionError') throw new AnsibleLookupError(`No section '${section}' in ${pyStr(paramvals.file)}`, 'AnsibleLookupError')
      throw e
    }
    if (v !== null && v !== undefined) {
      if (Array.isArray(v)) ret.push(...v)
      else ret.push(v)
    }
  }
  return ret
}

function pyListRepr(items: string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`
}

export const iniLookups: Record<string, LookupFn> = { ini }
