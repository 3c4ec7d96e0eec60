import { describe, expect, it } from 'vitest'
import { loadYaml, positionOf, YamlSyntaxError } from '../../../src/yaml/load.js'
import { PyFloat } from '../../../src/py/values.js'
import { UnsafeText } from '../../../src/yaml/tagged.js'

describe('loadYaml (PyYAML 1.1 resolution)', () => {
  it.each([
    ['yes', true], ['No', false], ['on', true], ['OFF', false], ['True', true], ['false', false],
    ['0644', 420], ['0o644', '0o644'], ['0x1F', 31], ['0b101', 5], ['1_000', 1000], ['-17', -17],
    ['1:30', 90], ['1e5', '1e5'], ['~', null], ['null', null], ['', null], ['y', 'y'], ['n', 'n'],
    ['.inf', Infinity], ['12abc', '12abc'],
  ])('plain %j loads as %j', (src, expected) => {
    expect(loadYaml(`v: ${src}`)).toEqual({ v: expected })
  })

  it('keeps integral floats as floats', () => {
    const v = loadYaml('v: 2.0') as { v: unknown }
    expect(v.v).toBeInstanceOf(PyFloat)
    expect((v.v as PyFloat).value).toBe(2)
    expect(loadYaml('v: 2.5')).toEqual({ v: 2.5 })
    expect(loadYaml('v: 1.5e+3')).toEqual({ v: new PyFloat(1500) })
  })

  it('leaves quoted scalars as strings', () => {
    expect(loadYaml(`a: 'yes'\nb: "0644"\nc: !!str 12`)).toEqual({ a: 'yes', b: '0644', c: '12' })
  })

  it('recognises !unsafe', () => {
    const v = loadYaml("a: !unsafe '{{ x }}'") as { a: unknown }
    expect(v.a).toBeInstanceOf(UnsafeText)
    expect(String(v.a)).toBe('{{ x }}')
  })

  it('supports anchors, aliases and merge keys', () => {
    expect(loadYaml('a: &x {k: v, j: 1}\nb: *x\nc:\n  <<: *x\n  j: 2')).toEqual({
      a: { k: 'v', j: 1 },
      b: { k: 'v', j: 1 },
      c: { j: 2, k: 'v' },
    })
  })

  it('lets the last duplicate key win, with a warning', () => {
    const warnings: string[] = []
    expect(loadYaml('a: 1\na: 2', 'f.yml', { onWarning: (w) => warnings.push(w) })).toEqual({ a: 2 })
    expect(warnings[0]).toContain('found a duplicate dict key (a)')
    expect(warnings[0]).toContain('line 2, column 1')
  })

  it('records positions of mappings and sequences', () => {
    const doc = loadYaml('- name: t1\n  debug: msg=x\n- name: t2\n  shell: ls\n  args:\n    - a\n', 'pb.yml') as Record<string, unknown>[]
    expect(positionOf(doc)).toEqual({ file: 'pb.yml', line: 1, column: 1 })
    expect(positionOf(doc[1])).toEqual({ file: 'pb.yml', line: 3, column: 3 })
    expect(positionOf(doc[1].args)).toEqual({ file: 'pb.yml', line: 6, column: 5 })
    expect(positionOf('text')).toBeUndefined()
  })

  it('reports syntax errors with file, line and column', () => {
    try {
      loadYaml('a: 1\n b: 2\n- c', 'bad.yml')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(YamlSyntaxError)
      const err = e as YamlSyntaxError
      expect(err.location?.file).toBe('bad.yml')
      expect(err.location?.line).toBeGreaterThan(1)
      expect(err.message).toMatch(/^Syntax Error while loading YAML\./)
    }
  })
})
