/**
 * The run's callbacks: the stdout callback (`stdout_callback`, default `default`; ad-hoc
 * runs use `minimal`) plus those named in `callbacks_enabled`, each created with its
 * options resolved from ansible.cfg and the environment, all printing through one Display.
 */
import type { Config } from '../config/load-config.js'
import { EngineError } from '../errors/errors.js'
import type { RunOptions } from '../executor/run-context.js'
import { createDisplay, type Display, type TerminalStream } from '../output/display.js'
import { resolveCallbackOptions } from '../output/callback-options.js'
import { LiveView } from '../output/live-view.js'
import { DEFAULT_CALLBACK_SETTINGS, type CallbackDefinition, type CallbackPlugin } from '../plugin-api/callback.js'
import { BUNDLED_CALLBACKS } from '../../plugins/callback/index.js'

export interface LoadedCallbacks {
  display: Display
  callbacks: CallbackPlugin[]
  /** The status line under the output when stdout is a terminal (see live-view.ts). */
  live?: LiveView
}

/** The live view on a terminal (off with TSIBLE_LIVE_VIEW=0); the streams to print through. */
function liveStreams(streams: { stdout: TerminalStream; stderr: TerminalStream }): { live?: LiveView; stdout: TerminalStream; stderr: TerminalStream } {
  if (!streams.stdout.isTTY || process.env.TSIBLE_LIVE_VIEW === '0') return streams
  const live = new LiveView(streams.stdout)
  return {
    live,
    stdout: { ...live.wrap(streams.stdout), isTTY: true, columns: streams.stdout.columns },
    stderr: streams.stderr.isTTY ? { ...live.wrap(streams.stderr), isTTY: true, columns: streams.stderr.columns } : streams.stderr,
  }
}

export function loadCallbacks(
  config: Config,
  options: RunOptions,
  streams: { stdout: TerminalStream; stderr: TerminalStream },
  adhoc = false,
): LoadedCallbacks {
  const { live, ...out } = liveStreams(streams)
  const display = createDisplay(out, {
    verbosity: options.verbosity,
    nocolor: config.get<boolean>('ANSIBLE_NOCOLOR'),
    forceColor: config.get<boolean>('ANSIBLE_FORCE_COLOR'),
  })
  const configured = config.get<string>('DEFAULT_STDOUT_CALLBACK')
  const stdoutName = adhoc && configured === 'default' ? 'minimal' : configured
  const names = [stdoutName, ...config.get<string[]>('CALLBACKS_ENABLED').filter((n) => n !== stdoutName)]
  const callbacks: CallbackPlugin[] = live ? [live.callback()] : []
  for (const name of names) {
    const def: CallbackDefinition | undefined = BUNDLED_CALLBACKS[name]
    if (!def) {
      if (name === stdoutName) throw new EngineError(`Invalid callback for stdout specified: ${name}`)
      display.warning(`Skipping callback plugin '${name}', unable to load`)
      continue
    }
    callbacks.push(
      def.create({
        display,
        options: resolveCallbackOptions(def.options, { env: process.env, ini: (s, k) => config.raw(s, k) }),
        settings: { ...DEFAULT_CALLBACK_SETTINGS, check: options.check, diffContext: config.get<number>('DIFF_CONTEXT') },
      }),
    )
  }
  return { display, callbacks, live }
}
