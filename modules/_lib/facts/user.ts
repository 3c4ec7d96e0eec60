/**
 * The `user` collector: who the module runs as (getpass.getuser(): LOGNAME, USER, LNAME,
 * USERNAME, then the password entry of the real uid), that user's password entry, and the
 * real and effective ids (effective_group_id is the real gid, as in Ansible).
 */
import { environment, ids, type CollectContext } from './context.js'

export function userFacts(c: CollectContext): Record<string, unknown> {
  const [ruid, euid, rgid] = ids(c)
  const real = { real_user_id: ruid, effective_user_id: euid, real_group_id: rgid, effective_group_id: rgid }
  if (c.py) {
    const [, uid, gid, gecos, dir, shell] = c.py.pw ?? []
    return { user_id: c.py.getuser, user_uid: uid, user_gid: gid, user_gecos: gecos, user_dir: dir, user_shell: shell, ...real }
  }
  const uname = (c.s.section('id') ?? '').split('\n')[3] ?? ''
  const entries = (c.s.section('passwd') ?? '').split('\n').filter(Boolean).map((l) => l.split(':'))
  const env = environment(c)
  const byUid = entries.find((e) => e[2] === String(ruid))
  const user = env.LOGNAME || env.USER || env.LNAME || env.USERNAME || byUid?.[0] || uname
  const pw = entries.find((e) => e[0] === user) ?? byUid ?? []
  return {
    user_id: user,
    user_uid: Number(pw[2]),
    user_gid: Number(pw[3]),
    user_gecos: pw[4] ?? '',
    user_dir: pw[5] ?? '',
    user_shell: pw[6] ?? '',
    ...real,
  }
}
