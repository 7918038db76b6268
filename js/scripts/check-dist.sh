#!/usr/bin/env bash
# Fails when the committed dist/ differs from a fresh build of the sources.
# dist/ is what `uses:` runs, so it must be exactly what the sources build.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash js/scripts/build-wasm.sh >/dev/null
node js/scripts/bundle-action.mjs >/dev/null
node js/scripts/bundle-cli.mjs >/dev/null

changed=$(git status --porcelain -- dist/)
if [ -n "$changed" ]; then
  echo "check-dist: dist/ differs from a fresh build of the sources:" >&2
  echo "$changed" >&2
  git --no-pager diff --stat -- dist/ >&2 || true
  echo "check-dist: run 'npm run build' and commit dist/" >&2
  exit 1
fi
echo "check-dist: dist/ matches the sources"
