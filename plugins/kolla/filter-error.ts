import { PluginError } from '../../src/plugin-kit.js'

/** kolla's `FilterError` (an `AnsibleFilterError`). */
export class FilterError extends PluginError {
  constructor(message: string) {
    super(message)
    this.name = 'FilterError'
  }
}
