/**
 * The SSH farm the SSH benchmarks run against: the shared lab's scale farm (one
 * container, one sshd, one address per host; ../shared/lab/scale-up.sh), with a `bench`
 * login user that may sudo without a password, so tasks with become escalate as they
 * would on real hosts. The farm's hosts share one file system: playbooks write under
 * per-host directories.
 *
 * Lab settings come from the environment, with defaults of their own so a rerun does not
 * meet another lab: LAB_PREFIX (tsible-bench-), LAB_SCALE_NET (tsible-bench-scale),
 * LAB_SCALE_PREFIX16 (198.19), LAB_OUT (/var/tmp/tsible-bench-lab), LAB_NET and
 * LAB_SUBNET_PREFIX (passed through). BENCH_FARM_DOWN=1 removes the farm at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The shared lab's scripts (TSIBLE_LAB_DIR, default ../shared/lab beside the repository). */
const LAB = process.env.TSIBLE_LAB_DIR ?? resolve(import.meta.dirname, '../../../shared/lab')

export interface Farm {
  container: string
  out: string
  key: string
  /** The address of host i (1-based), as scale-up.sh gives them. */
  address(i: number): string
  /** CPU time the farm's container has used so far, in seconds (its cgroup). */
  cpuSeconds(): number
  /** Runs a shell command inside the farm as root. */
  exec(script: string): string
}

export function labEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LAB_PREFIX: process.env.LAB_PREFIX ?? 'tsible-bench-',
    LAB_SCALE_NET: process.env.LAB_SCALE_NET ?? 'tsible-bench-scale',
    LAB_SCALE_PREFIX16: process.env.LAB_SCALE_PREFIX16 ?? '198.19',
    LAB_OUT: process.env.LAB_OUT ?? '/var/tmp/tsible-bench-lab',
  }
}

/** Makes sure the farm serves at least `hosts` addresses (scale-up.sh is run only when it serves fewer). */
export function upFarm(hosts: number): Farm {
  const env = labEnv()
  const container = `${env.LAB_PREFIX}sshfarm`
  const out = env.LAB_OUT!
  const prefix = env.LAB_SCALE_PREFIX16!
  const address = (i: number): string => `${prefix}.${1 + Math.floor((i - 1) / 250)}.${1 + ((i - 1) % 250)}`
  const served = (): number => {
    const r = spawnSync('docker', ['exec', container, 'sh', '-c', 'ip -4 -o addr show dev eth0 | grep -c "/32"'], { encoding: 'utf8' })
    return r.status === 0 ? Number(r.stdout.trim()) : 0
  }
  if (served() < hosts) {
    const r = spawnSync(join(LAB, 'scale-up.sh'), [String(hosts)], { env, stdio: ['ignore', 'inherit', 'inherit'] })
    if (r.status !== 0) throw new Error(`scale-up.sh ${hosts} failed (rc ${r.status})`)
  }
  const exec = (script: string): string => execFileSync('docker', ['exec', container, 'sh', '-c', script], { encoding: 'utf8' })
  // The login user: key login as for root, sudo without a password.
  exec(
    [
      'id bench >/dev/null 2>&1 || useradd -m -s /bin/bash bench',
      'mkdir -p /home/bench/.ssh && cp /lab/authorized_keys /home/bench/.ssh/authorized_keys',
      'chown -R bench:bench /home/bench/.ssh && chmod 700 /home/bench/.ssh && chmod 600 /home/bench/.ssh/authorized_keys',
      'echo "bench ALL=(ALL:ALL) NOPASSWD: ALL" > /etc/sudoers.d/bench && chmod 440 /etc/sudoers.d/bench',
    ].join(' && '),
  )
  const id = execFileSync('docker', ['inspect', '-f', '{{.Id}}', container], { encoding: 'utf8' }).trim()
  const cpuFile = [`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, `/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`]
  const cpuSeconds = (): number => {
    for (const f of cpuFile) {
      try {
        const text = readFileSync(f, 'utf8')
        const usec = /usage_usec (\d+)/.exec(text)
        return usec ? Number(usec[1]) / 1e6 : Number(text.trim()) / 1e9
      } catch {
        // the other cgroup layout
      }
    }
    return NaN
  }
  return { container, out, key: join(out, 'id_ed25519'), address, cpuSeconds, exec }
}

export function downFarm(): void {
  if (process.env.BENCH_FARM_DOWN !== '1') return
  spawnSync(join(LAB, 'down.sh'), [], { env: labEnv(), stdio: 'inherit' })
}

/** An inventory of hosts h0001.. on the farm's first `n` addresses, logging in as `bench`. */
export function farmInventory(farm: Farm, n: number, file: string, extra: (i: number) => string = () => ''): string[] {
  const names = Array.from({ length: n }, (_, i) => `h${String(i + 1).padStart(4, '0')}`)
  const lines = names.map((h, i) => `${h} ansible_host=${farm.address(i + 1)}${extra(i + 1)}`)
  writeFileSync(
    file,
    [
      '[all]',
      ...lines,
      '',
      '[all:vars]',
      'ansible_user=bench',
      `ansible_ssh_private_key_file=${farm.key}`,
      'ansible_python_interpreter=/usr/bin/python3',
      "ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR'",
      '',
    ].join('\n'),
  )
  return names
}

/** The 1-minute load average, for the figures' record. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
}
