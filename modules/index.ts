/** The built-in modules: written against the public module API only, like users' own. */
import type { ModuleDefinition } from '../src/index.js'
import { command, shell } from './command.js'
import copy from './copy.js'
import file from './file.js'
import find from './find.js'
import mount from './mount.js'
import stat from './stat.js'
import setup from './setup.js'
import template from './template.js'

export const builtinModules: ModuleDefinition[] = [command, shell, copy, file, find, mount, setup, stat, template]
