/**
 * Interpreter discovery's decisions and warnings, for hosts that answer as the
 * distributions would (the commands are the real ones; the host is scripted, since one
 * machine cannot be every distribution), and once against this machine for real.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { discoverPython } from '../../src/python-modules/interpreter.js'

const FALLBACK = ['python3.11', '/usr/bin/python3', '/usr/bin/python', 'python']
const LINK = 'https://docs.ansible.com/ansible-core/2.14/reference_appendices/interpreter_discovery.html'

function host(platform: string, found: string[], osRelease: string | null) {
  const calls: string[] = []
  return {
    calls,
    h: {
      hostname: 'web1',
      async exec(command: string, stdin?: string) {
        calls.push(command)
        if (stdin === undefined) return { rc: 0, stdout: `PLATFORM\n${platform}\nFOUND\n${found.map((f) => `${f}\n`).join('')}ENDFOUND\n`, stderr: '' }
        return { rc: 0, stdout: JSON.stringify({ platform_dist_result: [], osrelease_content: osRelease }), stderr: '' }
      },
    },
  }
}

describe('discoverPython', () => {
  it('takes the system Python of a known distribution, silently', async () => {
    const { h, calls } = host('Linux', ['/usr/bin/python3.11', '/usr/bin/python3'], 'ID=debian\nVERSION_ID="12"\n')
    expect(await discoverPython(h, 'auto', FALLBACK)).toEqual({ interpreter: '/usr/bin/python3', warnings: [], shown: [] })
    expect(calls[0]).toBe("echo PLATFORM; uname; echo FOUND; command -v 'python3.11'; command -v '/usr/bin/python3'; command -v '/usr/bin/python'; command -v 'python'; echo ENDFOUND")
    expect(calls[1]).toBe('/usr/bin/python3.11')
  })

  it('maps a distribution to its family and matches the nearest older version', async () => {
    const { h } = host('Linux', ['/usr/libexec/platform-python', '/usr/bin/python3'], 'ID="rocky"\nVERSION_ID="8.9"\n')
    expect((await discoverPython(h, 'auto', FALLBACK)).interpreter).toBe('/usr/libexec/platform-python')
  })

  it('warns when the distribution is unknown, and not in silent mode', async () => {
    const { h } = host('Linux', ['/usr/bin/python3'], 'ID=ol\nVERSION_ID=9\n')
    const warn = `Platform linux on host web1 is using the discovered Python interpreter at /usr/bin/python3, but future installation of another Python interpreter could change the meaning of that path. See ${LINK} for more information.`
    expect(await discoverPython(h, 'auto', FALLBACK)).toEqual({ interpreter: '/usr/bin/python3', warnings: [warn], shown: [] })
    expect((await discoverPython(host('Linux', ['/usr/bin/python3'], 'ID=ol\n').h, 'auto_silent', FALLBACK)).warnings).toEqual([])
  })

  it('keeps /usr/bin/python under auto_legacy, with its warning', async () => {
    const { h } = host('Linux', ['/usr/bin/python3', '/usr/bin/python'], 'ID=ubuntu\nVERSION_ID="22.04"\n')
    expect(await discoverPython(h, 'auto_legacy', FALLBACK)).toEqual({
      interpreter: '/usr/bin/python',
      warnings: [`Distribution ubuntu 22.04 on host web1 should use /usr/bin/python3, but is using /usr/bin/python for backward compatibility with prior Ansible releases. See ${LINK} for more information`],
      shown: [],
    })
  })

  it('falls back to the first Python found when the platform one is missing', async () => {
    const { h } = host('Linux', ['/usr/local/bin/python3.11'], 'ID=debian\nVERSION_ID=11\n')
    expect((await discoverPython(h, 'auto', FALLBACK)).warnings).toEqual([
      `Distribution debian 11 on host web1 should use /usr/bin/python3, but is using /usr/local/bin/python3.11, since the discovered platform python interpreter was not present. See ${LINK} for more information.`,
    ])
  })

  it('says when no Python is there at all', async () => {
    expect(await discoverPython(host('Linux', [], null).h, 'auto', FALLBACK)).toEqual({
      interpreter: '/usr/bin/python',
      warnings: ["No python interpreters found for host web1 (tried ['python3.11', '/usr/bin/python3', '/usr/bin/python', 'python'])"],
      shown: [],
    })
  })

  it('discovers this machine\'s Python with real commands', async () => {
    const h = {
      hostname: 'local',
      exec: async (command: string, stdin?: string) => {
        const r = spawnSync('/bin/sh', ['-c', command], { input: stdin, encoding: 'utf8' })
        return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
      },
    }
    const r = await discoverPython(h, 'auto_silent', FALLBACK)
    expect(r.interpreter).toMatch(/^\/.*python/)
    expect(spawnSync(r.interpreter, ['-c', 'print(1)'], { encoding: 'utf8' }).stdout).toBe('1\n')
  })
})
