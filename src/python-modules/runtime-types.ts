/**
 * What the parts of a module run share: the run's side (runtime.ts implements it) and the
 * shape of a module that runs on the host. Kept apart so that the parts import no code of
 * one another only for these types.
 */
import type { Config } from '../config/load-config.js'
import type { ModuleDefinition } from '../module-api/types.js'
import type { PayloadCache } from './module-payload.js'
import type { RemotePaths } from './remote-run.js'

/** A module that takes its arguments as the task gives them (it checks them on the host). */
export type HostModule = ModuleDefinition<Record<string, unknown>>

/** What a module run needs from the run. */
export interface PythonRuntime {
  readonly config: Config
  readonly payloads: PayloadCache
  readonly paths: RemotePaths
  ansibleVersion(): string
  /** The path of one of ansible-core's own modules (async_wrapper, async_status...). */
  coreModule(name: string): string
  /** The file of the module a name resolves to without a collection list, if any. */
  modulePath(name: string): string | undefined
  /** Shows a warning at once (display.warning). */
  show(message: string): void
}
