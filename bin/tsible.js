#!/usr/bin/env node
// tsible: ad-hoc tasks (`tsible -m MODULE -a ARGS PATTERN`), as the `ansible` command.
import { main } from '../dist/bundle/tsible.js'

process.exitCode = await main(process.argv.slice(2))
