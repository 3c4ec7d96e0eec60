/**
 * merge_configs end to end over the local connection: sources templated on the
 * controller with the real templar (an include next to the source, as nova.conf.j2
 * does), missing sources skipped, merge order, whitespace, copy's result keys and
 * idempotence, check mode and diff.
 */
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleDefinition } from '../../../src/module-api/types.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'
import mergeConfigs from '../../../plugins/kolla/modules/merge-configs.js'
import { kollaModules } from '../../../plugins/kolla/index.js'


function env(vars: Record<string, unknown>, over: Partial<ModuleRunEnv> = {}): ModuleRunEnv {
  return moduleEnv(over, vars)
}

const mod: ModuleDefinition = mergeConfigs

function tree() {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-kolla-src-'))
  mkdirSync(join(dir, 'templates', 'svc.conf.d'), { recursive: true })
  writeFileSync(
    join(dir, 'templates', 'svc.conf.j2'),
    '[DEFAULT]\ndebug = {{ debug }}\nlog_dir = /var/log/kolla/svc\n\n{% include "svc.conf.d/extra.conf.j2" %}\n[database]\nconnection = mysql+pymysql://svc:{{ password }}@{{ host }}:3306/svc\nmax_retries = -1\n',
  )
  writeFileSync(join(dir, 'templates', 'svc.conf.d', 'extra.conf.j2'), '[extra]\npath = C:\\temp\n')
  writeFileSync(join(dir, 'global.conf'), '[DEFAULT]\ndebug = True\n')
  writeFileSync(join(dir, 'svc.conf'), '[database]\nmax_retries = 10\n[new]\nk = v1\n  v2\n')
  return dir
}

