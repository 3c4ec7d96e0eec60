import { describe, expect, it } from 'vitest'
import { pctToInt, serialBatches } from '../../../src/executor/serial.js'

const hosts = ['h1', 'h2', 'h3', 'h4', 'h5']

describe('serial batches (PlaybookExecutor._get_serialized_batches)', () => {
  it.each([
    [undefined, [['h1', 'h2', 'h3', 'h4', 'h5']]],
    ['0', [['h1', 'h2', 'h3', 'h4', 'h5']]],
    [0, [['h1', 'h2', 'h3', 'h4', 'h5']]],
    [2, [['h1', 'h2'], ['h3', 'h4'], ['h5']]],
    ['30%', [['h1'], ['h2'], ['h3'], ['h4'], ['h5']]],
    ['40%', [['h1', 'h2'], ['h3', 'h4'], ['h5']]],
    [[1, '40%', 3], [['h1'], ['h2', 'h3'], ['h4', 'h5']]],
    [[1, 2], [['h1'], ['h2', 'h3'], ['h4', 'h5']]],
    [['1', '100%'], [['h1'], ['h2', 'h3', 'h4', 'h5']]],
  ])('serial %j', (serial, expected) => {
    expect(serialBatches(hosts, serial)).toEqual(expected)
  })

  it('rounds percentages down but never below one host', () => {
    expect(pctToInt('33%', 9)).toBe(2)
    expect(pctToInt('1%', 9)).toBe(1)
    expect(pctToInt('100%', 9)).toBe(9)
  })
})
