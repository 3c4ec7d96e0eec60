/**
 * tsible-playbook as a child process (the sources through tsx: no build needed), in a
 * project directory holding `inventory`, `site.yml`, `ansible.cfg` and a `home/` (HOME,
 * for its known_hosts), with the json callback and no ssh-agent; optionally doing
 * something while it runs.
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')

export interface PlaybookRun {
  rc: number
  stdout: string
  stderr: string
}

export function runPlaybook(
  dir: string,
  args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; during?: (child: { stdout: () => string }) => Promise<void> } = {},
): Promise<PlaybookRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/differential/tsible-entry.ts'), '-i', 'inventory', ...args, 'site.yml'], {
      cwd: dir,
      env: { ...process.env, HOME: join(dir, 'home'), ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', SSH_AUTH_SOCK: '', ...options.env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    const duringDone = options.during ? options.during({ stdout: () => stdout }) : Promise.resolve()
    child.on('close', (code) => {
      void duringDone.then(() => resolvePromise({ rc: code ?? -1, stdout, stderr }), reject)
    })
  })
}
