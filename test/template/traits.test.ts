/**
 * Which templates may change what they read (and so get their own copies of variables),
 * and that the others, which read the stored values directly, never hand them out.
 */
import { describe, expect, it } from 'vitest'
import { compileTemplate } from '../../src/template/engine/compile.js'
import { ChainSource } from '../../src/vars/chain-source.js'
import { makeTemplar } from './corpus-runner.js'

const traits = (src: string) => compileTemplate(src, { trimBlocks: true, lstripBlocks: false, keepTrailingNewline: false, newlineSequence: '\n' }).traits

describe('template traits', () => {
  it.each([
    ['{{ x }}', false],
    ['{{ x | default([]) | length }}', false],
    ["{{ x.keys() | list }}{{ x.get('a') }}{{ s.split(',') }}", false],
    ['{% for i in x %}{{ loop.index }}{% endfor %}', false],
    ['{% set ns = namespace(v=1) %}{% set ns.v = 2 %}{{ ns.v }}', false],
    ['{{ x.append(1) }}', true],
    ['{% set _ = d.update({1: 2}) %}', true],
    ['{{ d.setdefault("k", []) }}', true],
    ["{{ x['append'](1) }}", true],
    ["{{ lookup('file', 'f') }}", true],
    ["{{ query('first_found', files) }}", true],
    ["{% include 'other.j2' %}", true],
    ['{% macro m(l) %}{{ l.pop() }}{% endmacro %}{{ m(x) }}', true],
  ])('%s -> mutates: %s', (src, mutates) => {
    expect(traits(src).mutates).toBe(mutates)
  })

  it('lists the filters and tests a template names, once each', () => {
    const t = traits('{{ a | map("int") | list | default(b | list) }}{% if a is defined and b is string %}{% endif %}{% filter upper %}x{% endfilter %}')
    expect(t.filters.sort()).toEqual(['default', 'list', 'map', 'upper'])
    expect(t.tests.sort()).toEqual(['defined', 'string'])
  })
})

describe('reading without copies', () => {
  it('a read-only template returns a copy of what it read, never the stored value', () => {
    const templar = makeTemplar()
    const stored = { list: [1, [2, 3]], dict: { a: { b: 1 } } }
    const scope = templar.scope(new ChainSource([stored]))
    const list = templar.template('{{ list }}', scope) as unknown[]
    const dict = templar.template('{{ dict | default({}) }}', scope) as Record<string, unknown>
    expect(list).toEqual(stored.list)
    expect(list).not.toBe(stored.list)
    expect(list[1]).not.toBe(stored.list[1])
    expect(dict.a).not.toBe(stored.dict.a)
  })

  it('a mutating template changes its own copy, in the template and not after it', () => {
    const templar = makeTemplar()
    const stored = { list: [1] }
    const scope = templar.scope(new ChainSource([stored]))
    expect(templar.template('{{ list.append(2) }}{{ list }}', scope)).toEqual([1, 2])
    expect(stored.list).toEqual([1])
  })

  it('a filter not marked read-only makes the template copy what it reads', () => {
    const mutating = (v: unknown) => {
      ;(v as unknown[]).push('x')
      return v
    }
    const templar = makeTemplar({ filters: { mutate: mutating } })
    const stored = { list: [1] }
    const scope = templar.scope(new ChainSource([stored]))
    expect(templar.template('{{ list | mutate }}', scope)).toEqual([1, 'x'])
    expect(stored.list).toEqual([1])
  })
})
