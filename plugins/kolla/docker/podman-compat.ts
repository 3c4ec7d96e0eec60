/**
 * What Podman's Docker-compatible API stores otherwise than Docker, and how kolla master's
 * podman worker compares it (kolla 2023.1 has no podman support). Its PID mode is
 * `private` where Docker's is empty; its ulimits are named RLIMIT_*, with NOFILE and
 * NPROC always set by Podman itself. Volumes:
 * a path may not be both in `Volumes` and a bind target (so only anonymous volumes go in
 * `Volumes`), and inspect lists every mount in `HostConfig.Binds` with Podman's own
 * flags added (rprivate, rbind, nosuid, nodev, noexec under /proc, /run, /sys, /var/run)
 * and anonymous volumes under generated names. The comparison is kolla master's podman
 * worker's: container paths and (source, target, flags) with those defaults left out and
 * `rw` implied, trailing slashes alike.
 */
import { generateVolumes, type KollaParams, type VolumeSpec } from './kolla-params.js'

/** The create request's `Volumes` on Podman: the anonymous volumes only. */
export function podmanAnonymousVolumes(spec: VolumeSpec | null): string[] {
  if (!spec) return []
  const targets = new Set([...spec.binds.values()].map((b) => b.bind))
  return spec.paths.filter((p) => !targets.has(p))
}

const slash = (s: string): string => (s && !s.endsWith('/') ? `${s}/` : s)
const DEFAULT_FLAGS = new Set(['rprivate', 'nosuid', 'nodev', 'rbind'])
const NOEXEC_PATHS = ['/proc', '/run', '/sys', '/var/run']

function flags(target: string, mode: string): string {
  const f = new Set(mode ? mode.split(',') : [])
  for (const d of DEFAULT_FLAGS) f.delete(d)
  if (NOEXEC_PATHS.some((p) => target.startsWith(p))) f.delete('noexec')
  if (!f.has('ro') && !f.has('rw')) f.add('rw')
  return [...f].sort().join(',')
}

function bindSet(binds: VolumeSpec['binds'] | undefined): Set<string> {
  return new Set([...(binds ?? new Map()).entries()].map(([src, b]) => `${slash(src)}:${slash(b.bind)}:${flags(slash(b.bind), b.mode)}`))
}

/** [current, wanted] when they differ, as the attribute and its values; null when equal. */
export function podmanVolumesDiffer(p: KollaParams, currentBinds: string[] | null | undefined): { attribute: string; current: string[]; wanted: string[] } | null {
  const wanted = generateVolumes(p.volumes)
  const current = currentBinds?.length ? generateVolumes(currentBinds) : null
  const wantedPaths = new Set((wanted?.paths ?? []).filter(Boolean).map(slash))
  const currentPaths = new Set((current?.paths ?? []).filter(Boolean).map(slash))
  const sorted = (s: Set<string>): string[] => [...s].sort()
  if (wantedPaths.size !== currentPaths.size || [...wantedPaths].some((x) => !currentPaths.has(x))) {
    return { attribute: 'volumes', current: sorted(currentPaths), wanted: sorted(wantedPaths) }
  }
  const w = bindSet(wanted?.binds)
  const c = bindSet(current?.binds)
  if (w.size !== c.size || [...w].some((x) => !c.has(x))) return { attribute: 'binds', current: sorted(c), wanted: sorted(w) }
  return null
}

/** Podman's default PID mode: `private` when none was asked for. */
export function podmanPidModeEqual(wanted: string | undefined, current: string | null): boolean {
  return (wanted === undefined || wanted === null) && current === 'private'
}

const rlimit = (name: string): string => (name.toUpperCase().startsWith('RLIMIT_') ? name.toUpperCase() : `RLIMIT_${name.toUpperCase()}`)
const PODMAN_OWN = new Set(['RLIMIT_NOFILE', 'RLIMIT_NPROC'])

/** Ulimits as RLIMIT_* names, without the two Podman sets on every container. */
export function podmanUlimits(ulimits: { Name: string; Soft: unknown; Hard: unknown }[]): { Name: string; Soft: unknown; Hard: unknown }[] {
  return ulimits.map((u) => ({ Name: rlimit(u.Name), Soft: u.Soft ?? null, Hard: u.Hard ?? null })).filter((u) => !PODMAN_OWN.has(u.Name))
}
