#!/usr/bin/env bash
# Part of scripts/setup.sh: starts dockerd when the engine does not answer (as root), and
# builds the images the demo deployment (playbooks/) and the container tests use when
# they are missing: scripts/demo-images.sh, and scripts/lab-setup.sh images where the lab
# recipe (../shared/lab) is (a few minutes the first time, seconds after).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null 2>&1; then
    (dockerd >/var/log/tsible-dockerd.log 2>&1 &)
    for _ in $(seq 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  docker info >/dev/null 2>&1 || { echo "setup: the Docker engine does not answer (start dockerd); skipping the images" >&2; exit 0; }
fi
bash scripts/demo-images.sh >/dev/null
if [ -f ../shared/lab/up.sh ] && [ "$(id -u)" = 0 ]; then
  bash scripts/lab-setup.sh images >/dev/null
fi
