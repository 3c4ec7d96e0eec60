/**
 * Handler notification (StrategyBase._process_pending_results): a name matches the handler
 * defined with that name (or `role : name`) in the last handler block that has one, and every handler that `listen`s to
 * it. A handler runs once per flush for the hosts that notified it, in definition order.
 */
import { Block, Task } from '../playbook/model.js'
import { isUndefined } from '../py/undefined.js'
import { pyStr } from '../py/values.js'
import { taskScope } from './host-task.js'
import type { StrategyContext } from './types.js'

export interface Notification {
  found: boolean
  /** Handlers this notification newly queued for the host (for the onNotify event). */
  newly: Task[]
}

export function notifyHandlers(ctx: StrategyContext, name: string, host: string): Notification {
  const result: Notification = { found: false, newly: [] }
  const notify = (h: Task) => {
    result.found = true
    h.notifiedHosts ??= new Set()
    if (!h.notifiedHosts.has(host)) {
      h.notifiedHosts.add(host)
      result.newly.push(h)
    }
  }
  const byName = handlerByName(ctx, name, host)
  if (byName) notify(byName)
  // Listen topics are compared as written: Ansible does not template them.
  for (const block of ctx.play.play.handlers) for (const h of blockTasks(block)) if (h.listen.includes(name)) notify(h)
  return result
}

/**
 * search_handler_blocks_by_name: the handler blocks from the last one back (a later role's
 * handler wins), and within a block the first task of that name.
 */
function handlerByName(ctx: StrategyContext, name: string, host: string): Task | undefined {
  for (const block of [...ctx.play.play.handlers].reverse()) {
    for (const h of blockTasks(block)) {
      const hn = handlerName(ctx, h, host)
      if (hn === undefined) continue
      if (name === hn || (h.role && name === `${h.role.name} : ${hn}`)) return h
    }
  }
  return undefined
}

/** A handler block's tasks, those of imported files (which Ansible splices into the block) included. */
function blockTasks(block: Block): Task[] {
  return block.block.flatMap((i) => (i instanceof Block ? blockTasks(i) : [i]))
}

/** The play's handlers in order; a role's handlers listed again (included twice) count once. */
export function allHandlers(blocks: Block[]): Task[] {
  const out = new Set<Task>()
  const walk = (items: Array<Task | Block>) => {
    for (const i of items) {
      if (i instanceof Block) walk([...i.block, ...i.rescue, ...i.always])
      else out.add(i)
    }
  }
  walk(blocks)
  return [...out]
}

const templatedNames = new WeakMap<Task, string | null>()

function handlerName(ctx: StrategyContext, h: Task, host: string): string | undefined {
  const raw = h.name
  if (raw === undefined) return undefined
  if (!ctx.run.templar.isTemplate(raw)) return raw
  let cached = templatedNames.get(h)
  if (cached === undefined) {
    try {
      const v = templateFor(ctx, h, host, raw)
      cached = isUndefined(v) ? null : pyStr(v)
    } catch (e) {
      // Not cached: Ansible tries again (and warns again) at the next notification.
      if (!h.listen.length) {
        ctx.run.warn(
          `Handler '${raw}' is unusable because it has no listen topics and the name could not be templated (host-specific variables are not supported in handler names). The error: ${(e as Error).message}`,
        )
      }
      return undefined
    }
    templatedNames.set(h, cached)
  }
  return cached ?? undefined
}

function templateFor(ctx: StrategyContext, h: Task, host: string, value: unknown): unknown {
  return ctx.run.templar.template(value, taskScope(ctx.run, ctx.play, host, h))
}
