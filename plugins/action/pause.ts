/** `pause`: waits for `seconds`/`minutes` (prompts need a terminal and are not offered). */
import { defineAction } from '../../src/plugin-kit.js'

export default defineAction({
  name: 'pause',
  bypassHostLoop: true,
  async run(ctx) {
    const seconds = Number(ctx.args.seconds ?? 0) + Number(ctx.args.minutes ?? 0) * 60
    const start = new Date()
    if (!ctx.check || seconds > 0) await new Promise((r) => setTimeout(r, seconds * 1000))
    const stop = new Date()
    return {
      changed: false,
      rc: 0,
      stderr: '',
      stdout: `Paused for ${seconds} seconds`,
      start: pyDate(start),
      stop: pyDate(stop),
      delta: Math.round((stop.getTime() - start.getTime()) / 1000),
      user_input: '',
      echo: true,
    }
  },
})

function pyDate(d: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds() * 1000, 6)}`
}
