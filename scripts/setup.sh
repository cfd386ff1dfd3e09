#!/usr/bin/env bash
# Prepare this machine for the demo and the tests, idempotently:
#   1. install the Debian packages the test bed needs (only those missing),
#   2. npm ci when node_modules is missing,
#   3. start Open vSwitch's ovsdb-server / ovs-vswitchd if either does not answer,
#   4. start a Redis on 127.0.0.1:6379 if none answers there.
# What this script starts is recorded in .run/setup-started so scripts/stop.sh stops
# exactly that and nothing another user started.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

RUN_DIR=.run
STARTED="$RUN_DIR/setup-started"
mkdir -p "$RUN_DIR"
log() { printf 'setup: %s\n' "$*" >&2; }

# Root is needed for apt, OVS and network namespaces; use sudo only when not root.
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "must run as root (or with sudo available)"; exit 1; }
  SUDO="sudo -E"
fi

# iproute2 (`ip`) is needed by Mininet and the driver; minimal images may lack it.
PACKAGES=(openvswitch-switch openvswitch-testcontroller mininet redis-server iperf3 curl
          ethtool iputils-ping tcpdump netcat-openbsd iproute2 prometheus)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    # dpkg-query prints "install ok installed" only for fully installed packages.
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$p"
    fi
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [ "${#missing[@]}" -eq 0 ]; then return; fi
  log "installing: ${missing[*]}"
  $SUDO apt-get update -q
  # Package scripts may try to start the services and fail without systemd: harmless,
  # the daemons are started below if they do not answer.
  $SUDO apt-get install -y -q "${missing[@]}"
}

install_node_modules() {
  if [ ! -d node_modules ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
  fi
}

OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl

ovsdb_answers() { ovs-vsctl -t 5 show >/dev/null 2>&1; }
# `ovs-vsctl show` only proves ovsdb-server runs; the switch daemon answers on its own
# control socket.
vswitchd_answers() { ovs-appctl -t ovs-vswitchd -T 5 version >/dev/null 2>&1; }

start_ovs() {
  # No systemd on these machines: ovs-ctl starts each daemon directly (TESTBED.md).
  # Its ulimit and kernel-module complaints are harmless with the userspace datapath.
  if ! ovsdb_answers; then
    log "starting ovsdb-server"
    $SUDO "$OVS_CTL" --system-id=random --no-ovs-vswitchd start || true
    echo ovsdb-server >>"$STARTED"
  fi
  if ! vswitchd_answers; then
    log "starting ovs-vswitchd"
    $SUDO "$OVS_CTL" --no-ovsdb-server --no-monitor start || true
    echo ovs-vswitchd >>"$STARTED"
  fi
  local i
  for i in $(seq 1 50); do
    if ovsdb_answers && vswitchd_answers; then return; fi
    sleep 0.2
  done
  log "Open vSwitch did not come up: ovs-vsctl show or ovs-appctl version fails"; exit 1
}

# Answers PING on 127.0.0.1:6379? Uses bash's /dev/tcp so it needs no redis-cli.
redis_answers() {
  timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/6379 && printf "PING\r\n" >&3 && head -c 5 <&3' \
    2>/dev/null | grep -q PONG
}

start_redis() {
  if redis_answers; then return; fi
  log "starting redis-server on 127.0.0.1:6379"
  local pidfile
  pidfile="$(pwd)/$RUN_DIR/redis.pid"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --pidfile "$pidfile" --logfile "$(pwd)/$RUN_DIR/redis.log" >/dev/null
  local i
  for i in $(seq 1 50); do
    if redis_answers; then echo "redis $pidfile" >>"$STARTED"; return; fi
    sleep 0.1
  done
  log "redis-server did not answer on 127.0.0.1:6379"; exit 1
}

install_packages
install_node_modules
start_ovs
start_redis
log "ready: $(ovs-vsctl --version | head -1), redis on 127.0.0.1:6379"
