/**
 * Everything tsible ships: modules, actions, filters, tests, lookups, kolla's plugins,
 * the module runtime and the templar factory. The one place the engine learns about the
 * bundled plugin trees.
 */
import { builtinActions } from '../../plugins/action/index.js'
import { ansibleFilters } from '../../plugins/filter/index.js'
import { jinja2Filters } from '../../plugins/filter/jinja2.js'
import { jinja2ExtraFilters } from '../../plugins/filter/jinja2-extra.js'
import { datetimeFilters } from '../../plugins/filter/datetime.js'
import { kollaFilters, kollaModules } from '../../plugins/kolla/index.js'
import { lookups } from '../../plugins/lookup/index.js'
import { ansibleTests } from '../../plugins/test/index.js'
import { jinja2Tests } from '../../plugins/test/jinja2.js'
import { builtinModules } from '../../modules/index.js'
import { runModule } from '../module-api/run-module.js'
import { createTemplar } from '../template/index.js'

export const builtins = {
  modules: [...builtinModules, ...kollaModules],
  actions: builtinActions,
  filters: { ...jinja2Filters, ...jinja2ExtraFilters, ...ansibleFilters, ...datetimeFilters, ...kollaFilters },
  tests: { ...jinja2Tests, ...ansibleTests },
  lookups,
  runModule,
  createTemplar,
}
