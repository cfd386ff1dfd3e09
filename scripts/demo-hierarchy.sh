#!/usr/bin/env bash
# The SLR hierarchy, end to end, on this machine: set up the test bed, build, then
# (test/support/hierarchy-demo.ts, compiled) start a private Redis, five slr controller
# processes (a network SLR, two system SLRs, two processes hosting two site SLRs each),
# the Mininet network of topologies/hierarchy3.json, an HTTP server and a real
# `slr agent` on each of its ten servers; drive HTTP traffic from both clients to the
# VIP 10.0.0.100 and into the virtual subnet 192.200.0.0/16; print one line
# `SUMMARY {json}` (connections, byAs, bySite, byServer, packetInsPerConnectionByLevel,
# coreSwitchVipRules, shortcutConnections, checks); tear everything down. Exit status 0
# only if every check passed. HIERARCHY_DEMO_REQUESTS sets requests per client and VIP
# (default 100).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh >&2
npm run build --silent >&2
exec node dist/test/support/hierarchy-demo.js
