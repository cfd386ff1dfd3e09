#!/usr/bin/env bash
# The test command: set up what is missing, build, then run every jest project.
# (The test-bed part - OVS, Mininet, Redis - is filled in by scripts/setup.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npm run build
npx jest --selectProjects unit
npx jest --selectProjects integration --runInBand --passWithNoTests
npx jest --selectProjects e2e --runInBand --passWithNoTests
