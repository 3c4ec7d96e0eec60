/**
 * Every Jinja2 template and every templated YAML string of kolla-ansible 2023.1 must
 * compile (parse) with tsible's Jinja layer.
 */
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileTemplate } from '../../src/template/engine/compile.js'
import { loadYaml } from '../../src/yaml/load.js'
import { filesBelow, KOLLA_CORPUS as CORPUS, stringsIn as strings } from '../helpers/kolla-corpus.js'

const OPTS = { trimBlocks: true, lstripBlocks: false, keepTrailingNewline: false, newlineSequence: '\n' }

const files = filesBelow(CORPUS)

describe('kolla-ansible 2023.1 templates compile', () => {
  it('every .j2 template', () => {
    const failures: string[] = []
    const j2 = files.filter((f) => f.endsWith('.j2'))
    for (const f of j2) {
      let text = readFileSync(f, 'utf8')
      const opts = { ...OPTS }
      if (text.startsWith('#jinja2:')) {
        const line = text.slice(8, text.indexOf('\n'))
        if (/trim_blocks:\s*False/.test(line)) opts.trimBlocks = false
        if (/lstrip_blocks:\s*True/.test(line)) opts.lstripBlocks = true
        text = text.slice(text.indexOf('\n') + 1)
      }
      try {
        compileTemplate(text, opts)
      } catch (e) {
        failures.push(`${relative(CORPUS, f)}: ${(e as Error).message}`)
      }
    }
    expect(j2.length).toBeGreaterThan(400)
    expect(failures).toEqual([])
  })

  it('every templated YAML string', () => {
    const failures: string[] = []
    let count = 0
    for (const f of files.filter((x) => x.endsWith('.yml'))) {
      for (const s of strings(loadYaml(readFileSync(f, 'utf8'), f))) {
        if (!s.includes('{{') && !s.includes('{%')) continue
        count++
        try {
          compileTemplate(s, OPTS)
        } catch (e) {
          failures.push(`${relative(CORPUS, f)}: ${JSON.stringify(s).slice(0, 120)}: ${(e as Error).message}`)
        }
      }
    }
    expect(count).toBeGreaterThan(10000)
    expect(failures).toEqual([])
  })
})
