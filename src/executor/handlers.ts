/**
 * Handler notification (StrategyBase._process_pending_results): a name matches the last
 * handler defined with that name (or `role : name`), and every handler that `listen`s to
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
  const handlers = allHandlers(ctx.play.play.handlers)
  const result: Notification = { found: false, newly: [] }
  const notify = (h: Task) => {
    result.found = true
    h.notifiedHosts ??= new Set()
    if (!h.notifiedHosts.has(host)) {
      h.notifiedHosts.add(host)
      result.newly.push(h)
    }
  }
  for (const h of [...handlers].reverse()) {
    const hn = handlerName(ctx, h, host)
    if (hn === undefined) continue
    if (name === hn || (h.role && name === `${h.role.name} : ${hn}`)) {
      notify(h)
      break
    }
  }
  for (const h of handlers) {
    const listen = h.listen.map((l) => (ctx.run.templar.isTemplate(l) ? pyStr(templateFor(ctx, h, host, l)) : l))
    if (listen.includes(name)) notify(h)
  }
  return result
}

export function allHandlers(blocks: Block[]): Task[] {
  const out: Task[] = []
  const walk = (items: Array<Task | Block>) => {
    for (const i of items) {
      if (i instanceof Block) walk([...i.block, ...i.rescue, ...i.always])
      else out.push(i)
    }
  }
  walk(blocks)
  return out
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
    } catch {
      cached = null
    }
    templatedNames.set(h, cached)
  }
  return cached ?? undefined
}

function templateFor(ctx: StrategyContext, h: Task, host: string, value: unknown): unknown {
  return ctx.run.templar.template(value, taskScope(ctx.run, ctx.play, host, h))
}
