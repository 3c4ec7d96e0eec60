#!/usr/bin/env node
// tsible-inventory: runs the compiled CLI (npm run build writes dist/).
import { main } from '../dist/bundle/tsible-inventory.js'

process.exitCode = await main(process.argv.slice(2))
