#!/usr/bin/env bash
# Records files made by tsible-vault (this tree's bin/tsible-vault.js, built) and what
# ansible-vault 2.14 (/usr/bin/ansible-vault) makes of them: `tsible-check.txt` has one
# line per file, "<file> <ansible-vault's rc> <sha256 of what it decrypted> <sha256 of the
# plaintext>", so that the check is kept for machines without Ansible.
set -euo pipefail
cd "$(dirname "$0")"
av=${ANSIBLE_VAULT:-/usr/bin/ansible-vault}
tv="node ../../../bin/tsible-vault.js"
"$av" --version | grep "core 2.14" >/dev/null || { echo "needs ansible-core 2.14's ansible-vault" >&2; exit 1; }
$tv encrypt --vault-password-file pw-default --output tsible-1.1.vault ansible-1.1.plain
$tv encrypt --vault-id prod@pw-prod --output tsible-1.2-prod.vault ansible-1.2-prod.plain
$tv encrypt --vault-id dev@pw-dev --output tsible-1.2-dev-binary.vault ansible-1.2-dev-binary.plain
$tv encrypt --vault-password-file pw-default --output tsible-1.1-utf8.vault ansible-1.1-utf8.plain
$tv encrypt --vault-password-file pw-default --output tsible-1.1-empty.vault ansible-1.1-empty.plain
$tv encrypt_string --vault-id prod@pw-prod -n inline_prod 'inline pr0d' > tsible-inline-1.2-prod.yml
{
  "$av" --version | sed -n 1p
  for spec in "tsible-1.1.vault pw-default default ansible-1.1.plain" "tsible-1.2-prod.vault pw-prod prod ansible-1.2-prod.plain" \
    "tsible-1.2-dev-binary.vault pw-dev dev ansible-1.2-dev-binary.plain" "tsible-1.1-utf8.vault pw-default default ansible-1.1-utf8.plain" \
    "tsible-1.1-empty.vault pw-default default ansible-1.1-empty.plain"; do
    set -- $spec
    out=$(mktemp)
    rc=0
    "$av" decrypt --vault-id "$3@$2" --output "$out" "$1" 2>/dev/null || rc=$?
    echo "$1 $rc $(sha256sum <"$out" | cut -d' ' -f1) $(sha256sum <"$4" | cut -d' ' -f1)"
    rm -f "$out"
  done
  # The encrypt_string output, read by ansible-playbook as a vars file.
  pb=$(mktemp -d)
  printf -- '- hosts: localhost\n  gather_facts: false\n  vars_files: [%s]\n  tasks: [{debug: {msg: "{{ inline_prod }}"}}]\n' "$PWD/tsible-inline-1.2-prod.yml" > "$pb/pb.yml"
  got=$(ANSIBLE_STDOUT_CALLBACK=json ansible-playbook -i localhost, --vault-id "prod@$PWD/pw-prod" "$pb/pb.yml" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["plays"][0]["tasks"][0]["hosts"]["localhost"]["msg"])')
  echo "tsible-inline-1.2-prod.yml 0 $(printf '%s' "$got" | sha256sum | cut -d' ' -f1) $(printf 'inline pr0d' | sha256sum | cut -d' ' -f1)"
  rm -rf "$pb"
} > tsible-check.txt
cat tsible-check.txt
