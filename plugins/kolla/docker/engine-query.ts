/**
 * One read of the host's container engine for a facts module: connect through the host's
 * connection to the engine the task names, run the query, close; an engine that cannot be
 * reached or answers an error fails the task with one clear message (engine-failure.ts).
 */
import type { JsonSchema, ModuleContext } from '../../../src/plugin-kit.js'
import { engineSocket, withEngine, type EngineClient } from './engine-client.js'
import { engineFailure } from './engine-failure.js'

/** The arguments kolla 2023.1's facts modules share (kolla_container_facts, kolla_container_volume_facts). */
export const FACTS_ARGS: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'array', items: { type: 'string' }, default: [] },
    api_version: { type: 'string', default: 'auto' },
    container_engine: { type: 'string' },
  },
  required: ['container_engine'],
}

export function queryEngine<T>(ctx: ModuleContext, engine: string | undefined, version: string, what: string, query: (client: EngineClient) => Promise<T>): Promise<T> {
  return withEngine((p) => ctx.openUnixStream(p), { version, socket: engineSocket(engine) }, query).catch((e) => engineFailure(ctx, e, what))
}