describe('merge_configs', () => {
  it('is exported among kolla modules', () => {
    expect(kollaModules.map((m) => m.name)).toEqual(expect.arrayContaining(['merge_configs', 'merge_yaml', 'kolla_toolbox', 'kolla_container_facts']))
  })

  it('templates, merges in order, skips missing sources and writes like copy', async () => {
    const dir = tree()
    const dest = join(dir, 'out.conf')
    const sources = [join(dir, 'templates', 'svc.conf.j2'), join(dir, 'global.conf'), join(dir, 'missing.conf'), join(dir, 'svc.conf')]
    const e = env({ debug: false, password: 'p@ss', host: '192.0.2.10' })
    const r = await runModule(mod, { sources, dest, mode: '0660' }, e)
    expect(r.failed).toBeUndefined()
    expect(r.changed).toBe(true)
    // Recorded from ansible-core 2.14 running kolla's merge_configs on the same files: the
    // include's trailing newline is dropped and trim_blocks eats the one after `%}`.
    const expected =
      '[DEFAULT]\ndebug = True\nlog_dir = /var/log/kolla/svc\n\n[extra]\npath = C:\\temp[database]\nconnection = mysql+pymysql://svc:p@ss@192.0.2.10:3306/svc\nmax_retries = -1\n\n[database]\nmax_retries = 10\n\n[new]\nk = v1\n    v2\n\n'
    expect(readFileSync(dest, 'utf8')).toBe(expected)
    expect((statSync(dest).mode & 0o777).toString(8)).toBe('660')
    expect(r.checksum).toMatch(/^[0-9a-f]{40}$/)
    expect(r.dest).toBe(dest)
    expect(r.mode).toBe('0660')
    expect(r.checksum).toBe('02f7384b82e2c31cadae818a66f88c01c8d671c1')
    expect(r.md5sum).toBe('f91b97f8872646b6fe242220705e8376')
    expect(r.size).toBe(212)
    expect(r.state).toBe('file')

    const again = await runModule(mod, { sources, dest, mode: '0660' }, e)
    expect(again.changed).toBe(false)
    expect(again.checksum).toBe(r.checksum)
    // ansible-core 2.14's keys for the unchanged case (copy's file-module path)
    expect(again).toMatchObject({ dest, path: dest, mode: '0660', size: 212, state: 'file' })
    expect(again.md5sum).toBeUndefined()
  })

  it('accepts a single source and whitespace: false', async () => {
    const dir = tree()
    const dest = join(dir, 'out.conf')
    const r = await runModule(mod, { sources: join(dir, 'svc.conf'), dest, whitespace: false }, env({}))
    expect(r.changed).toBe(true)
    expect(readFileSync(dest, 'utf8')).toBe('[database]\nmax_retries=10\n\n[new]\nk=v1\n  v2\n\n')
  })

  it('writes into a directory dest as dest/source, as copy does with the temp file', async () => {
    const dir = tree()
    mkdirSync(join(dir, 'ddir'))
    const r = await runModule(mod, { sources: [join(dir, 'global.conf')], dest: join(dir, 'ddir') }, env({}))
    expect(r.changed).toBe(true)
    expect(r.dest).toBe(join(dir, 'ddir', 'source'))
    // checksum and md5 as ansible-core recorded them for the same content
    expect(r.checksum).toBe('901df4996b75709db7166ce3a1a1f89f3222caca')
    expect(r.md5sum).toBe('a03566f77fe7f720deb656f092ecc433')
    expect(readFileSync(join(dir, 'ddir', 'source'), 'utf8')).toBe('[DEFAULT]\ndebug = True\n\n')
  })

  it('writes an empty file when no source exists', async () => {
    const dir = tree()
    const dest = join(dir, 'out.conf')
    const r = await runModule(mod, { sources: [join(dir, 'nope')], dest }, env({}))
    expect(r.changed).toBe(true)
    expect(readFileSync(dest, 'utf8')).toBe('')
  })

  it('reports a change in check mode without writing, with a diff', async () => {
    const dir = tree()
    const dest = join(dir, 'out.conf')
    writeFileSync(dest, '[database]\nmax_retries = 1\n\n')
    const r = await runModule(mod, { sources: [join(dir, 'svc.conf')], dest }, env({}, { check: true, diff: true }))
    expect(r.changed).toBe(true)
    expect(readFileSync(dest, 'utf8')).toBe('[database]\nmax_retries = 1\n\n')
    const diff = r.diff as { before: string; after: string }
    expect(diff.before).toBe('[database]\nmax_retries = 1\n\n')
    expect(diff.after).toBe('[database]\nmax_retries = 10\n\n[new]\nk = v1\n    v2\n\n')
  })

  it('fails with oslo.config wording on a parse error, counting lines across sources', async () => {
    const dir = tree()
    writeFileSync(join(dir, 'bad.conf'), '[a]\nno separator\n')
    const r = await runModule(mod, { sources: [join(dir, 'global.conf'), join(dir, 'bad.conf')], dest: join(dir, 'o') }, env({}))
    expect(r.failed).toBe(true)
    expect(r.msg).toBe("Unexpected failure during module execution: at line 4, No ':' or '=' found in assignment: 'no separator'")
    expect(existsSync(join(dir, 'o'))).toBe(false)
  })

  it('fails like the Python action on a directory source and on an undefined variable', async () => {
    const dir = tree()
    const r = await runModule(mod, { sources: [join(dir, 'templates')], dest: join(dir, 'o') }, env({}))
    expect(r.msg).toBe(`Unexpected failure during module execution: [Errno 21] Is a directory: '${join(dir, 'templates')}'`)
    expect(r.stdout).toBe('')
    writeFileSync(join(dir, 'u.conf'), '[a]\nk = {{ nosuchvar }}\n')
    const u = await runModule(mod, { sources: [join(dir, 'u.conf')], dest: join(dir, 'o') }, env({}))
    // ansible-core 2.14: "'nosuchvar' is undefined. 'nosuchvar' is undefined"
    expect(u.failed).toBe(true)
    expect(String(u.msg)).toMatch(/^'nosuchvar' is undefined/)
  })

  it('reads CRLF sources as Python text mode does', async () => {
    const dir = tree()
    writeFileSync(join(dir, 'crlf.conf'), '[a]\r\nk = "v"\r\n  w\r\n')
    const dest = join(dir, 'o')
    await runModule(mod, { sources: [join(dir, 'crlf.conf')], dest }, env({}))
    expect(readFileSync(dest, 'utf8')).toBe('[a]\nk = v\n    w\n\n')
  })
})
