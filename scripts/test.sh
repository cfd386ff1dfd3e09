#!/usr/bin/env bash
# The test command (`npm test`): set up the test bed (packages, Open vSwitch, Redis,
# node_modules), build, lint (recommended rules and the layering), then run the unit,
# integration and end-to-end projects. Every
# project runs even if an earlier one fails; the exit code says whether all passed.
# Integration and e2e run in band: Redis, OVS and Mininet are machine-wide.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
timings=()
failed=()

phase() {
  local name=$1; shift
  local t0=$SECONDS
  echo "=== $name: $*"
  if "$@"; then timings+=("$name $((SECONDS - t0))s ok")
  else timings+=("$name $((SECONDS - t0))s FAILED"); failed+=("$name"); fi
}

phase setup bash scripts/setup.sh
[ "${#failed[@]}" -eq 0 ] || { echo "test: setup failed" >&2; exit 1; }
phase build npm run build --silent
[ "${#failed[@]}" -eq 0 ] || { echo "test: build failed" >&2; exit 1; }
phase lint npx eslint .
phase unit npx jest --selectProjects unit
# --forceExit: a failing integration test (a hook that timed out) can leave a server
# open, and jest then waits for it forever; CI must report the failure, not hang.
phase integration npx jest --selectProjects integration --runInBand --passWithNoTests --forceExit
phase e2e npx jest --selectProjects e2e --runInBand

echo "=== summary (total $((SECONDS - start))s)"
printf '  %s\n' "${timings[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "test: FAILED: ${failed[*]} (e2e logs: .run/e2e/)" >&2
  exit 1
fi
