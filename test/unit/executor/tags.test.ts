import { describe, expect, it } from 'vitest'
import { shouldRun } from '../../../src/executor/tags.js'

const sel = (only: string[], skip: string[] = []) => ({ only: new Set(only), skip: new Set(skip) })

// Taggable.evaluate_tags semantics, incl. the special tags.
describe('tag selection', () => {
  it.each([
    [[], ['all'], [], true],
    [['a'], ['all'], [], true],
    [['never'], ['all'], [], false],
    [['never', 'debug'], ['debug'], [], true],
    [['always'], ['other'], [], true],
    [['always'], ['other'], ['always'], false],
    [['a'], ['b'], [], false],
    [[], ['tagged'], [], false],
    [['a'], ['tagged'], [], true],
    [[], ['untagged'], [], true],
    [['a'], ['all'], ['a'], false],
    [['a'], ['all'], ['tagged'], false],
    [[], ['all'], ['tagged'], true],
    [['always'], ['all'], ['all'], true],
    [['x'], ['all'], ['all'], false],
  ])('tags %j with --tags %j --skip-tags %j → %s', (tags, only, skip, expected) => {
    expect(shouldRun(new Set(tags), sel(only, skip))).toBe(expected)
  })
})
