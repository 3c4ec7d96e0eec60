/** The bundled callbacks, by the names `stdout_callback` and `callbacks_enabled` use. */
import { type CallbackDefinition } from '../../src/plugin-kit.js'
import defaultCallback from './default.js'
import json from './json.js'
import minimal from './minimal.js'


export const BUNDLED_CALLBACKS: Readonly<Record<string, CallbackDefinition>> = {
  default: defaultCallback,
  'ansible.builtin.default': defaultCallback,
  minimal,
  'ansible.builtin.minimal': minimal,
  json,
  'ansible.posix.json': json,
}
