/**
 * Display against ansible-core's own Display (goldens from tools/gen_goldens.py): banners
 * at two widths, wide characters, warning/error/deprecation wrapping and de-duplication,
 * verbosity thresholds.
 */
import { describe, expect, it } from 'vitest'
import { bannerColumns, createDisplay, Display } from '../../../src/output/display.js'
import { useColor } from '../../../src/output/color.js'
import { golden } from './goldens.js'

type Call = [string, ...unknown[]]

describe('Display equals ansible.utils.display.Display', () => {
  for (const c of golden<{ columns: number; verbosity: number; calls: Call[]; stdout: string; stderr: string }>('display.json')) {
    it(`columns=${c.columns} verbosity=${c.verbosity}`, () => {
      let stdout = ''
      let stderr = ''
      const d = new Display({
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        columns: c.columns,
        verbosity: c.verbosity,
      })
      for (const [name, ...args] of c.calls) {
        if (name === 'banner') d.banner(args[0] as string)
        else if (name === 'warning') d.warning(args[0] as string, (args[1] as boolean) ?? false)
        else if (name === 'error') d.error(args[0] as string, (args[1] as boolean) ?? true)
        else if (name === 'verbose') d.verbose(args[0] as string, (args[1] as string | null) ?? undefined, args[2] as number)
        else if (name === 'deprecated') {
          const dep = args[0] as Record<string, string>
          d.deprecated({ msg: dep.msg!, version: dep.version, date: dep.date, collectionName: dep.collection_name })
        }
      }
      expect(stdout).toBe(c.stdout)
      expect(stderr).toBe(c.stderr)
    })
  }

  it('throws for a removed feature, as Ansible raises AnsibleError', () => {
    const d = new Display({ stdout: { write: () => {} }, stderr: { write: () => {} } })
    expect(() => d.deprecated({ msg: 'gone', removed: true })).toThrow('[DEPRECATED]: gone. This feature was removed in a future release. Please update your playbooks.')
  })

  it('sizes banners like Ansible: 79 columns off a terminal, max(79, columns - 1) on one', () => {
    expect(bannerColumns(false, 200)).toBe(79)
    expect(bannerColumns(true, 200)).toBe(199)
    expect(bannerColumns(true, 60)).toBe(79)
  })

  it('colours only on a terminal without nocolor, or with force_color (which wins over nocolor)', () => {
    expect(useColor({ isTTY: false })).toBe(false)
    expect(useColor({ isTTY: true })).toBe(true)
    expect(useColor({ isTTY: true, nocolor: true })).toBe(false)
    expect(useColor({ isTTY: false, forceColor: true })).toBe(true)
    expect(useColor({ nocolor: true, forceColor: true })).toBe(true)
  })
})

describe('createDisplay', () => {
  it('takes the width and colour from the stdout terminal', () => {
    const sink = { write: () => {} }
    expect(createDisplay({ stdout: { ...sink, isTTY: true, columns: 120 }, stderr: sink }, {}).columns).toBe(119)
    expect(createDisplay({ stdout: { ...sink, isTTY: true, columns: 120 }, stderr: sink }, {}).colors.enabled).toBe(true)
    expect(createDisplay({ stdout: { ...sink, columns: 120 }, stderr: sink }, {}).columns).toBe(79)
    expect(createDisplay({ stdout: sink, stderr: sink }, { forceColor: true }).colors.enabled).toBe(true)
  })
})
