/**
 * kolla-ansible's own plugins, reimplemented: its Jinja filters, its `merge_configs` and
 * `merge_yaml` actions (modules here: they run on the controller and write through the
 * copy path), and its container modules.
 */
import { type ModuleDefinition } from '../../src/plugin-kit.js'
import { kollaFilters } from './filters.js'
import kollaContainerFacts from './modules/kolla-container-facts.js'
import kollaToolbox from './modules/kolla-toolbox.js'
import kollaContainerVolumeFacts from './modules/kolla-container-volume-facts.js'
import dockerPrune from './modules/docker-prune.js'
import kollaDocker from './modules/kolla-docker.js'
import mergeConfigs from './modules/merge-configs.js'
import mergeYaml from './modules/merge-yaml.js'

export { kollaFilters }

export const kollaModules: ModuleDefinition[] = [
  kollaToolbox,
  kollaContainerFacts,
  mergeConfigs,
  mergeYaml,
  kollaContainerVolumeFacts,
  dockerPrune,
  kollaDocker,
]
