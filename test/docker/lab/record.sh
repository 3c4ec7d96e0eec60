#!/usr/bin/env bash
# Records the lab goldens with ansible-playbook 2.14 running kolla 2023.1's own modules
# (called by scripts/record-kolla-docker.sh lab, which provides KOLLA_ANSIBLE_DIR).
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${KOLLA_ANSIBLE_DIR:?set KOLLA_ANSIBLE_DIR to a kolla-ansible 2023.1-eol checkout}"
exec node node_modules/tsx/dist/cli.mjs test/docker/lab/record.ts "$@"
