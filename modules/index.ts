/** The built-in modules: written against the public module API only, like users' own. */
import { type ModuleDefinition } from '../src/plugin-kit.js'
import assemble from './assemble.js'
import blockinfile from './blockinfile.js'
import { command, shell } from './command.js'
import copy from './copy.js'
import file from './file.js'
import find from './find.js'
import firewalld from './firewalld.js'
import getent from './getent.js'
import git from './git.js'
import lineinfile from './lineinfile.js'
import modprobe from './modprobe.js'
import mount from './mount.js'
import ping from './ping.js'
import raw from './raw.js'
import script from './script.js'
import { service, systemd } from './service.js'
import setup from './setup.js'
import slurp from './slurp.js'
import stat from './stat.js'
import sysctl from './sysctl.js'
import template from './template.js'
import waitFor from './wait-for.js'

export const builtinModules: ModuleDefinition[] = [
  assemble, blockinfile, command, copy, file, find, firewalld, getent, git, lineinfile, modprobe, mount, ping, raw,
  script, service, setup, shell, slurp, stat, sysctl, systemd, template, waitFor,
]
