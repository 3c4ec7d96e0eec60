#!/usr/bin/env bash
# Runs every integration target with ansible-playbook 2.14 (the oracle) and checks the
# same expectations the tsible test checks: proves the targets' assertions are Ansible's.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cfg=$(mktemp --suffix=.cfg); status=0
for dir in "$here"/test/integration/targets/*/; do
  name=$(basename "$dir")
  args=(); [ -f "$dir/args" ] && mapfile -t args < "$dir/args"
  want=0; [ -f "$dir/expect.yml" ] && want=$(awk '/^rc:/{print $2}' "$dir/expect.yml")
  (cd "$dir" && ANSIBLE_CONFIG=$cfg ANSIBLE_NOCOLOR=1 ansible-playbook -i inventory "${args[@]}" playbook.yml >/dev/null 2>&1)
  rc=$?
  if [ "$rc" = "${want:-0}" ]; then echo "ok   $name (rc=$rc)"; else echo "FAIL $name (rc=$rc, want ${want:-0})"; status=1; fi
done
rm -f "$cfg"
exit $status
