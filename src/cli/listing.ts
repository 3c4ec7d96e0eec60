/**
 * `--list-hosts`, `--list-tasks`, `--list-tags` and `--syntax-check` output, in
 * ansible-playbook 2.14's layout (tab before `TAGS:`, tags sorted, `never` tasks hidden,
 * dynamic includes listed but not followed).
 */
import { inheritedTags } from '../playbook/inherited.js'
import { shortActionName } from '../playbook/keywords.js'
import { compilePlay } from '../playbook/load-playbook.js'
import { Block, type Play, type Playbook, Task } from '../playbook/model.js'
import { pyRepr, pyStr } from '../py/values.js'
import { filterTagged, type TagSelection } from '../executor/tags.js'
import type { Templar, TemplateScope } from '../template/types.js'

export interface ListingOptions {
  hosts: boolean
  tasks: boolean
  tags: boolean
  selection: TagSelection
  templar: Templar
  /** A scope with extra vars, for templated play names and patterns. */
  scope: TemplateScope
  /** The play's variables (get_vars(play=play)) for templated task tags; the extra-vars scope when absent. */
  playScope?(play: Play): TemplateScope
  hostsFor(pattern: string | string[]): string[]
  /** Path shown after `playbook:` (as given on the command line). */
  displayName: string
}

export function listPlaybook(pb: Playbook, o: ListingOptions): string {
  let out = `\nplaybook: ${o.displayName}\n`
  pb.plays.forEach((play, i) => {
    const hosts = play.keywords.hosts
    const patterns = Array.isArray(hosts) ? hosts.map(String) : [String(hosts ?? '')]
    const playTags = sortedTags(play.keywords.tags === undefined ? [] : asList(play.keywords.tags))
    const name = play.keywords.name === undefined ? patterns.join(',') : pyStr(o.templar.template(play.keywords.name, o.scope))
    // The play's tags are a Python set joined with ',' (its order is the set's; ours is the play's).
    out += `\n  play #${i + 1} (${patterns.join(',')}): ${name}\tTAGS: [${playTags.join(',')}]\n`
    if (o.hosts) {
      const list = o.hostsFor(patterns.length === 1 ? patterns[0] : patterns)
      out += `    pattern: ${pyRepr(patterns)}\n    hosts (${list.length}):\n`
      for (const h of list) out += `      ${h}\n`
    }
    if (!o.tasks && !o.tags) return
    const scope = o.playScope?.(play) ?? o.scope
    const tasks = compilePlay(play)
      .map((b) => filterTagged(b, o.selection, o.templar, scope))
      .flatMap(flatTasks)
      .filter((t) => !t.implicit)
    // Tags are shown templated with the play's variables (as evaluate_tags sees them).
    const tagsOf = (t: Task) => sortedTags(inheritedTags(t).map((x) => (o.templar.isTemplate(x) ? o.templar.template(x, scope) : x)))
    if (o.tasks) {
      out += '    tasks:\n'
      for (const t of tasks) out += `      ${listName(t)}\tTAGS: [${tagsOf(t).join(', ')}]\n`
    }
    if (o.tags) {
      const all = new Set<string>()
      for (const t of tasks) for (const tag of tagsOf(t)) all.add(tag)
      out += `      TASK TAGS: [${[...all].sort().join(', ')}]\n`
    }
  })
  return out
}

/** ansible-playbook lists each block's `block` tasks only: never a rescue or always section. */
function flatTasks(b: Block): Task[] {
  return b.block.flatMap((t) => (t instanceof Block ? flatTasks(t) : [t]))
}

/**
 * As ansible-playbook lists tasks: a named task with its role (an include_role by its name
 * alone), an unnamed one as its action.
 */
function listName(t: Task): string {
  if (t.name === undefined) return t.action
  return t.role && shortActionName(t.action) !== 'include_role' ? `${t.role.name} : ${t.name}` : t.name
}

function sortedTags(raw: unknown[]): string[] {
  const out = new Set<string>()
  for (const r of raw) for (const x of asList(r)) for (const p of String(x).split(',')) if (p.trim()) out.add(p.trim())
  return [...out].sort()
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v]
}
