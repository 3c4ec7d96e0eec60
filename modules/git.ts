/**
 * git (ansible-core 2.14): a checkout of `repo` at `version` in `dest`, through the git
 * CLI on the host, following the module's steps: clone when `dest` has no repository,
 * otherwise (with `update`) local modifications (fail, or reset with `force`), the
 * remote's URL, `git fetch --tags`, then the version switch (HEAD: the remote's head
 * branch; a remote branch: track it; anything else: `checkout --force`). `before` and
 * `after` are commit ids; `diff` is the module's prepared text.
 *
 * Check mode asks the remote (`ls-remote`) what `after` would be and changes nothing;
 * unlike Ansible it does not fetch for the diff, so a check-mode diff between commits the
 * checkout does not have yet says it could not be computed. Not supported: refspec,
 * reference, separate_git_dir, archive, verify_commit, submodule updates.
 */
import {
  defineModule,
  shellJoin,
  type ExecResult,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'

interface Args {
  repo: string
  dest?: string
  version: string
  remote: string
  force: boolean
  update: boolean
  clone: boolean
  depth?: number
  bare: boolean
  single_branch: boolean
  executable?: string
  accept_hostkey: boolean
  accept_newhostkey: boolean
  key_file?: string
  ssh_opts?: string
  umask?: string | number
}

export default defineModule<Args>({
  name: 'git',
  fqcns: ['ansible.builtin.git', 'ansible.legacy.git'],
  summary: 'Deploy software (or files) from git checkouts',
  args: {
    type: 'object',
    properties: {
      dest: { type: 'string' },
      repo: { type: 'string' },
      version: { type: 'string', default: 'HEAD' },
      remote: { type: 'string', default: 'origin' },
      refspec: { type: 'string' },
      reference: { type: 'string' },
      force: { type: 'boolean', default: false },
      depth: { type: 'integer' },
      clone: { type: 'boolean', default: true },
      update: { type: 'boolean', default: true },
      verify_commit: { type: 'boolean', default: false },
      gpg_whitelist: { type: 'array', items: { type: 'string' }, default: [] },
      accept_hostkey: { type: 'boolean', default: false },
      accept_newhostkey: { type: 'boolean', default: false },
      key_file: { type: 'string' },
      ssh_opts: { type: 'string' },
      executable: { type: 'string' },
      bare: { type: 'boolean', default: false },
      recursive: { type: 'boolean', default: true },
      single_branch: { type: 'boolean', default: false },
      track_submodules: { type: 'boolean', default: false },
      umask: {},
      archive: { type: 'string' },
      archive_prefix: { type: 'string' },
      separate_git_dir: { type: 'string' },
    },
    required: ['repo'],
  },
  aliases: { repo: ['name'] },
  mutuallyExclusive: [['separate_git_dir', 'bare'], ['accept_hostkey', 'accept_newhostkey']],
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const git = new Git(ctx, args)
    const result: ModuleResult = { changed: false, warnings: [] }
    if (args.umask !== undefined && args.umask !== null) {
      if (typeof args.umask !== 'string') return ctx.fail('umask must be defined as a quoted octal integer')
      if (!/^[0-7]+$/.test(args.umask)) return ctx.fail('umask must be an octal integer')
    }
    let repo = args.repo
    if (repo.startsWith('/')) repo = `file://${repo}`
    if (!args.dest && args.clone) return ctx.fail('the destination directory must be specified unless clone=no')
    const dest = args.dest ? absolute(args.dest) : undefined
    git.dest = dest
    result.before = null
    const repoPath = dest ? (args.bare ? dest : `${dest}/.git`) : undefined
    const hasRepo = repoPath ? (await ctx.stat(`${repoPath}/config`, { follow: true })) !== null : false

    if ((dest && !hasRepo) || (!dest && !args.clone)) {
      if (ctx.check || !args.clone) {
        result.changed = true
        result.after = await git.remoteHead(repo, repo, args.version, true)
        if (ctx.diff) result.diff = { prepared: `>> Newly checked out ${result.after}` }
        return result
      }
      await git.clone(repo, dest!)
    } else if (!args.update) {
      result.before = await git.version()
      result.after = result.before
      return result
    } else {
      const localMods = await git.hasLocalMods()
      result.before = await git.version()
      if (localMods) {
        if (!args.force) return ctx.fail(`Local modifications exist in the destination: ${dest} (force=no).`, result)
        if (!ctx.check) {
          await git.write(['reset', '--hard', 'HEAD'], true)
          Object.assign(result, { changed: true, msg: `Local modifications exist in the destination: ${dest}` })
        }
      }
      let remoteUrlChanged: boolean
      if (ctx.check) {
        const url = await git.remoteUrl()
        remoteUrlChanged = Boolean(url) && url !== repo && unfrack(url!) !== unfrack(repo)
      } else remoteUrlChanged = await git.setRemoteUrl(repo)
      result.remote_url_changed = remoteUrlChanged
      if (ctx.check) {
        const remoteHead = await git.remoteHead(args.remote, repo, args.version, false)
        result.changed = result.before !== remoteHead || remoteUrlChanged
        result.after = remoteHead
        if (ctx.diff) {
          const diff = await git.diff(result.before as string, remoteHead)
          if (diff) result.diff = diff
        }
        return result
      }
      await git.fetch(repo)
      if (localMods) result.local_mods = true
    }
    if (!args.bare) await git.switchVersion()
    result.after = await git.version()
    if (result.before !== result.after || result.local_mods || result.remote_url_changed) {
      result.changed = true
      if (ctx.diff) {
        const diff = await git.diff(result.before as string | null, result.after as string)
        if (diff) result.diff = diff
      }
    }
    delete result.local_mods
    return result
  },
})

