#!/usr/bin/env bash
# Bandwidth shares per VIP on this machine: set up the test bed, build, then
# (test/support/qos-demo.ts, compiled) the host site with two VIPs holding 50% and 25% of
# the access link into the site edge, both saturated with iperf3; a rate limit set through
# the REST API and measured from the VIP; the edge switch losing its meters and getting
# them back. Prints one line `SUMMARY {json}` (shares, usage, udp, checks); exit status 0
# only if every check passed. QOS_DEMO_SECONDS sets each iperf3 run's length (default 8).
# Needs the machine's Open vSwitch to itself: run it as
#   flock /tmp/slr-mininet.lock npm run demo:qos
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh >&2
npm run build --silent >&2
exec node dist/test/support/qos-demo.js
