/** The built-in controller-side actions. */
import { type ActionDefinition } from '../../src/plugin-kit.js'
import addHost from './add-host.js'
import assert from './assert.js'
import debug from './debug.js'
import fail from './fail.js'
import groupBy from './group-by.js'
import includeVars from './include-vars.js'
import pause from './pause.js'
import setFact from './set-fact.js'
import setStats from './set-stats.js'

export const builtinActions: ActionDefinition[] = [addHost, assert, debug, fail, groupBy, includeVars, pause, setFact, setStats]
