/**
 * kolla's modules reach the container engine through the host's connection with the
 * engine's own CLI (`docker` or `podman`), so they work over the local connection and
 * over SSH alike and need nothing installed on the host beyond the engine.
 */
import { shellJoin, type ModuleContext } from '../../../src/plugin-kit.js'

export type ContainerEngine = 'docker' | 'podman'

export interface CliResult {
  rc: number
  stdout: string
  stderr: string
}

/** Runs `<engine> <args...>` on the host (read-only use; changes go through ctx.change). */
export function engineCli(ctx: ModuleContext, engine: ContainerEngine, args: string[]): Promise<CliResult> {
  return ctx.exec(shellJoin([engine, ...args]))
}

/** JSON lines (`--format '{{json .}}'`) as objects. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

/** Fails the module with the engine's own error text when a command did not work. */
export function requireOk(ctx: ModuleContext, r: CliResult, what: string): void {
  if (r.rc !== 0) ctx.fail(`${what} failed: ${(r.stderr || r.stdout).trim()}`, { rc: r.rc })
}
