#!/usr/bin/env bash
# Service level routing at one host site, end to end, on this machine: set up the test
# bed, build, then (test/support/site-demo.ts, compiled) start a private Redis, the slr
# controller with service routing and the agent registration service, the Mininet
# network of topologies/site.json, an HTTP server and a real `slr agent` on each server
# host; drive curl traffic from both clients to the VIP 10.0.0.100 and into the virtual
# subnet 192.200.0.0/16; print one line `SUMMARY {json}` (connections, succeeded,
# packetInsPerConnection, byServer, ...); tear everything down. Exit status 0 only if
# every check passed. SITE_DEMO_REQUESTS sets curls per client and VIP (default 100).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh >&2
npm run build --silent >&2
exec node dist/test/support/site-demo.js
