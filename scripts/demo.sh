#!/usr/bin/env bash
# The main job from a fresh clone: install, build, then check a nickname and read audits with the
# `wxa` CLI and the example CDKTF stack's checks, against an embedded emulator that this command
# starts and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

pnpm install --frozen-lockfile
pnpm exec turbo run build --output-logs=errors-only
node scripts/demo.mjs
