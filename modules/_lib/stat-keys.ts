/** The per-path keys of Ansible's stat and find results, from a FileStat. */
import { octalMode, type FileStat } from '../../src/plugin-kit.js'

/** What find reports per file (and stat, before its extra keys). */
export function statKeys(st: FileStat): Record<string, unknown> {
  const m = st.mode
  return {
    path: st.path,
    mode: octalMode(m),
    isdir: st.type === 'directory',
    ischr: st.type === 'char',
    isblk: st.type === 'block',
    isreg: st.type === 'file',
    isfifo: st.type === 'fifo',
    islnk: st.type === 'link',
    issock: st.type === 'socket',
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    atime: st.atime,
    mtime: st.mtime,
    ctime: st.ctime,
    wusr: Boolean(m & 0o200),
    rusr: Boolean(m & 0o400),
    xusr: Boolean(m & 0o100),
    wgrp: Boolean(m & 0o020),
    rgrp: Boolean(m & 0o040),
    xgrp: Boolean(m & 0o010),
    woth: Boolean(m & 0o002),
    roth: Boolean(m & 0o004),
    xoth: Boolean(m & 0o001),
    isuid: Boolean(m & 0o4000),
    isgid: Boolean(m & 0o2000),
    pw_name: st.owner,
    gr_name: st.group,
  }
}
