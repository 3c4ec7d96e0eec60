#!/usr/bin/env bash
# Starts or stops the sshd test hosts (real OpenSSH servers on loopback ports) that the
# SSH connection tests use, for manual runs: up [COUNT] | down | status.
# Needs root (sshd, useradd, sudoers). The directory is $TSIBLE_SSHD_DIR, by default
# /tmp/tsible-sshd-test-hosts; `up` prints the ports, users and key file as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx --no-install tsx test/helpers/sshd-cli.ts "$@"
