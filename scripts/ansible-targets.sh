#!/usr/bin/env bash
# Runs ansible-core 2.14's own integration targets (../shared/ansible-targets, beside the
# repository) with this checkout's bin/tsible-playbook.js, bin/tsible.js and
# bin/tsible-inventory.js first on PATH as ansible-playbook, ansible and ansible-inventory, and
# compares what passed with test/ansible-targets/expected-pass.txt: it fails when a target
# listed there fails, and prints the targets that pass without being listed (add them).
# Every target of the suite is listed either there or, with the reason, in expected-fail.txt.
#
# usage: scripts/ansible-targets.sh [TARGET ...]   default: every target of the suite
# env:   TSIBLE_ANSIBLE_TARGETS  the suite's directory (default: <repo>/../shared/ansible-targets)
#        ANSIBLE_TARGETS_JOBS    targets run at once (default 2), each in its own scratch dir
#        ANSIBLE_TARGETS_WORK    scratch and logs (default: a new temp dir, logs kept on failure)
#        TARGET_TIMEOUT          seconds per target (run.sh's, default 600)
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
suite=${TSIBLE_ANSIBLE_TARGETS:-$(dirname "$repo")/shared/ansible-targets}
expected=$repo/test/ansible-targets/expected-pass.txt
excused=$repo/test/ansible-targets/expected-fail.txt
jobs=${ANSIBLE_TARGETS_JOBS:-2}

if [ ! -x "$suite/run.sh" ]; then
  echo "ansible-targets: no suite at $suite (set TSIBLE_ANSIBLE_TARGETS)" >&2
  exit 2
fi
for cmd in ansible-vault ansible-config ansible-galaxy localedef; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "ansible-targets: $cmd is missing (scripts/setup.sh installs it as root)" >&2; exit 2; }
done

# Each target is in exactly one of the two lists.
mapfile -t all < <(grep -v '^#' "$suite/targets.txt" | grep -v '^$')
listed=$( (grep -v '^#' "$expected"; grep -v '^#' "$excused" | cut -d: -f1) | grep -v '^$' | sort)
if ! diff <(printf '%s\n' "${all[@]}" | sort) <(printf '%s\n' "$listed") >/dev/null; then
  echo "ansible-targets: expected-pass.txt and expected-fail.txt must list each target of $suite/targets.txt once:" >&2
  diff <(printf '%s\n' "${all[@]}" | sort) <(printf '%s\n' "$listed") >&2
  exit 2
fi

work=${ANSIBLE_TARGETS_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/tsible-targets.XXXXXX")}
mkdir -p "$work/bin" "$work/logs"
for pair in ansible-playbook:tsible-playbook ansible:tsible ansible-inventory:tsible-inventory; do
  printf '#!/bin/sh\nexec node %q "$@"\n' "$repo/bin/${pair#*:}.js" >"$work/bin/${pair%%:*}"
  chmod +x "$work/bin/${pair%%:*}"
done
# One locale for every scratch dir (run.sh builds it where it is missing; it takes seconds).
mkdir -p "$work/locale"
[ -d "$work/locale/en_US.UTF-8" ] || localedef -i en_US -f UTF-8 "$work/locale/en_US.UTF-8" 2>/dev/null || true

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
export suite work
run_one() {  # one target in its own scratch dir: run.sh's line, its log kept under $work/logs
  local t=$1 w=$work/run-$1 start=$SECONDS
  mkdir -p "$w" && ln -s "$work/locale" "$w/locale"
  local line
  line=$(PATH=$work/bin:$PATH WORK=$w "$suite/run.sh" "$t" | grep -E "^$t (PASS|FAIL)")
  cp "$w/logs/$t.log" "$work/logs/$t.log" 2>/dev/null
  rm -rf "$w"
  echo "${line%% (log:*} $((SECONDS - start))s"
}
export -f run_one
start=$SECONDS
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$1"' _ {} | tee "$work/results.txt"

mapfile -t passed < <(awk '$2 == "PASS" {print $1}' "$work/results.txt" | sort)
mapfile -t want < <(grep -v '^#' "$expected" | grep -v '^$' | sort)
ran=$(printf '%s\n' "${targets[@]}" | sort)
missing=$(comm -23 <(printf '%s\n' "${want[@]}") <(printf '%s\n' "${passed[@]}") | comm -12 - <(echo "$ran"))
new=$(comm -13 <(printf '%s\n' "${want[@]}") <(printf '%s\n' "${passed[@]}"))
echo "${#passed[@]} passed of ${#targets[@]} in $((SECONDS - start))s (logs: $work/logs)"
[ -z "$new" ] || printf 'passing but not in test/ansible-targets/expected-pass.txt (add them):\n%s\n' "$new"
if [ -n "$missing" ]; then
  printf 'FAILED: expected to pass (logs in %s/logs):\n%s\n' "$work" "$missing" >&2
  exit 1
fi
[ -n "${ANSIBLE_TARGETS_WORK:-}" ] || rm -rf "$work"
exit 0