function absolute(p: string): string {
  return p.replace(/\/+$/, '') || '/'
}

/** Ansible's unfrackgitpath: an scp-like or URL remote reduced for comparison. */
function unfrack(path: string): string {
  return path.replace(/\/+$/, '').replace(/^(\w+:\/\/)?(?:[^@/]+@)?/, '')
}

class Git {
  dest?: string
  private readonly bin: string
  private readonly env: Record<string, string>

  constructor(
    private readonly ctx: ModuleContext,
    private readonly args: Args,
  ) {
    this.bin = args.executable ?? 'git'
    this.env = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C', LC_CTYPE: 'C' }
    let sshOpts = args.ssh_opts
    const hostKeyChecking = args.accept_hostkey ? 'no' : args.accept_newhostkey ? 'accept-new' : undefined
    if (hostKeyChecking && !['-o StrictHostKeyChecking=no', '-o StrictHostKeyChecking=accept-new'].some((o) => (sshOpts ?? '').includes(o))) {
      sshOpts = `${sshOpts ? `${sshOpts} ` : ''}-o StrictHostKeyChecking=${hostKeyChecking}`
    }
    const ssh = [args.key_file ? shellJoin(['-i', args.key_file, '-o', 'IdentitiesOnly=yes']) : '', sshOpts ?? ''].filter(Boolean).join(' ')
    if (ssh) this.env.GIT_SSH_COMMAND = `ssh ${ssh}`
  }

  private line(words: string[]): string {
    const umask = typeof this.args.umask === 'string' ? `umask ${this.args.umask} && ` : ''
    return `${umask}${shellJoin([this.bin, ...words])}`
  }

  /** A read: never changes the host. */
  read(words: string[], cwd: string | null | undefined = this.dest): Promise<ExecResult> {
    // null: no working directory (the module's own, as Python's cwd=None).
    return this.ctx.exec(this.line(words), { cwd: cwd ?? undefined, env: this.env })
  }

  /** A change; with `checkRc` a non-zero exit fails the module as run_command(check_rc=True) does. */
  async write(words: string[], checkRc = false, cwd = this.dest): Promise<ExecResult> {
    const r = (await this.ctx.change((w) => w.exec(this.line(words), { cwd, env: this.env }))) ?? { rc: 0, stdout: '', stderr: '' }
    if (checkRc && r.rc !== 0) this.failRc(words, r)
    return r
  }

  failRc(words: string[], r: ExecResult): never {
    return this.ctx.fail(r.stderr.replace(/\n$/, '') || r.stdout.replace(/\n$/, ''), { cmd: [this.bin, ...words].join(' '), rc: r.rc, stdout: r.stdout, stderr: r.stderr })
  }

  async readChecked(words: string[], cwd: string | null | undefined = this.dest): Promise<ExecResult> {
    const r = await this.read(words, cwd)
    if (r.rc !== 0) this.failRc(words, r)
    return r
  }

  async version(ref = 'HEAD'): Promise<string> {
    return (await this.read(['rev-parse', ref])).stdout.replace(/\n$/, '')
  }

