/**
 * Runs a template corpus case with tsible's Templar: the same variables (loaded as Ansible
 * loads YAML), the same mode (string / file / conditional), and returns what record.py
 * stores for ansible-core's result: Python type name and repr, or the error.
 */
import { createTemplar } from '../../src/template/index.js'
import type { Templar } from '../../src/template/types.js'
import { ChainSource } from '../../src/vars/chain-source.js'
import { pyRepr, pyTypeName } from '../../src/py/values.js'
import { UndefinedVariableError } from '../../src/errors/errors.js'
import { ZeroDivisionError } from '../../src/template/runtime/ops.js'
import { jinja2Filters } from '../../src/template/builtins/filters.js'
import { jinja2Tests } from '../../src/template/builtins/tests.js'
import { ansibleFilters } from '../../plugins/filter/index.js'
import { ansibleTests } from '../../plugins/test/index.js'
import { lookups as ansibleLookups } from '../../plugins/lookup/index.js'

export interface CorpusCase {
  name: string
  template: string
  vars?: Record<string, unknown>
  mode?: 'string' | 'file' | 'conditional'
  expect?: { type: string; repr: string }
  error?: string
  needs?: string[]
}

export interface Outcome {
  expect?: { type: string; repr: string }
  error?: string
}

export function makeTemplar(extra: { filters?: Record<string, unknown>; tests?: Record<string, unknown>; lookups?: Record<string, unknown> } = {}): Templar {
  return createTemplar({
    filters: { ...jinja2Filters, ...ansibleFilters, ...(extra.filters as object) } as never,
    tests: { ...jinja2Tests, ...ansibleTests, ...(extra.tests as object) } as never,
    lookups: { ...ansibleLookups, ...(extra.lookups as object) } as never,
  })
}

export function runCase(templar: Templar, c: CorpusCase, rawVars: unknown): Outcome {
  const vars = (rawVars ?? {}) as Record<string, unknown>
  const scope = templar.scope(new ChainSource([vars]))
  try {
    let v: unknown
    if (c.mode === 'file') v = templar.renderFile(c.template, scope)
    else if (c.mode === 'conditional') v = templar.conditional(c.template, scope)
    else v = templar.template(c.template, scope)
    return { expect: { type: pyTypeName(v), repr: pyRepr(v) } }
  } catch (e) {
    const name = e instanceof UndefinedVariableError ? 'AnsibleUndefinedVariable' : e instanceof ZeroDivisionError ? 'ZeroDivisionError' : ((e as { pyClass?: string }).pyClass ?? 'AnsibleError')
    return { error: `${name}: ${(e as Error).message.split('\n')[0]}` }
  }
}
