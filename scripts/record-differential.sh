#!/usr/bin/env bash
# Records the differential goldens (test/differential/goldens/<scenario>.json) by running
# each scenario under ansible-playbook 2.14 with the json callback. With --self-check it
# records nothing: it re-runs ansible and fails if the normalised output differs from the
# stored golden (i.e. the normalisation is not stable across runs).
#   scripts/record-differential.sh [--self-check] [scenario ...]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ansible-playbook >/dev/null || { echo "ansible-playbook (2.14) is needed to record goldens" >&2; exit 1; }
version=$(ansible-playbook --version | sed -n 1p)
case "$version" in
  *"core 2.14."*) ;;
  *) echo "goldens must come from ansible-core 2.14, found: $version" >&2; exit 1 ;;
esac
exec node node_modules/tsx/dist/cli.mjs test/differential/record.ts "$@"   # --ssh records goldens-ssh/ over a real sshd (needs root)
