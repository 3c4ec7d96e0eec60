/**
 * Everything tsible ships: modules, actions, filters, tests, lookups, kolla's plugins,
 * the module runtime and the templar factory. The one place the engine learns about the
 * bundled plugin trees.
 */
import { builtinActions } from '../../plugins/action/index.js'
import { ansibleFilters } from '../../plugins/filter/index.js'
import { kollaFilters, kollaModules } from '../../plugins/kolla/index.js'
import { lookups } from '../../plugins/lookup/index.js'
import { ansibleTests } from '../../plugins/test/index.js'
import { builtinModules } from '../../modules/index.js'
import { runModule } from '../module-api/run-module.js'
import { jinja2Filters } from '../template/builtins/filters.js'
import { jinja2Tests } from '../template/builtins/tests.js'
import { createTemplar } from '../template/index.js'

export const builtins = {
  modules: [...builtinModules, ...kollaModules],
  actions: builtinActions,
  filters: { ...jinja2Filters, ...ansibleFilters, ...kollaFilters },
  tests: { ...jinja2Tests, ...ansibleTests },
  lookups,
  runModule,
  createTemplar,
}
