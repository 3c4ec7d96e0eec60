#!/usr/bin/env node
// tsible-playbook: runs the compiled CLI (npm run build writes dist/).
import { main } from '../dist/bundle/tsible-playbook.js'

process.exitCode = await main(process.argv.slice(2))
