/**
 * Ansible's `generate_ansible_template_vars`: the variables the template action and the
 * template lookup add while rendering a template file. `ansible_managed` is the
 * `ansible_managed` setting (DEFAULT_MANAGED_STR, default `Ansible managed`) with `{host}`,
 * `{uid}` and `{file}` filled in by Python's str.format, then passed through time.strftime
 * with the template's modification time, in local time.
 */
import { readFileSync, statSync } from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { pyFormatStrings } from '../py/str-format.js'
import { strftime } from '../py/strftime.js'

export const DEFAULT_MANAGED_STR = 'Ansible managed'

/**
 * The variables for the template `path` (as the task or lookup names it), found at
 * `fullpath`, rendered to `destPath` (the template action's `dest`; none for the lookup).
 * Throws the str.format error (KeyError, ValueError...) a bad `ansible_managed` raises.
 */
export function generateTemplateVars(managed: string, path: string, fullpath: string, destPath?: string): Record<string, unknown> {
  const st = statSync(fullpath)
  const host = hostname()
  const uid = userName(st.uid)
  return {
    template_host: host,
    template_path: path,
    template_mtime: new Date(st.mtimeMs),
    template_uid: uid,
    template_run_date: new Date(),
    template_destpath: destPath || null,
    template_fullpath: fullpath,
    ansible_managed: strftime(pyFormatStrings(managed, { host, uid, file: path }), st.mtimeMs / 1000, false),
  }
}

let passwd: Map<number, string> | undefined

/** `pwd.getpwuid(uid).pw_name`, or the number when no user has it. */
function userName(uid: number): string {
  const me = userInfo()
  if (uid === me.uid) return me.username
  passwd ??= readPasswd()
  return passwd.get(uid) ?? String(uid)
}

function readPasswd(): Map<number, string> {
  const users = new Map<number, string>()
  let text = ''
  try {
    text = readFileSync('/etc/passwd', 'utf8')
  } catch {
    return users
  }
  for (const line of text.split('\n')) {
    const [name, , id] = line.split(':')
    if (name && id !== undefined && /^\d+$/.test(id) && !users.has(Number(id))) users.set(Number(id), name)
  }
  return users
}
