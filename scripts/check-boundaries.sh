#!/usr/bin/env bash
# The layering checks: modules/ and plugins/ reach src/ only through src/plugin-kit.ts, the
# engine reaches them only through their registries, src/py is the bottom layer, no import
# cycles (.dependency-cruiser.cjs); no unused files, exports or dependencies (knip.json);
# no unused locals (tsc); no function in src/executor over 60 lines. Exits non-zero on the first kind of violation found.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
bin=$(cd "$(dirname "$0")/.." && pwd)/node_modules/.bin
"$bin/depcruise" --config .dependency-cruiser.cjs --output-type err src plugins modules
"$bin/knip" --no-progress --no-config-hints
"$bin/tsc" -p tsconfig.json --noEmit --noUnusedLocals
[ ! -d src/executor ] || "$bin/tsx" "$(dirname "$0")/function-lengths.ts" --max 60 src/executor
