#!/bin/sh
# Makes a kolla-ansible corpus as ../shared/corpus holds them (the release's ansible/ and
# etc/kolla/ trees and its LICENSE, WITHOUT kolla's Python plugins: ansible/library,
# ansible/action_plugins, ansible/filter_plugins, ansible/module_utils and every role's
# filter_plugins), from a kolla-ansible git repository at a given commit. tsible runs such a
# tree with its own plugins; scripts/record-kolla-release.sh records the goldens from the
# full checkout.
# usage: make-kolla-corpus.sh GIT_DIR COMMIT OUT_DIR
#   e.g. make-kolla-corpus.sh kolla-ansible/.git 1276a4338402ae4c2f2dc2565f67760aebd6c8fe \
#        ../shared/corpus/kolla-ansible-2024.1      (test/fixtures/kolla-releases/2024.1/SOURCE)
set -eu
[ $# -eq 3 ] || { echo "usage: $0 GIT_DIR COMMIT OUT_DIR" >&2; exit 2; }
[ ! -e "$3" ] || { echo "$0: $3 exists" >&2; exit 2; }
mkdir -p "$3"
git --git-dir="$1" archive "$2" LICENSE ansible etc | tar -x -C "$3"
rm -rf "$3/ansible/library" "$3/ansible/action_plugins" "$3/ansible/filter_plugins" "$3/ansible/module_utils"
find "$3/ansible/roles" -mindepth 2 -maxdepth 2 -type d -name filter_plugins -exec rm -rf {} +
echo "$3"
