#!/usr/bin/env bash
# Stop exactly what scripts/setup.sh started on this machine (as recorded in
# .run/setup-started), so daemons someone else started keep running.
set -euo pipefail
cd "$(dirname "$0")/.."
STARTED=.run/setup-started
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl
[ -f "$STARTED" ] || { echo "stop: nothing recorded as started by setup.sh"; exit 0; }

while read -r what arg; do
  case "$what" in
    redis)
      if [ -f "$arg" ]; then
        pid="$(cat "$arg")"
        # Only stop it if the PID still belongs to a redis-server (PIDs get reused).
        if [ -n "$pid" ] && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then
          kill "$pid" && echo "stop: redis-server $pid"
        fi
      fi ;;
    ovs-vswitchd) "$OVS_CTL" --no-ovsdb-server stop && echo "stop: ovs-vswitchd" ;;
    ovsdb-server) "$OVS_CTL" --no-ovs-vswitchd stop && echo "stop: ovsdb-server" ;;
  esac
# Reverse order: ovs-vswitchd goes before the ovsdb-server it talks to.
done < <(tac "$STARTED")
rm -f "$STARTED"
