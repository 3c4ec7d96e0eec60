/**
 * kolla_docker on real test hosts (the lab: sshd, systemd, dockerd; scripts/lab-setup.sh)
 * against what ansible-playbook 2.14 with kolla 2023.1's own modules did on the same hosts
 * (goldens recorded by scripts/record-kolla-docker.sh lab):
 *  - the kolla_docker scenario (kolla-docker.yml): every action, equal `changed`, equal
 *    normalised `docker inspect`, volumes, unit files and unit states after each step;
 *  - kolla's units through systemd: a container that exits at once, a stop that times out;
 *  - kolla-ansible's site.yml, `kolla_action=deploy --tags common,memcached`, on two hosts:
 *    the statuses of run 1, the containers, volumes, units and /etc/kolla it leaves, run 2
 *    with nothing changed, and `--check --diff` after a change in globals showing the plan.
 * The lab is brought up when it is not (about 1.5 min) and taken down after, unless it
 * was up before or TSIBLE_LAB_KEEP=1.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureHosts, cleanHosts, deploy, prepareDeploy, statuses } from './deploy.js'
import { ensureLab, labDown, onHost, readGolden, runPlaybook } from './lab.js'
import { normalizeRun } from './normalize.js'

const HERE = dirname(fileURLToPath(import.meta.url))
let started = false

beforeAll(async () => {
  started = await ensureLab()
}, 20 * 60_000)

afterAll(async () => {
  if (started && process.env.TSIBLE_LAB_KEEP !== '1') await labDown()
}, 120_000)

describe('kolla_docker as kolla 2023.1 on a host with systemd', () => {
  it('every action: the same changes, containers, volumes and units as kolla\'s own module', async () => {
    const run = await runPlaybook('tsible', join(HERE, 'kolla-docker.yml'), [], { cwd: HERE })
    expect(run.rc, run.stderr).toBe(0)
    const golden = readGolden('kolla-docker.json')
    const got = normalizeRun(run.json)
    expect(got.map((t: { task: string }) => t.task)).toEqual(golden.map((t: { task: string }) => t.task))
    for (let i = 0; i < golden.length; i++) expect({ task: got[i].task, ...got[i].hosts }).toEqual({ task: golden[i].task, ...golden[i].hosts })
  }, 15 * 60_000)

  it('a container that exits at once fails the task, and its unit and container are removed', async () => {
    const run = await runPlaybook('tsible', join(HERE, 'faults.yml'), ['-e', 'fault=exits'], { cwd: HERE })
    const task = run.json.plays[0].tasks.find((t: { task: { name: string } }) => t.task.name === 'start a container that exits at once')
    expect(task.hosts.control01).toMatchObject({ failed: true, rc: 127, msg: expect.stringMatching(/^Container kd_crash exited at once with code 127: .*no-such-service.*(not found|no such file)/i) })
    expect(await onHost('control01', 'docker ps -aq --filter name=^/kd_crash; ls /etc/systemd/system | grep kd_crash || true')).toBe('')
  }, 5 * 60_000)

  it('a stop that does not end within client_timeout is one clear error', async () => {
    const run = await runPlaybook('tsible', join(HERE, 'faults.yml'), ['-e', 'fault=stop'], { cwd: HERE })
    const task = run.json.plays[0].tasks.find((t: { task: { name: string } }) => t.task.name === 'stop with a short client_timeout')
    expect(task.hosts.control01).toMatchObject({ failed: true, msg: expect.stringMatching(/^Container kd_stubborn did not stop within 1 s \(unit kolla-kd_stubborn-container\.service is (stop|stop-sigterm|deactivating|running)\)$/) })
  }, 5 * 60_000)
})

describe("kolla-ansible's site.yml, deploy --tags common,memcached, on two hosts", () => {
  const golden = readGolden('deploy.json')
  let args: string[]

  beforeAll(async () => {
    await cleanHosts()
    args = prepareDeploy().args
  }, 120_000)

  it('run 1: the statuses of ansible-playbook with kolla\'s modules, and the same containers, volumes, units and /etc/kolla', async () => {
    const run = await deploy('tsible', args)
    expect(run.rc, run.stderr).toBe(golden.run1.rc)
    const got = statuses(run)
    expect(got.tasks).toEqual(golden.run1.tasks)
    expect(got.stats).toEqual(golden.run1.stats)
    const hosts = (await captureHosts()) as Record<string, any>
    for (const h of Object.keys(golden.hosts)) {
      expect(hosts[h].containers).toEqual(golden.hosts[h].containers)
      expect(hosts[h].volumes).toEqual(golden.hosts[h].volumes)
      expect(hosts[h].units).toEqual(golden.hosts[h].units)
      expect(hosts[h].wants).toEqual(golden.hosts[h].wants)
      expect(hosts[h].etc_kolla).toEqual(golden.hosts[h].etc_kolla)
    }
  }, 20 * 60_000)

  it('run 2: nothing changed, as with ansible', async () => {
    const run = await deploy('tsible', args)
    const got = statuses(run)
    expect(got.tasks).toEqual(golden.run2.tasks)
    expect(got.stats).toEqual(golden.run2.stats)
    expect(Object.values(got.stats as Record<string, { changed: number }>).every((s) => s.changed === 0)).toBe(true)
  }, 20 * 60_000)

  it('--check --diff after a change in globals: the container plan, the handler that would run, and nothing done', async () => {
    const changed = prepareDeploy({ memcached_extra_volumes: ['/etc/hostname:/etc/host-name:ro'] })
    const before = await onHost('control01', "docker inspect -f '{{.Id}} {{.State.StartedAt}}' memcached")
    const run = await deploy('tsible', changed.args, undefined, ['--check', '--diff'])
    expect(run.rc, run.stderr).toBe(0)
    const tasks = run.json.plays.flatMap((p: { tasks: unknown[] }) => p.tasks) as { task: { name: string }; hosts: Record<string, any> }[]
    const check = tasks.find((t) => t.task.name === 'memcached : Check memcached container')!.hosts.control01
    expect(check).toMatchObject({ changed: true, container_plan: { differences: [{ attribute: 'volumes' }], check_mode: true } })
    const handler = tasks.find((t) => t.task.name === 'memcached : Restart memcached container')!.hosts.control01
    expect(handler).toMatchObject({
      changed: true,
      container_plan: { action: 'recreate_or_restart_container', operation: 'recreate', differences: [{ attribute: 'volumes' }], check_mode: true },
      diff: { before_header: 'memcached (current)' },
    })
    expect(await onHost('control01', "docker inspect -f '{{.Id}} {{.State.StartedAt}}' memcached")).toBe(before)
  }, 20 * 60_000)
})
