/**
 * Runs a module on its host over the host's connection, by ansible-core 2.14's two
 * protocols:
 *
 * - pipelining (new-style modules, when the `pipelining` setting is on, files are not kept,
 *   the task is not async and become is not su): the interpreter reads the wrapper script
 *   from standard input: one command, nothing written on the host;
 * - otherwise a temporary directory under `remote_tmp` (`ansible-tmp-<time>-<pid>-<random>`,
 *   mode 0700) receives the module (`AnsiballZ_<file>`) and, for old-style, WANT_JSON and
 *   binary modules, its `args` file; the files are made executable (or readable by an
 *   unprivileged become user through an ACL or chown), the module runs, and the directory
 *   is removed unless `keep_remote_files` is set.
 *
 * The directory is created, and the files written, as the login user in one command;
 * the module then runs with become.
 */
import { basename } from 'node:path'
import { shellQuote } from '../connection/types.js'
import type { ModuleContext } from '../module-api/types.js'
import type { ModulePayload } from './module-payload.js'

export interface Upload {
  /** File name inside the temporary directory. */
  name: string
  data: string | Buffer
}

/** A fresh temporary directory name, as ansible-core's sh shell plugin makes them. */
export function tempDirName(): string {
  const random = Math.floor(Math.random() * 2 ** 48)
  return `ansible-tmp-${(Date.now() / 1000).toFixed(7).replace(/0+$/, '')}-${process.pid}-${random}`
}

/** The file name a module gets in the temporary directory. */
export function remoteModuleName(payload: ModulePayload): string {
  return `AnsiballZ_${basename(payload.path).trim()}`
}

export interface PermissionPlan {
  /** Make the files readable by this unprivileged become user. */
  becomeUser?: string
  /** The login user is an admin (root): a failed chown is fatal. */
  loginIsAdmin: boolean
}

/** Files of up to this size are written inline in the command; larger ones go through standard input. */
const INLINE_MAX = 32 * 1024

/**
 * Creates `dir` (its parent with `mkdir -p`) as the login user with umask 077, writes the
 * files (the first through standard input, small others inline, large others through
 * standard input of further commands), and sets the permissions.
 * Returns an error text, or undefined.
 */
export async function uploadFiles(ctx: ModuleContext, base: string, dir: string, files: Upload[], perms: PermissionPlan): Promise<string | undefined> {
  const q = shellQuote
  const paths = [dir, ...files.map((f) => `${dir}/${f.name}`)].map(q).join(' ')
  const mkdir = `( umask 77 && mkdir -p ${q(base)} && mkdir ${q(dir)} )`
  const commands: { script: string[]; stdin?: string | Buffer }[] = [{ script: [mkdir] }]
  for (const [i, f] of files.entries()) {
    const target = q(`${dir}/${f.name}`)
    const size = typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.length
    if (i > 0 && size <= INLINE_MAX && typeof f.data === 'string') commands.at(-1)!.script.push(`printf '%s' ${q(f.data)} > ${target}`)
    else if (commands.at(-1)!.stdin === undefined) Object.assign(commands.at(-1)!, { stdin: f.data }).script.push(`cat > ${target}`)
    else commands.push({ script: [`umask 77 && cat > ${target}`], stdin: f.data })
  }
  if (perms.becomeUser) {
    const u = q(perms.becomeUser)
    commands.at(-1)!.script.push(`{ setfacl -m u:${u}:r-x ${paths} || { chmod u+x ${paths} && chown ${u} ${paths}; } || { echo 'TSIBLE-PERMS-FAILED' >&2; exit 1; }; }`)
  } else commands.at(-1)!.script.push(`chmod u+x ${paths}`)
  for (const c of commands) {
    const r = await ctx.exec(c.script.join(' && '), { become: undefined, stdin: c.stdin })
    if (r.rc !== 0) return uploadError(r, perms, mkdir)
  }
  return undefined
}

function uploadError(r: { rc: number; stderr: string }, perms: PermissionPlan, mkdir: string): string {
  if (perms.becomeUser && r.stderr.includes('TSIBLE-PERMS-FAILED')) {
    if (perms.loginIsAdmin) {
      return 'Failed to change ownership of the temporary files Ansible (via chmod nor setfacl) needs to create despite connecting as a privileged user. Unprivileged become user would be unable to read the file.'
    }
    const link = 'https://docs.ansible.com/ansible-core/2.14/playbook_guide/playbooks_privilege_escalation.html#risks-of-becoming-an-unprivileged-user'
    return `Failed to set permissions on the temporary files Ansible needs to create when becoming an unprivileged user (rc: ${r.rc}, err: ${r.stderr.replace('TSIBLE-PERMS-FAILED', '').trim()}}). For information on working around this, see ${link}#risks-of-becoming-an-unprivileged-user`
  }
  if (r.stderr.includes('No space left on device')) return r.stderr
  return `Failed to create temporary directory. In some cases, you may have been able to authenticate and did not have permissions on the target directory. Consider changing the remote tmp path in ansible.cfg to a path rooted in "/tmp", for more error information use -vvv. Failed command was: ${mkdir}, exited with result ${r.rc}`
}

/** Removes a temporary directory as the login user, as Ansible's _remove_tmp_path does. */
export async function removeTempDir(ctx: ModuleContext, dir: string): Promise<void> {
  await ctx.exec(`rm -f -r ${shellQuote(dir)} > /dev/null 2>&1`, { become: undefined })
}

/**
 * `~`-relative remote paths expanded on the host (ActionBase._remote_expand_user): `~` is
 * the home of `user` (the login user, or the become user for paths the module uses).
 */
export class RemotePaths {
  private readonly cache = new Map<string, string>()

  async expand(ctx: ModuleContext, host: string, path: string, user: string | undefined): Promise<string> {
    if (!path.startsWith('~')) return path
    const slash = path.indexOf('/')
    const head = slash < 0 ? path : path.slice(0, slash)
    const who = head === '~' ? `~${user ?? ''}` : head
    const key = `${host}\0${who}`
    let home = this.cache.get(key)
    if (home === undefined) {
      const r = await ctx.exec(`echo ${who}`, { become: undefined })
      home = r.stdout.trim().split('\n').at(-1) ?? ''
      if (home === '') home = (await ctx.exec('pwd', { become: undefined })).stdout.trim()
      this.cache.set(key, home)
    }
    if (home === '') return path
    return slash < 0 ? home : `${home.replace(/\/$/, '')}/${path.slice(slash + 1)}`
  }
}
