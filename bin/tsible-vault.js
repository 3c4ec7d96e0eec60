#!/usr/bin/env node
// tsible-vault: runs the compiled CLI (npm run build writes dist/).
import { main } from '../dist/bundle/tsible-vault.js'

process.exitCode = await main(process.argv.slice(2))
