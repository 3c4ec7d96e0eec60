/** `tsible/engine`: running playbooks from code, as the CLI does. */
export { createRun, type EngineRequest, type Run } from './engine.js'
export { runPlaybooks } from './executor/run-playbook.js'
export { loadPlaybook } from './playbook/load-playbook.js'
export { loadConfig } from './config/load-config.js'
