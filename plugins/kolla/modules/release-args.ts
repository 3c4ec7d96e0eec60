/**
 * kolla's container modules as each release from train to master calls them, mapped onto
 * the argument set the modules implement (kolla 2023.1's, with `container_engine`).
 * The arguments a task passes select the behaviour; no setting names the release.
 *
 * - `container_engine`: train's kolla_toolbox, kolla_container_facts and kolla_docker
 *   calls pass none (train to yoga are Docker only, and yoga's new
 *   kolla_container_volume_facts takes none either); zed and 2023.1 require it on the facts
 *   modules and kolla_toolbox; master's kolla_container takes it directly or through
 *   `common_options` (kolla's docker_common_options). Absent, it is docker.
 * - kolla_container_facts: master's calls pass `action:` (get_containers,
 *   get_containers_names, get_containers_state, get_containers_env, get_volumes) and
 *   `args.get_all_containers`; such a call gets master's result keys
 *   (container-facts-actions.ts). Without `action` it is the 2023.1 (and train) module.
 * - kolla_toolbox: train passes `module_args` as a string, 2023.1 as a string or a
 *   mapping, master as a mapping, and `module_extra_vars` as JSON text or a mapping:
 *   the module takes each form as it is.
 * - kolla_docker / kolla_container: one argument set, the union of the releases' (train
 *   lacks healthcheck, cgroupns_mode, tmpfs, `oneshot`; master moved get_container_env
 *   and get_container_state to kolla_container_facts and added container_engine).
 *
 * `withReleaseArgs` applies this to a module definition: the modules themselves stay
 * the 2023.1 ones.
 */
import {
  ArgumentError,
  boolean,
  pyStr,
  pyTypeName,
  type JsonSchema,
  type ModuleContext,
  type ModuleDefinition,
  type ModuleResult,
} from '../../../src/plugin-kit.js'
import type { ContainerEngine } from '../docker/engine-client.js'
import { FACTS_ACTIONS, runFactsAction, type FactsAction } from './container-facts-actions.js'


const ENGINE: JsonSchema = { type: 'string', enum: ['docker', 'podman'] }

/** The engine a call names: its own argument, else common_options', else docker. */
export function containerEngineOf(args: Record<string, unknown>): ContainerEngine {
  const own = args.container_engine
  if (typeof own === 'string' && own) return own as ContainerEngine
  const common = args.common_options
  if (common && typeof common === 'object' && !Array.isArray(common)) {
    const viaCommon = (common as Record<string, unknown>).container_engine
    if (viaCommon === 'docker' || viaCommon === 'podman') return viaCommon
    if (viaCommon !== undefined && viaCommon !== null && viaCommon !== '')
      throw new Error(`value of container_engine must be one of: docker, podman, got: ${String(viaCommon)}`)
  }
  return 'docker'
}

/** The schema with `container_engine` optional (train's calls) and limited to the engines kolla supports. */
function withOptionalEngine(schema: JsonSchema): JsonSchema {
  return {
    ...schema,
    properties: { ...(schema.properties ?? {}), container_engine: ENGINE },
    required: (schema.required ?? []).filter((n) => n !== 'container_engine'),
  }
}

/** master's kolla_container_facts arguments, added to the 2023.1 module's. */
function withFactsActions(schema: JsonSchema): JsonSchema {
  return {
    ...schema,
    properties: {
      ...(schema.properties ?? {}),
      action: { type: 'string', enum: [...FACTS_ACTIONS] },
      // Its one option is converted here (factsOptions): Ansible converts nested options as it does top-level ones.
      args: { type: 'object', default: {} },
    },
  }
}

/**
 * master's `args` option of kolla_container_facts: `get_all_containers`, a bool
 * (Ansible's conversions), and nothing else.
 */
export function factsOptions(raw: unknown): { get_all_containers: boolean } {
  const opts = (raw ?? {}) as Record<string, unknown>
  const unknown = Object.keys(opts).filter((k) => k !== 'get_all_containers')
  if (unknown.length)
    throw new ArgumentError(`Unsupported parameters for (kolla_container_facts) module: ${unknown.sort().map((k) => `args.${k}`).join(', ')}. Supported parameters include: get_all_containers.`)
  const v = opts.get_all_containers
  if (v === undefined || v === null) return { get_all_containers: false }
  if (typeof v === 'boolean') return { get_all_containers: v }
  try {
    return { get_all_containers: boolean(v, true) }
  } catch {
    throw new ArgumentError(`argument 'get_all_containers' is of type ${pyTypeName(v)} found in 'args'. and we were unable to convert to bool: The value '${pyStr(v)}' is not a valid boolean.  Valid booleans include: 'yes', 'on', '1', 'true', 1, 0, 'false', 'off', 'no'`)
  }
}

/** Runs a module with the engine resolved the same way for every release's calls. */
function engineResolved<A extends object>(def: ModuleDefinition<A>, fillDefault: boolean): ModuleDefinition<A>['run'] {
  return (args, ctx) => {
    const a = args as Record<string, unknown>
    if (fillDefault && (a.container_engine === undefined || a.container_engine === null)) a.container_engine = containerEngineOf(a)
    return def.run(args, ctx)
  }
}

/** A kolla container module that accepts every release's arguments (see the file's comment). */
export function withReleaseArgs<A extends object>(def: ModuleDefinition<A>): ModuleDefinition<A> {
  switch (def.name) {
    case 'kolla_container_facts':
      return {
        ...def,
        args: withFactsActions(withOptionalEngine(def.args)),
        async run(args, ctx): Promise<ModuleResult> {
          const a = args as Record<string, unknown>
          if (a.action === undefined || a.action === null) {
            const { action: _a, args: _x, ...legacy } = a
            void _a
            void _x
            return engineResolved(def, true)(legacy as A, ctx)
          }
          return runFactsAction(ctx as ModuleContext, a.action as FactsAction, {
            engine: containerEngineOf(a),
            names: (a.name as string[] | undefined) ?? [],
            all: factsOptions(a.args).get_all_containers,
          })
        },
      }
    case 'kolla_toolbox':
    case 'kolla_container_volume_facts':
      return { ...def, args: withOptionalEngine(def.args), run: engineResolved(def, true) }
    case 'kolla_docker':
      // container_engine may come through common_options: the module merges those itself.
      return { ...def, args: withOptionalEngine(def.args), run: engineResolved(def, false) }
    default:
      return def
  }
}
