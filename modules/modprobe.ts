/**
 * modprobe (community.general, as shipped with ansible 7 / ansible-core 2.14): a kernel
 * module loaded or unloaded (loaded: listed in /proc/modules or built in per
 * /lib/modules/<release>/modules.builtin), with `params`, and `persistent` through
 * /etc/modules-load.d/<name>.conf and /etc/modprobe.d/<name>.conf. Check mode runs
 * `modprobe -n` (a dry run) as the module does; unlike the module, it never writes the
 * persistence files in check mode.
 */
import {
  defineModule,
  PyRegex,
  shellJoin,
  shlexSplit,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'

interface Args {
  name: string
  state: 'present' | 'absent'
  params: string
  persistent: 'disabled' | 'present' | 'absent'
}

const MODULES_LOAD_LOCATION = '/etc/modules-load.d'
const PARAMETERS_FILES_LOCATION = '/etc/modprobe.d'

export default defineModule<Args>({
  name: 'modprobe',
  fqcns: ['community.general.modprobe'],
  summary: 'Load or unload kernel modules',
  args: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
      params: { type: 'string', default: '' },
      persistent: { type: 'string', enum: ['disabled', 'present', 'absent'], default: 'disabled' },
    },
    required: ['name'],
  },
  supports: { check: 'full' },
  async run(args, ctx) {
    if ((await ctx.exec('command -v modprobe')).rc !== 0) {
      return ctx.fail('Failed to find required executable "modprobe" in paths: /sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin')
    }
    const m = new Modprobe(ctx, args)
    if (args.state === 'present' && !(await m.moduleLoaded())) await m.load()
    else if (args.state === 'absent' && (await m.moduleLoaded())) await m.unload()
    if (args.persistent === 'present' && !((await m.loadedPersistently()) && (await m.paramsSet()))) await m.loadPermanent()
    else if (args.persistent === 'absent' && ((await m.loadedPersistently()) || (await m.permanentParams()).size > 0)) await m.unloadPermanent()
    return m.result()
  },
})

class Modprobe {
  changed = false
  private readonly reModule: PyRegex
  private readonly reParams: PyRegex
  private readonly reParamValue: PyRegex

  constructor(
    private readonly ctx: ModuleContext,
    private readonly args: Args,
  ) {
    // As the module builds them: the name goes into the patterns unescaped.
    this.reModule = new PyRegex(`^ *${args.name} *(?:[#;].*)?\\n?\\Z`)
    this.reParams = new PyRegex(`^options ${args.name} \\w+=\\S+ *(?:[#;].*)?\\n?\\Z`)
    this.reParamValue = new PyRegex(`^options ${args.name} (\\w+=\\S+) *(?:[#;].*)?\\n?\\Z`)
  }

  result(): ModuleResult {
    return { changed: this.changed, name: this.args.name, params: this.args.params, state: this.args.state }
  }

  private fail(r: { rc: number; stdout: string; stderr: string }): never {
    return this.ctx.fail(r.stderr, { rc: r.rc, stdout: r.stdout, stderr: r.stderr, ...this.result() })
  }

  async moduleLoaded(): Promise<boolean> {
    const modules = await this.ctx.readFile('/proc/modules')
    if (modules === null) return this.ctx.fail("[Errno 2] No such file or directory: '/proc/modules'", this.result())
    const prefix = `${this.args.name.replace(/-/g, '_')} `
    if (modules.toString('utf8').split('\n').some((l) => l.startsWith(prefix))) return true
    const release = (await this.ctx.exec('uname -r')).stdout.trim()
    const builtinPath = `/lib/modules/${release}/modules.builtin`
    const builtins = await this.ctx.readFile(builtinPath)
    if (builtins === null) return this.ctx.fail(`[Errno 2] No such file or directory: '${builtinPath}'`, this.result())
    const file = `/${this.args.name}.ko`
    return builtins.toString('utf8').split('\n').some((l) => l.trimEnd().endsWith(file))
  }

