#!/usr/bin/env bash
# The main job, end to end on this machine: set up the test bed, build, start the slr
# controller (forwarding app, config/example.json on a port the OS picks), build the
# linear3 Mininet network against it, send traffic (ping between every pair of hosts,
# an HTTP fetch from h1 to a server on h4 across all three switches), and print one
# result line. Everything it starts is stopped again on exit, even on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

TOPOLOGY=topologies/linear3.json  # the requests below name its hosts and addresses
CONFIG=${CONFIG:-config/example.json}
DIR=.run/demo
mkdir -p "$DIR"
CTL_LOG="$DIR/controller.log"
DRV_LOG="$DIR/mininet-driver.log"
REPLIES="$DIR/replies.jsonl"
: >"$CTL_LOG"; : >"$DRV_LOG"; : >"$REPLIES"

bash scripts/setup.sh
npm run build --silent

CTL_PID=""
cleanup() {
  # Only the controller is ours to stop here; the driver tears its network down
  # itself when its stdin closes (it runs in the foreground pipeline below).
  if [ -n "$CTL_PID" ] && kill -0 "$CTL_PID" 2>/dev/null; then kill "$CTL_PID"; wait "$CTL_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

node dist/cli/main.js controller --config "$CONFIG" --host 127.0.0.1 --port 0 >"$CTL_LOG" 2>&1 &
CTL_PID=$!
PORT=""
for _ in $(seq 1 150); do
  PORT=$(grep -m1 '"msg":"listening"' "$CTL_LOG" | sed -n 's/.*"port":\([0-9]*\).*/\1/p' || true)
  [ -n "$PORT" ] && break
  kill -0 "$CTL_PID" 2>/dev/null || { echo "demo: controller exited; see $CTL_LOG" >&2; exit 1; }
  sleep 0.1
done
[ -n "$PORT" ] || { echo "demo: controller did not report its port; see $CTL_LOG" >&2; exit 1; }
echo "demo: slr controller pid $CTL_PID listening on 127.0.0.1:$PORT"

# The requests, one JSON line each; the driver answers each in order, then stops.
# h1 fetches from an HTTP server on h4 (10.0.0.4 in linear3), retrying while it starts.
CURL_LOOP=$(cat <<'SH'
code=000; for i in $(seq 1 50); do code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://10.0.0.4:8080/); [ "$code" = 200 ] && break; sleep 0.2; done; printf '%s' "$code"
SH
)
json_string() { node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' "$1"; }
requests() {
  cat <<JSON
{"id":1,"op":"waitConnected","timeout":30}
{"id":2,"op":"waitFlows","contains":"priority=0 actions=CONTROLLER","timeout":20}
{"id":3,"op":"pingAll","count":1,"timeout":3}
{"id":4,"op":"bg","host":"h4","cmd":"exec /usr/bin/python3 -m http.server 8080 --bind 10.0.0.4"}
{"id":5,"op":"cmd","host":"h1","cmd":$(json_string "$CURL_LOOP"),"timeout":60}
{"id":6,"op":"dumpFlows","switch":"s1"}
{"id":7,"op":"dumpFlows","switch":"s2"}
{"id":8,"op":"dumpFlows","switch":"s3"}
{"id":9,"op":"stop"}
JSON
}
echo "demo: building $TOPOLOGY in Mininet and sending traffic"
requests | /usr/bin/python3 mininet/driver.py --topology "$TOPOLOGY" --controller-port "$PORT" \
  >"$REPLIES" 2>"$DRV_LOG" || { echo "demo: Mininet driver failed; see $DRV_LOG" >&2; exit 1; }

# Summarise the replies into one line; exit 0 only if everything worked.
node - "$REPLIES" <<'NODE'
const lines = require('fs').readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const ready = lines.find((l) => l.event);
const byId = Object.fromEntries(lines.filter((l) => l.id != null).map((l) => [l.id, l]));
if (!ready || ready.event !== 'ready') { console.log(`DEMO FAILED: network did not start: ${ready && ready.error}`); process.exit(1); }
const ping = byId[3] || {};
const http = ((byId[5] || {}).output || '000').trim();
const flows = [6, 7, 8].map((id, i) => `s${i + 1}=${((byId[id] || {}).output || '').split('\n').filter((l) => l.includes('cookie=')).length}`);
const ok = byId[1]?.ok && byId[2]?.ok && ping.ok && ping.loss === 0 && http === '200';
const failed = (ping.failed || []).map((p) => p.join('->')).join(' ');
console.log(`DEMO ${ok ? 'OK' : 'FAILED'}: ${Object.keys(ready.switches).length} switches, ${Object.keys(ready.hosts).length} hosts; ` +
  `pingall loss ${ping.loss}% (${ping.sent - (ping.failed || []).length}/${ping.sent} pairs${failed ? '; failed: ' + failed : ''}); ` +
  `HTTP h1 -> h4: ${http}; flows ${flows.join(' ')}`);
process.exit(ok ? 0 : 1);
NODE
