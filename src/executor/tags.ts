/**
 * Tag selection (Taggable.evaluate_tags and Block.filter_tagged_tasks): `--tags`,
 * `--skip-tags`, the special tags `always`, `never`, `tagged`, `untagged`, `all`, tags
 * inherited from blocks, roles, includes and plays, templated and comma-split.
 */
import { Block, Task } from '../playbook/model.js'
import type { Templar, TemplateScope } from '../template/types.js'
import { taskKeywords } from './task-keywords.js'

const UNTAGGED = new Set(['untagged'])

export interface TagSelection {
  only: ReadonlySet<string>
  skip: ReadonlySet<string>
}

/** The tags of a task (inherited), templated and flattened. */
function tagsOf(task: Task, templar: Templar, scope: TemplateScope): Set<string> {
  const raw = taskKeywords(task).tags
  if (raw.length === 0) return new Set()
  const out = new Set<string>()
  for (const t of raw) {
    const v = templar.isTemplate(t) ? templar.template(t, scope) : t
    for (const x of Array.isArray(v) ? v : [v]) {
      for (const part of String(x).split(',')) {
        const s = part.trim()
        if (s) out.add(s)
      }
    }
  }
  return out
}

export function shouldRun(tags: Set<string>, sel: TagSelection): boolean {
  const t = tags.size ? tags : UNTAGGED
  let run = true
  if (sel.only.size) {
    run = false
    if (t.has('always')) run = true
    else if (sel.only.has('all') && !t.has('never')) run = true
    else if ([...t].some((x) => sel.only.has(x))) run = true
    else if (sel.only.has('tagged') && t !== UNTAGGED && !t.has('never')) run = true
  }
  if (run && sel.skip.size) {
    if (sel.skip.has('all')) {
      if (!t.has('always') || sel.skip.has('always')) run = false
    } else if ([...t].some((x) => sel.skip.has(x))) run = false
    else if (sel.skip.has('tagged') && t !== UNTAGGED) run = false
  }
  return run
}

/** A copy of the block keeping only the tasks the tag selection runs (implicit metas stay). */
export function filterTagged(block: Block, sel: TagSelection, templar: Templar, scope: TemplateScope): Block {
  const keep = (items: Array<Task | Block>): Array<Task | Block> => {
    const out: Array<Task | Block> = []
    for (const item of items) {
      if (item instanceof Block) {
        const b = filterTagged(item, sel, templar, scope)
        if (b.block.length || b.rescue.length || b.always.length) out.push(b)
      } else if ((item.implicit && item.action === 'meta') || shouldRun(tagsOf(item, templar, scope), sel)) {
        out.push(item)
      }
    }
    return out
  }
  const copy = block.copy()
  copy.block = keep(block.block)
  copy.rescue = keep(block.rescue)
  copy.always = keep(block.always)
  return copy
}