  async load(): Promise<void> {
    const params = shlexSplit(this.args.params)
    // The dry run (-n) is a read: check mode runs it too.
    const command = ['modprobe', ...(this.ctx.check ? ['-n'] : []), this.args.name, ...params]
    const r = this.ctx.check ? await this.ctx.exec(shellJoin(command)) : ((await this.ctx.change((w) => w.exec(shellJoin(command)))) ?? { rc: 0, stdout: '', stderr: '' })
    if (r.rc !== 0) this.fail(r)
    if (this.ctx.check || (await this.moduleLoaded())) this.changed = true
    else {
      const again = await this.ctx.exec(shellJoin(['modprobe', '-n', '--first-time', this.args.name, ...params]))
      if (again.rc !== 0) this.ctx.warn(again.stderr)
    }
  }

  async unload(): Promise<void> {
    const command = ['modprobe', '-r', this.args.name, ...(this.ctx.check ? ['-n'] : [])]
    const r = this.ctx.check ? await this.ctx.exec(shellJoin(command)) : ((await this.ctx.change((w) => w.exec(shellJoin(command)))) ?? { rc: 0, stdout: '', stderr: '' })
    if (r.rc !== 0) this.fail(r)
    this.changed = true
  }

  private async files(dir: string): Promise<string[]> {
    const entries = await this.ctx.readDir(dir)
    if (entries === null) return this.ctx.fail(`[Errno 2] No such file or directory: '${dir}'`, this.result())
    const out: string[] = []
    for (const e of entries) {
      const st = await this.ctx.stat(`${dir}/${e.name}`, { follow: true })
      if (st?.type === 'file') out.push(`${dir}/${e.name}`)
    }
    return out
  }

  private async lines(path: string): Promise<string[]> {
    const text = (await this.ctx.readFile(path))?.toString('utf8') ?? ''
    return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
  }

  async loadedPersistently(): Promise<boolean> {
    for (const f of await this.files(MODULES_LOAD_LOCATION)) {
      if ((await this.lines(f)).some((l) => this.reModule.match(l))) return true
    }
    return false
  }

  async permanentParams(): Promise<Set<string>> {
    const params = new Set<string>()
    for (const f of await this.files(PARAMETERS_FILES_LOCATION)) {
      for (const l of await this.lines(f)) {
        const m = this.reParamValue.match(l)
        if (m) params.add(m[1])
      }
    }
    return params
  }

  async paramsSet(): Promise<boolean> {
    const desired = new Set(this.args.params.split(/\s+/).filter(Boolean))
    const current = await this.permanentParams()
    return desired.size === current.size && [...desired].every((p) => current.has(p))
  }

  /** Comments out matching lines; the module rewrites such a file joined with '\n'. */
  private async commentOut(files: string[], re: PyRegex): Promise<void> {
    for (const f of files) {
      const lines = await this.lines(f)
      let changed = false
      const next = lines.map((l) => {
        if (!re.match(l)) return l
        changed = true
        return `#${l}`
      })
      if (changed) await this.ctx.change((w) => w.writeFile(f, next.join('\n')))
    }
  }

  async loadPermanent(): Promise<void> {
    if (!(await this.loadedPersistently())) {
      await this.ctx.change((w) => w.writeFile(`${MODULES_LOAD_LOCATION}/${this.args.name}.conf`, `${this.args.name}\n`))
      this.changed = true
    }
    if (!(await this.paramsSet())) {
      await this.commentOut(await this.files(PARAMETERS_FILES_LOCATION), this.reParams)
      const content = this.args.params.split(/\s+/).filter(Boolean).map((p) => `options ${this.args.name} ${p}`)
      await this.ctx.change((w) => w.writeFile(`${PARAMETERS_FILES_LOCATION}/${this.args.name}.conf`, `${content.join('\n')}\n`))
      this.changed = true
    }
  }

  async unloadPermanent(): Promise<void> {
    if (await this.loadedPersistently()) {
      await this.commentOut(await this.files(MODULES_LOAD_LOCATION), this.reModule)
      this.changed = true
    }
    if ((await this.permanentParams()).size) {
      await this.commentOut(await this.files(PARAMETERS_FILES_LOCATION), this.reParams)
      this.changed = true
    }
  }
}
