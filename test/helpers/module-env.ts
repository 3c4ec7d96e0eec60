/**
 * A module run environment for tests: the real local connection, a temp directory for
 * the controller side, and (optionally) the real templar rendering with given variables,
 * as run-host-module.ts wires them for a task.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalConnection } from '../../src/connection/local.js'
import type { ModuleRunEnv } from '../../src/executor/run-context.js'
import { createTemplar } from '../../src/template/index.js'
import { DEFAULT_MANAGED_STR, generateTemplateVars } from '../../src/template/template-vars.js'
import { ChainSource } from '../../src/vars/chain-source.js'
import { jinja2Filters } from '../../src/template/builtins/filters.js'
import { jinja2Tests } from '../../src/template/builtins/tests.js'
import { NO_SECRETS } from '../../src/vault/vault.js'

export function moduleEnv(over: Partial<ModuleRunEnv> = {}, vars?: Record<string, unknown>): ModuleRunEnv {
  const tmp = mkdtempSync(join(tmpdir(), 'tsible-module-'))
  const render = vars ? templateRenderer(vars) : (text: string) => text
  return {
    connection: new LocalConnection(),
    hostname: 'h1',
    check: false,
    diff: false,
    verbosity: 0,
    environment: {},
    noLog: false,
    facts: {},
    controller: {
      findFile: () => null,
      renderTemplate: render,
      templateVars: (path, fullpath, destPath) => generateTemplateVars(DEFAULT_MANAGED_STR, path, fullpath, destPath),
      tmpDir: () => tmp,
      readFile: (p, o) => NO_SECRETS.readFile(p, { ...o, asFile: true }),
    },
    ...over,
  }
}

type Render = ModuleRunEnv['controller']['renderTemplate']

function templateRenderer(vars: Record<string, unknown>): Render {
  const templar = createTemplar({ filters: jinja2Filters as never, tests: jinja2Tests as never, lookups: {} as never })
  const scope = templar.scope(new ChainSource([vars]))
  return (text, o) =>
    templar.renderFile(text, o.vars ? scope.child(o.vars) : scope, {
      path: o.path,
      searchPath: o.searchPath,
      escapeBackslashes: o.escapeBackslashes,
      convertData: o.convertData,
    })
}