  async hasLocalMods(): Promise<boolean> {
    if (this.args.bare) return false
    const r = await this.read(['status', '--porcelain'])
    return r.stdout.split('\n').filter((l) => l && !l.startsWith('??')).length > 0
  }

  async remoteUrl(): Promise<string | null> {
    const r = await this.read(['ls-remote', '--get-url', this.args.remote])
    return r.rc === 0 ? r.stdout.replace(/\n$/, '') : null
  }

  async setRemoteUrl(repo: string): Promise<boolean> {
    const url = await this.remoteUrl()
    if (url === repo || (url !== null && unfrack(url) === unfrack(repo))) return false
    const r = await this.write(['remote', 'set-url', this.args.remote, repo])
    if (r.rc !== 0) return this.ctx.fail(`Failed to set a new url ${repo} for ${this.args.remote}: ${r.stdout} ${r.stderr}`)
    return url !== null
  }

  async isRemoteBranch(remote: string, version: string, cwd: string | null | undefined = this.dest): Promise<boolean> {
    const r = await this.readChecked(['ls-remote', remote, '-h', `refs/heads/${version}`], cwd)
    return r.stdout.includes(version)
  }

  async isRemoteTag(remote: string, version: string, cwd: string | null | undefined = this.dest): Promise<boolean> {
    const r = await this.readChecked(['ls-remote', remote, '-t', `refs/tags/${version}`], cwd)
    return r.stdout.includes(version)
  }

