#!/bin/sh
# An old-style module: key=value arguments in a file, its path in $1.
. "$1"
printf '{"changed": true, "name": "%s", "count": "%s"}\n' "$name" "$count"
