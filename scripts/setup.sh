#!/usr/bin/env bash
# One-time set-up of a fresh Debian machine: system packages, npm dependencies, build.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v sudo >/dev/null 2>&1 || need+=(sudo)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v git >/dev/null 2>&1 || need+=(git)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v podman >/dev/null 2>&1 || need+=(podman)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install: ${need[*]}" >&2
  fi
fi
[ -d node_modules ] && [ node_modules -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
# The container engine: started when it does not answer; the demo's images (playbooks/)
# and, where the lab recipe is (../shared/lab), the test lab's images.
bash scripts/engine-setup.sh
