#!/bin/sh
# Records the goldens of a kolla release's acceptance tests with ansible-core 2.14
# (/usr/bin/ansible-playbook), given the release's own Python plugins:
#   test/fixtures/kolla-releases/RELEASE/golden/
#     syntax-check.txt   `--syntax-check` output, the playbook path as @CORPUS@/ansible/site.yml
#     list-tasks.txt     `--list-tasks` output, the same
#     statuses-run1.json normalize-statuses.py of the json callback's run 1 (kolla_action=config)
#     statuses-run2.json the same for run 2 on the same directory
#     node-config.tar    the tree run 1 wrote under OUT/node-config
#     rc.txt             the exit codes of run 1 and run 2
# on the kolla-config fixture's 9-host layout as test/fixtures/kolla-releases/prepare.sh lays
# it out for RELEASE.
#
# usage: record-kolla-release.sh RELEASE KOLLA_SRC [WORK]
#   RELEASE   train-eol | master | 2024.1 (a folder of test/fixtures/kolla-releases)
#   KOLLA_SRC a kolla-ansible checkout of that release WITH its Python plugins
#             (tag train-eol, branch master at the corpus's commit, unmaintained/2024.1);
#             read only: the oracle runs on a copy in WORK
#   WORK      scratch folder (default /tmp/record-kolla-RELEASE), emptied first
#
# Needs: Debian's ansible-core 2.14 and ansible collections, python3-docker,
# python3-oslo.config (merge_configs' iniparser), python3-bcrypt (master's bcrypt_hash).
# kolla_ansible is imported from the copy (PYTHONPATH), PBR_VERSION stands in for the
# package metadata pbr looks for.
#
# Patches made to the oracle's copy only (never to the corpus; tsible runs the tree
# unchanged):
#   train-eol:
#   - roles/common/tasks/config.yml calls `docker_image_facts`, a module ansible 2.9 had
#     and the community.general collection shipped with ansible 2.14 has removed (a
#     tombstone naming community.docker.docker_image_info): the task calls
#     community.docker.docker_image_info instead, the same module under its new name.
#   - roles/common/filter_plugins/filters.py and roles/nova-cell/filter_plugins/filters.py
#     share a file name, and ansible 2.14 loads filter plugins by file name, so one hides
#     the other: nova-cell's is renamed kolla_nova_cell_filters.py (its later releases' name).
#   master, 2024.1: none.
#
# The image of common's `ensure_image` task (train: kolla/ubuntu-binary-fluentd:train,
# 2024.1: quay.io/openstack.kolla/fluentd:2024.1-ubuntu-jammy; master's common role has no
# such task) is made with `docker import` of an empty tarball when missing: kolla_docker
# pulls a missing image, and no registry is reachable.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 RELEASE KOLLA_SRC [WORK]" >&2; exit 2; }
release=$1
src=$(cd "$2" && pwd)
work=${3:-/tmp/record-kolla-$release}
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures=$root/test/fixtures/kolla-releases
golden=$fixtures/$release/golden
normalize=$root/../shared/fixtures/kolla-config/normalize-statuses.py
[ -f "$fixtures/$release/globals.yml.in" ] || { echo "$0: unknown release '$release'" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work" "$golden"
cp -R "$src/ansible" "$work/ansible"
cp -R "$src/kolla_ansible" "$work/kolla_ansible"
tree=$work/ansible

case $release in
train-eol)
  sed -i 's/^  docker_image_facts:$/  community.docker.docker_image_info:/' "$tree/roles/common/tasks/config.yml"
  grep -q 'community.docker.docker_image_info:' "$tree/roles/common/tasks/config.yml"
  mv "$tree/roles/nova-cell/filter_plugins/filters.py" "$tree/roles/nova-cell/filter_plugins/kolla_nova_cell_filters.py"
  image=kolla/ubuntu-binary-fluentd:train
  ;;
2024.1) image=quay.io/openstack.kolla/fluentd:2024.1-ubuntu-jammy ;;
*) image= ;;
esac
if [ -n "$image" ] && ! docker image inspect "$image" >/dev/null 2>&1; then
  tar -cf - -T /dev/null | docker import - "$image" >/dev/null
fi

fx=$(sh "$fixtures/prepare.sh" "$release" "$tree" "$work/fixture")
export ANSIBLE_CONFIG="$fx/ansible.cfg" PYTHONPATH="$work" PBR_VERSION=0.0.0 ANSIBLE_NOCOLOR=1
cd "$fx"
play() {
  /usr/bin/ansible-playbook -i multinode -e @globals.yml -e @passwords.yml -e "CONFIG_DIR=$fx" -e kolla_action=config "$@" "$tree/site.yml"
}
corpus() { sed "s|$work|@CORPUS@|g"; }

play --syntax-check | corpus > "$golden/syntax-check.txt"
play --list-tasks | corpus > "$golden/list-tasks.txt"
rc1=0
ANSIBLE_STDOUT_CALLBACK=json play > "$work/run1.json" 2> "$work/run1.err" || rc1=$?
(cd "$fx/node-config" && tar --sort=name --owner=0 --group=0 --numeric-owner -cf "$golden/node-config.tar" .)
rc2=0
ANSIBLE_STDOUT_CALLBACK=json play > "$work/run2.json" 2> "$work/run2.err" || rc2=$?
/usr/bin/python3 "$normalize" "$work/run1.json" > "$golden/statuses-run1.json"
/usr/bin/python3 "$normalize" "$work/run2.json" > "$golden/statuses-run2.json"
printf 'run1 %s\nrun2 %s\n' "$rc1" "$rc2" > "$golden/rc.txt"
echo "recorded $release in $golden (run 1 rc=$rc1, run 2 rc=$rc2; outputs in $work)"
