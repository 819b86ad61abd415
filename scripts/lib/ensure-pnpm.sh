# Sourced by the entry scripts: make sure pnpm 10 is on PATH. Corepack is not reliable on the
# machines we target, so pnpm comes from the npm registry.
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version 2>/dev/null)" != 10.* ]]; then
  echo "==> installing pnpm 10 (npm i -g pnpm@10)" >&2
  npm install --global --no-fund --no-audit pnpm@10 >&2
fi
