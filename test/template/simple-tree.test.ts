/**
 * The fast path for templates made only of text and `{{ name.attr | filter }}`s must give
 * exactly the tree the parser gives: checked on every templated string of kolla-ansible
 * 2023.1 it accepts, and on hand-made cases at its edges.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTemplate, simpleTemplateTree } from '../../src/template/engine/compile.js'
import { loadYaml } from '../../src/yaml/load.js'
import { filesBelow, KOLLA_CORPUS, stringsIn } from '../helpers/kolla-corpus.js'

const OPTS = { trimBlocks: true, lstripBlocks: false }

/** A tree as plain data, without the parser's source positions. */
function plain(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(plain)
  if (node === null || typeof node !== 'object') return node
  const n = node as Record<string, unknown>
  if (typeof n.typename === 'string') {
    const out: Record<string, unknown> = { typename: n.typename }
    if ('value' in n) out.value = n.value
    if (Array.isArray(n.children)) out.children = plain(n.children)
    return out
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(n)) if (k !== 'lineno' && k !== 'colno' && v !== undefined) out[k] = plain(v)
  return out
}

describe('simple template trees', () => {
  it('equal the parser trees for every such template of the kolla corpus', () => {
    let accepted = 0
    const differing: string[] = []
    for (const f of filesBelow(KOLLA_CORPUS).filter((x) => x.endsWith('.yml'))) {
      for (const s of stringsIn(loadYaml(readFileSync(f, 'utf8'), f))) {
        if (!s.includes('{{')) continue
        const fast = simpleTemplateTree(s)
        if (!fast) continue
        accepted++
        if (JSON.stringify(plain(fast)) !== JSON.stringify(plain(parseTemplate(s, OPTS)))) differing.push(s)
      }
    }
    expect(accepted).toBeGreaterThan(3000)
    expect(differing).toEqual([])
  })

  it.each([
    'plain {{ a }} text',
    '{{a}}',
    '{{ a.b.c | bool | lower }}',
    '{{\ta\n| int }}',
    'x\n{{ y }}\n',
    '{{ a }}{{ b }}',
    '{{ loop.index }}',
    '{{ item.value.enabled | bool }}',
    'no template',
    '',
  ])('%j gives the parser tree', (src) => {
    const fast = simpleTemplateTree(src)
    expect(fast).toBeDefined()
    expect(plain(fast)).toEqual(plain(parseTemplate(src, OPTS)))
  })

  it.each([
    "{{ a['b'] }}",
    '{{ a(1) }}',
    "{{ a | default('x') }}",
    '{{ a + b }}',
    '{{ true }}',
    '{{ None | default }}',
    '{{ a.not }}',
    '{{- a }}',
    '{{ a -}}',
    '{% if a %}x{% endif %}',
    '{# c #}{{ a }}',
    'brace { {{ a }}',
    '{{ a.0 }}',
    '{{ ansible.builtin.x | ansible.builtin.bool }}',
  ])('%j is left to the parser', (src) => {
    expect(simpleTemplateTree(src)).toBeUndefined()
  })
})