  /** The commit `version` names on the remote; a version that is neither branch nor tag is itself. */
  async remoteHead(remote: string, repo: string, version: string, cloning: boolean): Promise<string> {
    const cwd = cloning ? null : this.dest
    let words: string[]
    let tag = false
    if (version === 'HEAD') words = cloning ? ['ls-remote', remote, '-h', 'HEAD'] : ['ls-remote', remote, '-h', `refs/heads/${await this.headBranch()}`]
    else if (await this.isRemoteBranch(remote, version, cwd)) words = ['ls-remote', remote, '-h', `refs/heads/${version}`]
    else if (await this.isRemoteTag(remote, version, cwd)) {
      tag = true
      words = ['ls-remote', remote, '-t', `refs/tags/${version}*`]
    } else return version
    const r = await this.readChecked(words, cwd)
    let out = r.stdout
    if (out.length < 1) return this.ctx.fail(`Could not determine remote revision for ${version}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc })
    if (tag) {
      for (const t of out.split('\n')) {
        if (t.endsWith(`${version}^{}`)) {
          out = t
          break
        } else if (t.endsWith(version)) out = t
      }
    }
    void repo
    return out.trim().split(/\s+/)[0]
  }

  /** The branch HEAD is on, or for a detached HEAD the remote's HEAD branch. */
  async headBranch(): Promise<string> {
    const repoPath = this.args.bare ? this.dest! : `${this.dest}/.git`
    const detached = (await this.read(['branch', '--no-color', '-a'])).stdout.split('\n').some((l) => /^\* \((HEAD detached|no branch|detached from)/.test(l.trim()))
    const file = detached ? `${repoPath}/refs/remotes/${this.args.remote}/HEAD` : `${repoPath}/HEAD`
    const text = (await this.ctx.readFile(file))?.toString('utf8')
    if (text === undefined) {
      // Packed or missing refs/remotes/<remote>/HEAD: ask git.
      const r = await this.read(['symbolic-ref', '--short', `refs/remotes/${this.args.remote}/HEAD`])
      if (r.rc === 0) return r.stdout.trim().replace(`${this.args.remote}/`, '')
      return this.ctx.fail(`The repository does not have a HEAD branch for ${this.args.remote}`)
    }
    const ref = text.trim().replace(/^ref:\s*/, '')
    return ref.replace(/^refs\/(heads|remotes\/[^/]+)\//, '')
  }

  async isLocalBranch(branch: string): Promise<boolean> {
    const r = await this.read(['branch', '--no-color', '-a'])
    if (r.rc !== 0) return this.ctx.fail(`Could not determine branch data - received ${r.stdout}`, { stdout: r.stdout, stderr: r.stderr })
    const branches = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean)
    return branches.includes(branch) || branches.includes(`* ${branch}`)
  }

  async clone(repo: string, dest: string): Promise<void> {
    const parent = dest.slice(0, dest.lastIndexOf('/')) || '/'
    if (!(await this.ctx.stat(parent, { follow: true }))) await this.ctx.change((w) => w.fileOp({ op: 'mkdir', path: parent, parents: true }))
    const words = ['clone', ...(this.args.bare ? ['--bare'] : ['--origin', this.args.remote])]
    const { version, depth } = this.args
    const branchOrTag = (await this.isRemoteBranch(repo, version, parent)) || (await this.isRemoteTag(repo, version, parent))
    if (depth) {
      if (version === 'HEAD') words.push('--depth', String(depth))
      else if (branchOrTag) words.push('--depth', String(depth), '--branch', version)
      else this.ctx.warn('Ignoring depth argument. Shallow clones are only available for HEAD, branches, tags or in combination with refspec.')
    }
    if (this.args.single_branch) {
      words.push('--single-branch')
      if (branchOrTag) words.push('--branch', version)
    }
    words.push(repo, dest)
    await this.write(words, true, parent)
    if (this.args.bare && this.args.remote !== 'origin') await this.write(['remote', 'add', this.args.remote, repo], true)
  }

  async fetch(repo: string): Promise<void> {
    await this.setRemoteUrl(repo)
    const { version, depth, remote } = this.args
    const cmd = ['fetch']
    let refspecs: string[] = []
    if (depth) {
      const current = await this.headBranch()
      if (version === 'HEAD') refspecs.push(current)
      else if (await this.isRemoteBranch(repo, version)) {
        if (current !== version) refspecs.push(`+refs/heads/${version}:refs/heads/${version}`)
        refspecs.push(`+refs/heads/${version}:refs/remotes/${remote}/${version}`)
      } else if (await this.isRemoteTag(repo, version)) refspecs.push(`+refs/tags/${version}:refs/tags/${version}`)
      if (refspecs.length) cmd.push('--depth', String(depth))
    }
    if (!depth || !refspecs.length) {
      if (this.args.bare) refspecs = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*']
      else cmd.push('--tags')
    }
    if (this.args.force) cmd.push('--force')
    cmd.push(remote, ...refspecs)
    const r = await this.write(cmd)
    if (r.rc !== 0) this.ctx.fail(`Failed to download remote objects and refs: ${r.stdout} ${r.stderr}`, { cmd: [this.bin, ...cmd].join(' ') })
  }

  async switchVersion(): Promise<void> {
    const { version, remote } = this.args
    let words: string[]
    let branch = ''
    if (version === 'HEAD') {
      branch = await this.headBranch()
      const co = await this.write(['checkout', '--force', branch])
      if (co.rc !== 0) this.ctx.fail(`Failed to checkout branch ${branch}`, { stdout: co.stdout, stderr: co.stderr, rc: co.rc })
      words = ['reset', '--hard', `${remote}/${branch}`, '--']
    } else if (await this.isRemoteBranch(remote, version)) {
      if (!(await this.isLocalBranch(version))) words = ['checkout', '--track', '-b', version, `${remote}/${version}`]
      else {
        const co = await this.write(['checkout', '--force', version])
        if (co.rc !== 0) this.ctx.fail(`Failed to checkout branch ${version}`, { stdout: co.stdout, stderr: co.stderr, rc: co.rc })
        words = ['reset', '--hard', `${remote}/${version}`]
      }
    } else words = ['checkout', '--force', version]
    const r = await this.write(words)
    if (r.rc !== 0) {
      const msg = version !== 'HEAD' ? `Failed to checkout ${version}` : `Failed to checkout branch ${branch}`
      this.ctx.fail(msg, { stdout: r.stdout, stderr: r.stderr, rc: r.rc, cmd: [this.bin, ...words].join(' ') })
    }
  }

  async diff(before: string | null, after: string): Promise<Record<string, string> | undefined> {
    if (before === null) return { prepared: `>> Newly checked out ${after}` }
    if (before === after) return undefined
    const r = await this.read(['diff', before, after])
    if (r.rc === 0 && r.stdout) return { prepared: r.stdout }
    if (r.rc === 0) return { prepared: `>> No visual differences between ${before} and ${after}` }
    if (r.stderr) return { prepared: `>> Failed to get proper diff between ${before} and ${after}:\n>> ${r.stderr}` }
    return { prepared: `>> Failed to get proper diff between ${before} and ${after}` }
  }
}
