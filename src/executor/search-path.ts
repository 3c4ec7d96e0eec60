/**
 * Where a task's relative file names are looked for (Task.get_search_path and
 * DataLoader.path_dwim_relative_stack): the task's role and its parent roles, the
 * directory of the task file, then the playbook directory; in each, the kind's
 * subdirectory (`templates/`, `files/`, `vars/`) first.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'
import type { Task } from '../playbook/model.js'

const searchPaths = new WeakMap<Task, { playbookDir: string; path: readonly string[] }>()

/** A task's search path, built once per task (read-only: tasks on every host share it). */
export function taskSearchPath(task: Task | undefined, playbookDir: string): readonly string[] {
  if (!task) return buildSearchPath(undefined, playbookDir)
  const kept = searchPaths.get(task)
  if (kept && kept.playbookDir === playbookDir) return kept.path
  const path = buildSearchPath(task, playbookDir)
  searchPaths.set(task, { playbookDir, path })
  return path
}

function buildSearchPath(task: Task | undefined, playbookDir: string): string[] {
  const out: string[] = []
  const role = task?.role
  if (role) {
    out.push(role.path)
    for (const p of [...role.parents].reverse()) out.push(p.path)
  }
  const taskFile = task?.location?.file
  if (taskFile) {
    const dir = dirname(taskFile)
    if (!out.includes(dir)) out.push(dir)
  }
  if (!out.includes(playbookDir)) out.push(playbookDir)
  return out
}

/** Finds `name` in the search path under `kind` (files, templates, vars) or directly. */
export function findInSearchPath(name: string, kind: string, searchPath: readonly string[]): string | null {
  if (isAbsolute(name)) return existsSync(name) ? name : null
  for (const p of searchPath) {
    const base = basename(p) === 'tasks' ? dirname(p) : p
    const candidates = [join(base, kind, name), join(p, name)]
    if (basename(p) === 'tasks') candidates.push(join(base, name))
    for (const c of candidates) if (existsSync(c)) return c
  }
  return null
}
