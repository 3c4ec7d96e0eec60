/** The Jinja layer: `createTemplar` builds the run's Templar (see types.ts for the contract). */
import { AnsibleTemplar, type TemplarOptions } from './templar.js'
import type { Templar } from './types.js'

export type { TemplarOptions } from './templar.js'

export function createTemplar(options: TemplarOptions): Templar {
  return new AnsibleTemplar(options)
}
