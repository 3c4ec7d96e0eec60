/**
 * One clear failure for a module whose request to the container engine did not work:
 * the engine cannot be reached, answered an error, or did not answer in time. A dropped
 * connection to the host stays what it is (the host is unreachable).
 */
import { ConnectionFailure, type ModuleContext } from '../../../src/plugin-kit.js'
import { DockerApiError, EngineUnreachableError } from './engine-client.js'

function engineFailureMessage(e: unknown, what: string): string {
  if (e instanceof EngineUnreachableError) return `${e.message} (is the engine running on the host, and may the login user open its socket?)`
  if (e instanceof DockerApiError) return `${what}: the engine answered ${e.status} to ${e.request}: ${e.explanation}`
  return `${what} failed: ${(e as Error)?.message ?? String(e)}`
}

export function engineFailure(ctx: ModuleContext, e: unknown, what: string): never {
  if (e instanceof ConnectionFailure) throw e
  return ctx.fail(engineFailureMessage(e, what))
}
