import { describe, expect, it } from 'vitest'
import { ansibleVersion } from '../../../src/engine/magic.js'
import { EngineError } from '../../../src/errors/errors.js'

describe('ansible_version (CLI.version_info)', () => {
  it('is the ansible-core version tsible is compatible with by default', () => {
    expect(ansibleVersion(null)).toEqual({ string: '2.14.18', full: '2.14.18', major: 2, minor: 14, revision: 18 })
    expect(ansibleVersion('  ')).toEqual(ansibleVersion(undefined))
  })

  it('is the version a site declares, shaped as Ansible shapes its own', () => {
    expect(ansibleVersion('2.19.3')).toEqual({ string: '2.19.3', full: '2.19.3', major: 2, minor: 19, revision: 3 })
    expect(ansibleVersion('2.19')).toEqual({ string: '2.19', full: '2.19', major: 2, minor: 19, revision: 0 })
    expect(ansibleVersion('2.20.0rc1')).toEqual({ string: '2.20.0rc1', full: '2.20.0rc1', major: 2, minor: 20, revision: '0rc1' })
  })

  it('rejects a value that is no version, naming the setting', () => {
    expect(() => ansibleVersion('banana')).toThrow(EngineError)
    expect(() => ansibleVersion('2')).toThrow("Invalid ansible_version '2' in the [tsible] ansible_version setting (TSIBLE_ANSIBLE_VERSION)")
  })
})
