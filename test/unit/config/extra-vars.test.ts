import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadExtraVars } from '../../../src/cli/extra-vars.js'
import { OptionsError } from '../../../src/errors/errors.js'

describe('-e extra vars (load_extra_vars)', () => {
  it('keeps k=v values as strings', () => {
    expect(loadExtraVars(['a=1 b=true', 'c="x y"'], false)).toEqual({ a: '1', b: 'true', c: 'x y' })
  })

  it('parses YAML/JSON values and @files, later values winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-ev-'))
    writeFileSync(join(dir, 'vars.yml'), 'a: 1\nd: {x: 1, y: 2}\nflag: yes\n')
    const v = loadExtraVars(['@vars.yml', '{"d": {"x": 3}}'], false, dir)
    expect(v).toEqual({ a: 1, d: { x: 3 }, flag: true })
    expect(loadExtraVars(['@vars.yml', '{"d": {"x": 3}}'], true, dir).d).toEqual({ x: 3, y: 2 })
  })

  it('asks for @ before a file name', () => {
    expect(() => loadExtraVars(['./vars.yml'], false)).toThrow(OptionsError)
    expect(() => loadExtraVars(['/abs.yml'], false)).toThrow("Please prepend extra_vars filename '/abs.yml' with '@'")
  })

  it('rejects an @file that holds no dictionary, empty or only comments, naming its absolute path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-ev-'))
    writeFileSync(join(dir, 'empty.yml'), '')
    writeFileSync(join(dir, 'comment.yml'), '# nothing\n')
    writeFileSync(join(dir, 'list.yml'), '- a\n')
    for (const f of ['empty.yml', 'comment.yml', 'list.yml']) {
      expect(() => loadExtraVars([`@${f}`], false, dir)).toThrow(`Invalid extra vars data supplied. '@${realpathSync(join(dir, f))}' could not be made into a dictionary`)
    }
    expect(loadExtraVars(['', '{}'], false, dir)).toEqual({})
  })
})
