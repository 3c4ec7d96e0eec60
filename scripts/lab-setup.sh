#!/usr/bin/env bash
# The multi-host lab of the container tests (../shared/lab): two hosts with sshd, systemd
# and their own dockerd, preloaded with kolla's fake images.
#   scripts/lab-setup.sh images   build what is missing: the node image, local/busybox:1
#                                 and the fake kolla images (CI: ~3 min the first time)
#   scripts/lab-setup.sh up       images, then the hosts (idempotent; ~1.5 min when down)
#   scripts/lab-setup.sh down     remove the hosts (the images stay)
# Settings (the defaults are this project's): LAB_OUT, LAB_PREFIX, LAB_NET, LAB_SUBNET_PREFIX.
set -euo pipefail
cd "$(dirname "$0")/.."
export LAB_OUT="${LAB_OUT:-/var/tmp/tsible-lab-docker}" LAB_PREFIX="${LAB_PREFIX:-docker-}" \
  LAB_NET="${LAB_NET:-docker-net}" LAB_SUBNET_PREFIX="${LAB_SUBNET_PREFIX:-198.18.10}"
lab="${TSIBLE_SHARED_LAB:-../shared/lab}"
[ -x "$lab/up.sh" ] || [ -f "$lab/up.sh" ] || { echo "lab-setup: the lab recipe is not at $lab" >&2; exit 1; }

images() {
  docker info >/dev/null 2>&1 || { echo "lab-setup: the Docker engine does not answer" >&2; exit 1; }
  command -v debootstrap >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq debootstrap >/dev/null; }
  bash "$lab/build-node-image.sh" >&2
  bash "$lab/make-busybox-image.sh" >/dev/null
  local img
  for img in $(bash "$lab/kolla-fake-images/build-fake-images.sh" --list); do
    docker image inspect "$img" >/dev/null 2>&1 || { bash "$lab/kolla-fake-images/build-fake-images.sh" >/dev/null; break; }
  done
}

hosts=(control01 network01)

# up.sh removes every lab node it was not asked for, whatever its prefix, and down.sh every
# lab object: with another lab on this engine, neither may run.
foreign() {
  docker ps -a --filter label=tsible-lab=node --format '{{.Names}}' | grep -v "^${LAB_PREFIX}\(control01\|network01\)\$" || true
}

case "${1:-}" in
  images) images ;;
  up)
    images
    # Up already: nothing to do (up.sh would check every host again).
    if [ -f "$LAB_OUT/inventory.ini" ] && [ "$(docker inspect -f '{{.State.Running}}' "${LAB_PREFIX}control01" "${LAB_PREFIX}network01" 2>/dev/null | sort -u)" = true ] \
      && ssh -F "$LAB_OUT/ssh_config" -o BatchMode=yes control01 true 2>/dev/null; then
      echo "$LAB_OUT"; exit 0
    fi
    others="$(foreign)"
    [ -z "$others" ] || { echo "lab-setup: other lab hosts run on this engine ($others); up.sh would remove them" >&2; exit 1; }
    LAB_PRELOAD_IMAGES="local/busybox:1 $(bash "$lab/kolla-fake-images/build-fake-images.sh" --list | tr '\n' ' ')" \
      bash "$lab/up.sh" 2 >&2
    echo "$LAB_OUT"
    ;;
  down)
    # Only this lab's hosts, their engine volumes and network.
    for h in "${hosts[@]}"; do
      docker rm -f -v "$LAB_PREFIX$h" >/dev/null 2>&1 || true
      docker volume rm "$LAB_PREFIX$h-docker" >/dev/null 2>&1 || true
    done
    docker network rm "$LAB_NET" >/dev/null 2>&1 || true
    rm -f "$LAB_OUT/inventory.ini" "$LAB_OUT/ansible.cfg" "$LAB_OUT/ssh_config"
    ;;
  *) echo "usage: $0 images|up|down" >&2; exit 2 ;;
esac
