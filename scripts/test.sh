#!/usr/bin/env bash
# The whole test suite from a fresh clone: install (frozen lockfile), build, typecheck, lint,
# unit and contract tests, the demo, then the end-to-end plans with a real engine (provisioned if absent),
# then the packed packages installed in scratch apps (scripts/pack-check.mjs; ~2.5 min warm).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-pnpm.sh

pnpm install --frozen-lockfile
pnpm exec turbo run build typecheck
pnpm lint
pnpm exec turbo run test
# The README's main job (npm run demo), end to end: it broke once without a test noticing.
node scripts/demo.mjs
pnpm e2e
node scripts/pack-check.mjs
