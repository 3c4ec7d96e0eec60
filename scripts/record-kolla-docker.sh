#!/usr/bin/env bash
# Records the goldens that pin kolla_docker to kolla 2023.1's own Python code.
#
#   scripts/record-kolla-docker.sh oracle   test/docker/oracle/kolla-goldens.json: kolla's
#       generate_module, DockerWorker and SystemdWorker on test/docker/oracle/scenarios.json
#       (create request bytes, unit texts, the comparison rules), no engine needed.
#   scripts/record-kolla-docker.sh lab      test/docker/lab/goldens/*: ansible-playbook 2.14
#       running kolla's kolla_docker on a lab host (test/docker/lab/README.md).
#
# kolla-ansible is fetched at recording time only (never committed): set KOLLA_ANSIBLE_DIR
# to a checkout of tag 2023.1-eol, or the script clones it into a temp directory from
# KOLLA_ANSIBLE_GIT (default https://opendev.org/openstack/kolla-ansible).
# Needs ansible-core 2.14 (/usr/bin/ansible-playbook) and python3-docker; `lab` also
# python3-pbr (kolla's filters import its kolla_ansible package) and the lab (it installs
# python3-dbus on the lab hosts: kolla's systemd worker talks to D-Bus from Python).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-}"
case "$what" in oracle|lab) ;; *) echo "usage: $0 oracle|lab" >&2; exit 2 ;; esac

/usr/bin/python3 -c 'import ansible.release, docker, sys; sys.exit(0 if ansible.release.__version__.startswith("2.14.") else 1)' \
  || { echo "ansible-core 2.14 and python3-docker are needed (/usr/bin/python3)" >&2; exit 1; }

kolla="${KOLLA_ANSIBLE_DIR:-}"
if [ -z "$kolla" ]; then
  kolla="$(mktemp -d)/kolla-ansible"
  trap 'rm -rf "$(dirname "$kolla")"' EXIT
  git clone -q --depth 1 --branch 2023.1-eol "${KOLLA_ANSIBLE_GIT:-https://opendev.org/openstack/kolla-ansible}" "$kolla"
fi
[ -f "$kolla/ansible/module_utils/kolla_docker_worker.py" ] || { echo "$kolla is not a kolla-ansible checkout" >&2; exit 1; }
[ "$(git -C "$kolla" describe --tags --exact-match 2>/dev/null || true)" = 2023.1-eol ] \
  || echo "warning: $kolla is not at tag 2023.1-eol" >&2

case "$what" in
  oracle)
    out=test/docker/oracle/kolla-goldens.json
    /usr/bin/python3 scripts/kolla-docker-oracle.py "$kolla" test/docker/oracle/scenarios.json >"$out.tmp"
    mv "$out.tmp" "$out"
    echo "recorded $out"
    ;;
  lab)
    KOLLA_ANSIBLE_DIR="$kolla" exec bash test/docker/lab/record.sh
    ;;
esac
