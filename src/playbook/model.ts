/**
 * The loaded playbook: plays, blocks, tasks and roles, with their keywords kept raw
 * (templated at run time) and a parent chain for Ansible's keyword inheritance.
 *
 * Inheritance (FieldAttribute `_get_parent_attribute`): a task's keyword comes from the
 * task, else its block, its parent blocks, the include/import task that brought it in,
 * its role entry, and finally the play. `when` conditions accumulate along the chain,
 * `tags` are unioned and `vars` are merged (see `inherited.ts`).
 */
import type { SourceLocation } from '../errors/tsible-error.js'

export type Keywords = Record<string, unknown>

/** Anything a block or task can hang under. */
export type Parent = Block | Task | RoleRef | Play

let uuidCounter = 0

/** Ids in the shape Ansible's json callback shows (`02fc...-0001-...-000000000005`). */
function nextId(): string {
  uuidCounter += 1
  return `5fe16d2c-0000-4000-8000-${uuidCounter.toString(16).padStart(12, '0')}`
}

export class Play {
  readonly kind = 'play'
  readonly id = nextId()
  /** Role instances of `roles:` (and `import_role`, public `include_role`), in order. */
  roles: RoleInstance[] = []
  preTasks: Block[] = []
  tasks: Block[] = []
  postTasks: Block[] = []
  handlers: Block[] = []
  /** Conditions of the `import_playbook` that brought this play in. */
  includedConditional: unknown[] | undefined
  /**
   * Roles loaded in this play by name and parameters (Play.ROLE_CACHE): the same role
   * with the same parameters is one instance, so it runs once per host.
   */
  readonly roleCache = new Map<string, RoleInstance>()

  constructor(
    readonly keywords: Keywords,
    /** The playbook file's directory (playbook_dir, the base for relative paths). */
    readonly basedir: string,
    readonly location: SourceLocation | undefined,
  ) {}

  get name(): string {
    const n = this.keywords.name
    if (typeof n === 'string') return n
    const hosts = this.keywords.hosts
    if (Array.isArray(hosts)) return hosts.join(',')
    return hosts === undefined || hosts === null ? '' : String(hosts)
  }
}

export class Block {
  readonly kind = 'block'
  readonly id = nextId()
  block: Array<Task | Block> = []
  rescue: Array<Task | Block> = []
  always: Array<Task | Block> = []
  /** The role whose task file this block came from. */
  role: RoleInstance | undefined
  implicit = false

  constructor(
    readonly keywords: Keywords,
    public parent: Parent,
    readonly location: SourceLocation | undefined,
    readonly isHandler = false,
  ) {}

  /** A shallow copy for per-host task insertion (includes), as Block.copy(). */
  copy(): Block {
    const b = new Block(this.keywords, this.parent, this.location, this.isHandler)
    b.block = [...this.block]
    b.rescue = [...this.rescue]
    b.always = [...this.always]
    b.role = this.role
    b.implicit = this.implicit
    return b
  }
}

export class Task {
  readonly kind = 'task'
  readonly id = nextId()
  /** The role whose task file this task came from. */
  role: RoleInstance | undefined
  /** Implicit tasks (the flush_handlers after each section, the setup task) are not displayed. */
  implicit = false
  /** For handlers: the host names notified since the last flush. */
  notifiedHosts: Set<string> | undefined

  constructor(
    /** The action as written: `copy`, `ansible.builtin.copy`, `include_tasks`... */
    public action: string,
    /** Raw module arguments; free-form text is under `_raw_params`. */
    public args: Record<string, unknown>,
    /** Every other key of the task, raw. */
    readonly keywords: Keywords,
    public parent: Parent,
    readonly location: SourceLocation | undefined,
    readonly isHandler = false,
  ) {}

  get name(): string | undefined {
    const n = this.keywords.name
    return n === undefined || n === null ? undefined : String(n)
  }

  /** `with_items` → `items`; undefined for `loop:` or no loop. */
  get loopWith(): string | undefined {
    return this.keywords._loop_with as string | undefined
  }

  get listen(): string[] {
    const l = this.keywords.listen
    if (l === undefined || l === null) return []
    return Array.isArray(l) ? l.map(String) : [String(l)]
  }
}

/** A role brought into a play: its files, loaded once per distinct (name, params). */
export class RoleInstance {
  readonly kind = 'role'
  /** Hosts this role has completed for (its role_complete ran): play roles run once. */
  readonly hasRun = new Set<string>()
  /** Hosts for which at least one of the role's tasks ran (not skipped). */
  readonly hadTaskRun = new Set<string>()
  dependencies: RoleInstance[] = []
  /** Parents in the dependency chain (for variable scoping). */
  parents: RoleInstance[] = []
  taskBlocks: Block[] = []
  handlerBlocks: Block[] = []
  allowDuplicates = false
  fromInclude = false

  constructor(
    readonly name: string,
    /** The role's directory. */
    readonly path: string,
    /** defaults/main (or defaults_from), raw. */
    readonly defaults: Keywords,
    /** vars/main (or vars_from), raw. */
    readonly vars: Keywords,
    /** Role parameters: the non-keyword keys of the `roles:` entry. */
    readonly params: Keywords,
    /** The keywords of the `roles:` entry (`when`, `tags`, `become`...). */
    readonly ref: RoleRef,
  ) {}
}

/** The keywords on a role's entry (`- role: x` + `tags:`), as a link in the parent chain. */
export class RoleRef {
  readonly kind = 'role-ref'
  constructor(
    readonly keywords: Keywords,
    public parent: Parent,
  ) {}
}

/** One playbook file, imports expanded: its plays in order. */
export interface Playbook {
  file: string
  /** The path as given on the command line. */
  displayName?: string
  basedir: string
  plays: Play[]
}
