/**
 * A vitest globalSetup that starts one shared sshd lab for the whole run:
 *   test: { globalSetup: ['test/helpers/sshd-global-setup.ts'] }
 * Test files read it with `inject('sshdLab')` (or `sharedSshdLab()` below). Files that
 * kill or restart servers should start their own lab with useSshdLab() instead.
 */
import { inject } from 'vitest'
import type { TestProject } from 'vitest/node'
import { startSshdLab, stopSshdLab, type SshdLab } from './sshd.js'

declare module 'vitest' {
  export interface ProvidedContext {
    sshdLab: SshdLab
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const lab = await startSshdLab({ count: Number(process.env.TSIBLE_SSHD_COUNT ?? 2) })
  project.provide('sshdLab', lab)
  return () => stopSshdLab(lab)
}

/** The lab the globalSetup started, inside a test file. */
export function sharedSshdLab(): SshdLab {
  const lab = inject('sshdLab')
  if (!lab) throw new Error('no shared sshd lab: add test/helpers/sshd-global-setup.ts to globalSetup')
  return lab
}
