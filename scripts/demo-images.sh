#!/usr/bin/env bash
# Builds the images of the demo deployment (playbooks/) in the local Docker engine with
# `docker import`, no registry: Debian's static busybox with its applets, and the two
# kolla-style helpers of playbooks/images (kolla_set_configs, kolla_start).
# Idempotent: an image whose inputs did not change is kept. Prints the image names.
#   scripts/demo-images.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES="tsible-demo/web:1 tsible-demo/status:1"
[ -x /bin/busybox ] || { echo "demo-images: /bin/busybox is missing (apt-get install busybox-static)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "demo-images: the Docker engine does not answer" >&2; exit 1; }
inputs=$( { sha256sum /bin/busybox playbooks/images/kolla_set_configs playbooks/images/kolla_start; } | sha256sum | cut -c1-16)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for image in $IMAGES; do
  name=${image%%:*}; name=${name#*/}
  comment="tsible demo image $name inputs=$inputs"
  if [ "${1:-}" != --force ] && [ "$(docker image inspect -f '{{.Comment}}' "$image" 2>/dev/null || true)" = "$comment" ]; then
    echo "$image"; continue
  fi
  root="$work/$name"
  mkdir -p "$root"/{bin,etc,tmp,root,var/www,usr/local/bin,var/lib/kolla/config_files}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"; done
  install -m 755 playbooks/images/kolla_set_configs playbooks/images/kolla_start "$root/usr/local/bin/"
  printf 'root:x:0:0:root:/root:/bin/sh\nwww:x:33:33::/var/www:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nwww:x:33:\n' >"$root/etc/group"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -c . \
    | docker import -m "$comment" \
        --change 'CMD ["kolla_start"]' \
        --change 'ENV PATH=/usr/local/bin:/bin' \
        --change "LABEL name=\"$name\" project=\"tsible-demo\"" \
        - "$image" >/dev/null
  echo "$image"
done
