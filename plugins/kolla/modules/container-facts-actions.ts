/**
 * kolla master's kolla_container_facts actions (ansible/library/kolla_container_facts.py
 * since 2025.1): the result keys master's tasks read, from the container engine's own
 * inspect data.
 *
 * - get_containers: `containers` {name: inspect}, running ones (all with
 *   `args.get_all_containers`), only the named ones when `name` is given, without the
 *   health check's log;
 * - get_containers_names: `container_names`, the running containers' names;
 * - get_containers_state: `states` {name: State.Status}; get_containers_env: `envs`
 *   {name: {VAR: value}}; both fail with "No such container: X" for a missing one;
 * - get_volumes: `volumes` {name: inspect}, only the named ones when `name` is given.
 *
 * Every action reports `changed: false` and `result: false` (the worker methods return
 * None), as master's module does.
 */
import { type ModuleContext, type ModuleResult } from '../../../src/plugin-kit.js'
import type { ContainerEngine, ContainerInspect, EngineClient } from '../docker/engine-client.js'
import { queryEngine } from '../docker/engine-query.js'

export const FACTS_ACTIONS = ['get_containers', 'get_containers_env', 'get_volumes', 'get_containers_names', 'get_containers_state'] as const

export type FactsAction = (typeof FACTS_ACTIONS)[number]

export interface FactsRequest {
  engine: ContainerEngine
  names: string[]
  /** `args.get_all_containers`: stopped containers too. */
  all: boolean
}

/** The containers' inspect documents (running ones, or all), as docker-py's containers.list gives them. */
async function containers(client: EngineClient, all: boolean): Promise<ContainerInspect[]> {
  const out: ContainerInspect[] = []
  for (const c of await client.containers({ all })) {
    const doc = await client.inspectContainer(c.Id)
    if (doc) out.push(doc)
  }
  return out
}

const nameOf = (c: ContainerInspect) => String(c.Name ?? '').replace(/^\//, '')

/** `containers.get(name)`: the container's inspect document, or the module fails as kolla's does. */
async function container(ctx: ModuleContext, client: EngineClient, name: string): Promise<ContainerInspect> {
  return (await client.inspectContainer(name)) ?? ctx.fail(`No such container: ${name}`)
}

/** kolla's _remap_envs: `K=V` entries as a mapping (an entry without `=` has the value ''). */
function remapEnvs(env: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of env) {
    const eq = e.indexOf('=')
    if (eq >= 0) out[e.slice(0, eq)] = e.slice(eq + 1)
    else out[e] = ''
  }
  return out
}

export async function runFactsAction(ctx: ModuleContext, action: FactsAction, req: FactsRequest): Promise<ModuleResult> {
  return queryEngine(ctx, req.engine, 'auto', action, (client) => factsAction(ctx, client, action, req))
}

async function factsAction(ctx: ModuleContext, client: EngineClient, action: FactsAction, req: FactsRequest): Promise<ModuleResult> {
  const result: ModuleResult = { changed: false, result: false }
  switch (action) {
    case 'get_containers_names':
      result.container_names = (await containers(client, false)).map(nameOf)
      break
    case 'get_containers': {
      const out: Record<string, unknown> = {}
      for (const c of await containers(client, req.all)) {
        const name = nameOf(c)
        if (req.names.length && !req.names.includes(name)) continue
        const health = c.State?.Health
        if (health && typeof health === 'object') delete (health as Record<string, unknown>).Log
        out[name] = c
      }
      result.containers = out
      break
    }
    case 'get_containers_state': {
      const states: Record<string, unknown> = {}
      for (const name of req.names) states[name] = (await container(ctx, client, name)).State?.Status
      result.states = states
      break
    }
    case 'get_containers_env': {
      const envs: Record<string, unknown> = {}
      for (const name of req.names) envs[name] = remapEnvs((await container(ctx, client, name)).Config?.Env ?? [])
      result.envs = envs
      break
    }
    case 'get_volumes': {
      const volumes: Record<string, unknown> = {}
      for (const v of (await client.volumes()).Volumes ?? []) if (!req.names.length || req.names.includes(v.Name)) volumes[v.Name] = v
      result.volumes = volumes
      break
    }
  }
  return result
}
