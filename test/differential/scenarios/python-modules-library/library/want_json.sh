#!/bin/sh
# WANT_JSON: the arguments arrive as a JSON file, its path in $1.
args=$(cat "$1")
printf '{"changed": false, "args": %s}\n' "$args"
