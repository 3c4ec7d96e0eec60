#!/usr/bin/env bash
# Records the vault vectors made by ansible-vault 2.14 (/usr/bin/ansible-vault): files
# encrypted with and without a vault id (1.2 and 1.1) and encrypt_string output. Each
# `*.vault` has its plaintext in `*.plain`; the passwords are in pw-*. Re-run only to
# re-record (the outputs change: the salt is random).
set -euo pipefail
cd "$(dirname "$0")"
av=${ANSIBLE_VAULT:-/usr/bin/ansible-vault}
"$av" --version | grep "core 2.14" >/dev/null || { echo "needs ansible-core 2.14's ansible-vault" >&2; exit 1; }
printf 'hunter2\n' > pw-default
printf 'pr0d-s3cret\n' > pw-prod
printf 'dev pass with spaces  \n' > pw-dev
printf 'secret_key: s3cr3t\nother: 42\n' > ansible-1.1.plain
printf 'db_password: "p@ss:w0rd/with?chars"\nlist: [1, 2]\n' > ansible-1.2-prod.plain
printf 'caf\xc3\xa9 \xe2\x9c\x93 unicode\n' > ansible-1.1-utf8.plain
head -c 333 /dev/urandom > ansible-1.2-dev-binary.plain
printf '' > ansible-1.1-empty.plain
for f in ansible-1.1 ansible-1.1-utf8 ansible-1.1-empty; do "$av" encrypt --vault-password-file pw-default --output "$f.vault" "$f.plain"; done
"$av" encrypt --vault-id prod@pw-prod --output ansible-1.2-prod.vault ansible-1.2-prod.plain
"$av" encrypt --vault-id dev@pw-dev --output ansible-1.2-dev-binary.vault ansible-1.2-dev-binary.plain
# encrypt_string: a named 1.1 value and a named 1.2 value, as YAML.
"$av" encrypt_string --vault-password-file pw-default -n inline_default 'inline s3cret' > ansible-inline-1.1.yml
"$av" encrypt_string --vault-id prod@pw-prod -n inline_prod 'inline pr0d' > ansible-inline-1.2-prod.yml
"$av" --version | sed -n 1p > ansible-version.txt
# Deterministic: ansible-core's own VaultLib with a fixed salt (as the vault filter's
# `salt` argument passes one), so encryption can be compared byte for byte.
/usr/bin/python3 - <<'PY'
from ansible.parsing.vault import VaultLib, VaultSecret
lib = VaultLib()
secret = VaultSecret(b'hunter2')
with open('ansible-fixed-salt-1.1.vault', 'wb') as f:
    f.write(lib.encrypt(b'secret_key: s3cr3t\nother: 42\n', secret, None, b'fixed salt 0123456789abcdef0123'))
with open('ansible-fixed-salt-1.2-prod.vault', 'wb') as f:
    f.write(lib.encrypt(b'x' * 100 + b'\n', secret, 'prod', b'7'))
PY
