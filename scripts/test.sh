#!/usr/bin/env bash
# The project's test command: set up, then run every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/check-boundaries.sh
NO_COLOR=1 npx vitest run
