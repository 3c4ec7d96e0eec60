/**
 * Reduces a json-callback run of a lab playbook to what must be equal between
 * ansible-playbook with kolla's own modules and tsible: per task and host the status
 * (changed, failed) and the module's own result keys, and what capture.sh saw (docker
 * inspect of containers and volumes, unit files and their state), without what differs
 * between any two runs (ids, times, pids, paths named after ids).
 */

type Json = any

const ANON = /^[0-9a-f]{64}$/

/** Mounts in a stable order, anonymous volumes (random names) named alike. */
function mounts(ms: Json[] | null | undefined): Json[] {
  return (ms ?? [])
    .map((m: Json) => (ANON.test(m.Name ?? '') ? { ...m, Name: '<anonymous>', Source: String(m.Source).replace(m.Name, '<anonymous>') } : m))
    .sort((a: Json, b: Json) => (a.Destination < b.Destination ? -1 : 1))
}

const byName = (a: Json, b: Json): number => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)

/** One container's `docker inspect`, without what changes from run to run. */
export function normalizeContainer(c: Json): Json {
  const out = structuredClone(c)
  for (const k of ['Id', 'Created', 'ResolvConfPath', 'HostnamePath', 'HostsPath', 'LogPath']) delete out[k]
  for (const k of ['Pid', 'StartedAt', 'FinishedAt', 'Health']) delete out.State?.[k]
  delete out.GraphDriver?.Data
  out.ExecIDs = null
  if (out.NetworkSettings) {
    delete out.NetworkSettings.SandboxID
    delete out.NetworkSettings.SandboxKey
    for (const n of Object.values(out.NetworkSettings.Networks ?? {}) as Json[]) {
      delete n.EndpointID
      delete n.NetworkID
    }
  }
  out.Mounts = mounts(out.Mounts)
  return out
}

export function normalizeVolume(v: Json): Json {
  const { CreatedAt: _c, ...rest } = v
  return rest
}

/** capture.sh's document. */
export function normalizeCapture(stdout: string): Json {
  const c = JSON.parse(stdout)
  const units: Json = {}
  for (const [name, u] of Object.entries(c.units) as [string, Json][]) units[name] = { ...u, text: Buffer.from(u.text, 'base64').toString('utf8') }
  return {
    containers: c.containers.map(normalizeContainer).sort(byName),
    volumes: c.volumes.map(normalizeVolume).sort(byName),
    units,
    wants: c.wants.trim().split(/\s+/).filter(Boolean).sort(),
  }
}

/** A /containers/json entry (kolla_container_facts). */
function normalizeSummary(c: Json): Json {
  const out = structuredClone(c)
  for (const k of ['Id', 'Created', 'Status']) delete out[k]
  for (const n of Object.values(out.NetworkSettings?.Networks ?? {}) as Json[]) {
    delete n.EndpointID
    delete n.NetworkID
  }
  out.Mounts = mounts(out.Mounts)
  return out
}

const DROP = new Set(['invocation', '_ansible_no_log', 'stdout_lines', 'stderr_lines', 'diff', 'container_plan', 'warnings', 'deprecations', 'start', 'end', 'delta', 'cmd', 'msg'])

/** One task result on one host. */
export function normalizeResult(task: string, action: string, r: Json): Json {
  if (r.skipped) return { skipped: true }
  if (r.unreachable) return { unreachable: true }
  if (r.failed) {
    const out: Json = { failed: true }
    if (r.rc !== undefined && action === 'kolla_docker') out.rc = r.rc
    return out
  }
  const out: Json = { changed: Boolean(r.changed) }
  if (task.startsWith('capture')) return { ...out, capture: normalizeCapture(r.stdout) }
  const named = (skip: string): string[] => Object.keys(r).filter((k) => ![skip, 'changed', 'failed', 'invocation', 'action'].includes(k) && !k.startsWith('_ansible'))
  if (action === 'kolla_container_facts') {
    const names = named('_containers')
    return { ...out, containers: Object.fromEntries(names.sort().map((n) => [n, normalizeSummary(r[n])])) }
  }
  if (action === 'kolla_container_volume_facts') {
    const names = named('_volumes')
    return { ...out, volumes: Object.fromEntries(names.sort().map((n) => [n, normalizeVolume(r[n])])) }
  }
  if (action !== 'kolla_docker' && action !== 'kolla_toolbox') return out
  for (const [k, v] of Object.entries(r)) {
    if (DROP.has(k) || k === 'changed' || k === 'failed' || k === 'action') continue
    if (['Pid', 'StartedAt', 'FinishedAt', 'Health'].includes(k)) continue
    out[k] = v
  }
  return out
}

/** The json callback's output -> [{task, host: result}] in play and task order. */
export function normalizeRun(json: Json): Json[] {
  const out: Json[] = []
  for (const play of json.plays) {
    for (const t of play.tasks) {
      const hosts: Json = {}
      for (const [h, r] of Object.entries(t.hosts).sort(([a], [b]) => (a < b ? -1 : 1)) as [string, Json][]) {
        hosts[h] = normalizeResult(t.task.name, r.action ?? '', r)
      }
      out.push({ task: t.task.name, hosts })
    }
  }
  return out
}
