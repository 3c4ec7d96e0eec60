/**
 * The two lab hosts of the container tests (scripts/lab-setup.sh: sshd, systemd and their
 * own dockerd, kolla's fake images preloaded), and playbook runs on them with the json
 * callback: tsible's, or ansible-playbook 2.14's with kolla's own Python modules when
 * recording goldens.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const HERE = dirname(fileURLToPath(import.meta.url))

const run = promisify(execFile)

export const REPO = join(HERE, '../../..')
export const LAB_ENV = {
  LAB_OUT: process.env.LAB_OUT ?? '/var/tmp/tsible-lab-docker',
  LAB_PREFIX: process.env.LAB_PREFIX ?? 'docker-',
  LAB_NET: process.env.LAB_NET ?? 'docker-net',
  LAB_SUBNET_PREFIX: process.env.LAB_SUBNET_PREFIX ?? '198.18.10',
}
export const INVENTORY = join(LAB_ENV.LAB_OUT, 'inventory.ini')

/** Brings the lab up (or finds it up); true when this call started it. */
export async function ensureLab(): Promise<boolean> {
  const wasUp = existsSync(INVENTORY)
  await run('bash', [join(REPO, 'scripts/lab-setup.sh'), 'up'], { env: { ...process.env, ...LAB_ENV }, maxBuffer: 16 << 20, timeout: 15 * 60_000 })
  return !wasUp
}

export async function labDown(): Promise<void> {
  await run('bash', [join(REPO, 'scripts/lab-setup.sh'), 'down'], { env: { ...process.env, ...LAB_ENV } })
}

/** A command on a lab host, over ssh. */
export async function onHost(host: string, command: string): Promise<string> {
  const { stdout } = await run('ssh', ['-F', join(LAB_ENV.LAB_OUT, 'ssh_config'), '-o', 'BatchMode=yes', host, command], { maxBuffer: 64 << 20 })
  return stdout
}

export interface PlaybookRun {
  json: any
  rc: number
  stderr: string
  seconds: number
}

export interface PlaybookOptions {
  /** A kolla-ansible 2023.1 checkout: ansible-playbook runs kolla's own Python plugins. */
  kollaDir?: string
  cwd?: string
  env?: Record<string, string>
}

/**
 * The command line of a playbook run on the lab with the json callback: `tsible` (this
 * tree's CLI) or `ansible` (ansible-playbook 2.14 with kolla's plugins from `kollaDir`).
 */
export function playbookCommand(engine: 'tsible' | 'ansible', playbook: string, args: string[], options: PlaybookOptions = {}): { cmd: string; argv: string[]; env: Record<string, string> } {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ANSIBLE_CONFIG: join(LAB_ENV.LAB_OUT, 'ansible.cfg'),
    ANSIBLE_STDOUT_CALLBACK: 'json',
    ANSIBLE_FORCE_COLOR: '0',
    NO_COLOR: '1',
    ...options.env,
  }
  if (options.kollaDir) {
    const k = options.kollaDir
    env.ANSIBLE_LIBRARY = join(k, 'ansible/library')
    env.ANSIBLE_MODULE_UTILS = join(k, 'ansible/module_utils')
    env.ANSIBLE_ACTION_PLUGINS = join(k, 'ansible/action_plugins')
    // The corpus has no Python plugins: kolla's own, roles' included, come from the checkout.
    env.ANSIBLE_FILTER_PLUGINS = ['ansible/filter_plugins', 'ansible/roles/common/filter_plugins', 'ansible/roles/nova-cell/filter_plugins'].map((d) => join(k, d)).join(':')
    // kolla's filters import its kolla_ansible package, whose version pbr wants spelled out.
    env.PYTHONPATH = k
    env.PBR_VERSION = env.PBR_VERSION ?? '16.7.0'
  }
  if (engine === 'tsible') return { cmd: process.execPath, argv: [join(REPO, 'bin/tsible-playbook.js'), ...args, playbook], env }
  return { cmd: '/usr/bin/ansible-playbook', argv: [...args, playbook], env }
}

/** Runs a playbook on the lab (playbookCommand) and parses its json output. */
export async function runPlaybook(engine: 'tsible' | 'ansible', playbook: string, args: string[] = [], options: PlaybookOptions = {}): Promise<PlaybookRun> {
  const { cmd, argv, env } = playbookCommand(engine, playbook, args, options)
  const started = Date.now()
  const res = await run(cmd, argv, { env, cwd: options.cwd, maxBuffer: 256 << 20 }).then(
    (r) => ({ ...r, rc: 0 }),
    (e: { stdout: string; stderr: string; code: number }) => ({ stdout: e.stdout, stderr: e.stderr, rc: e.code }),
  )
  const seconds = (Date.now() - started) / 1000
  let json: any
  try {
    json = JSON.parse(res.stdout)
  } catch {
    throw new Error(`${engine} ${playbook} printed no JSON (rc=${res.rc}):\n${res.stderr}\n${res.stdout.slice(0, 2000)}`)
  }
  return { json, rc: res.rc, stderr: res.stderr, seconds }
}

export function readGolden(name: string): any {
  return JSON.parse(readFileSync(join(HERE, 'goldens', name), 'utf8'))
}
