#!/bin/sh
# Prints, as one JSON document, what kolla_docker left on this host for the containers,
# volumes and units whose names start with $1: `docker inspect` of each container and
# volume, each unit file (base64), whether it is enabled and its sub-state.
p="$1"
printf '{"containers": '
ids=$(docker ps -aq --filter "name=^/$p" | sort)
if [ -n "$ids" ]; then docker inspect $ids; else printf '[]'; fi
printf ', "volumes": '
vols=$(docker volume ls -q --filter "name=^$p" | sort)
if [ -n "$vols" ]; then docker volume inspect $vols; else printf '[]'; fi
printf ', "units": {'
sep=''
for f in /etc/systemd/system/kolla-"$p"*-container.service; do
  [ -e "$f" ] || continue
  u=$(basename "$f")
  printf '%s"%s": {"text": "%s", "enabled": "%s", "state": "%s"}' "$sep" "$u" "$(base64 -w0 <"$f")" \
    "$(systemctl is-enabled "$u" 2>/dev/null)" "$(systemctl show -p SubState --value "$u")"
  sep=', '
done
printf '}, "wants": "%s"}\n' "$(ls /etc/systemd/system/multi-user.target.wants/ | grep "^kolla-$p" | tr '\n' ' ')"
