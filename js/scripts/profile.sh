#!/usr/bin/env bash
# `npm run profile [event]`: a CPU profile of one whole-action run with Rust
# function names in it, for finding where the time goes.
#
# dist/ ships a module without its name section (smaller, reproducible); a
# profile of it shows wasm-function[1234]. This builds the same module with
# the names kept, into build/profile/ (never dist/), next to a copy of the
# bundled action, and runs it under `node --cpu-prof` on LocalAI's matrix and
# example config. The event is `schedule` (no API call) unless one of
# `workflow_dispatch` or `schedule` is given.
#
# Output: build/profile/action.cpuprofile (open it in Chrome DevTools ›
# Performance, or VS Code), and the top self-time functions on stdout; then
# how much of the module the run reached (js/scripts/wasm-reach.mjs: the
# functions V8 compiled on first call, by crate), from a second run under
# --trace-wasm-compilation-times. Unlike the times, that count repeats
# exactly on a busy machine.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
event=${1:-schedule}
out=build/profile
name=changed_backends

[ -f dist/index.js ] || { echo "profile: dist/ is missing; run npm run build first" >&2; exit 1; }

# The same release build as build-wasm.sh (same flags, so cargo reuses it).
cargo_home=${CARGO_HOME:-$HOME/.cargo}
sep=$'\x1f'
flags="--remap-path-prefix=$cargo_home/registry/src=/cargo${sep}--remap-path-prefix=$root=/src"
unset RUSTFLAGS
CARGO_ENCODED_RUSTFLAGS="$flags" cargo build --quiet --release --target wasm32-unknown-unknown --lib
raw=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/$name.wasm

rm -rf "$out"
mkdir -p "$out/bindgen" "$out/action" "$out/ws/.github" "$out/run"
wasm-bindgen --remove-producers-section --target experimental-nodejs-module \
  --out-dir "$out/bindgen" --out-name "$name" "$raw"
cp -r dist/. "$out/action/"
cp "$out/bindgen/${name}_bg.wasm" "$out/action/${name}_bg.wasm"
cp tests/fixtures/localai/backend-matrix.yml "$out/ws/.github/backend-matrix.yml"
cp examples/localai/changed-backends.yml "$out/ws/.github/changed-backends.yml"
echo '{}' >"$out/run/event.json"

# One run of the copied action as a runner would start it, with `node` flags.
run_action() {
  : >"$root/$out/run/output"
  : >"$root/$out/run/summary.md"
  (
    cd "$root/$out/ws"
    env -i PATH="$PATH" HOME="$HOME" GITHUB_ACTIONS=true GITHUB_EVENT_NAME="$event" \
      GITHUB_EVENT_PATH="$root/$out/run/event.json" GITHUB_OUTPUT="$root/$out/run/output" \
      GITHUB_STEP_SUMMARY="$root/$out/run/summary.md" GITHUB_WORKSPACE="$root/$out/ws" \
      GITHUB_REPOSITORY=mudler/LocalAI INPUT_TOKEN=profile \
      node "$@" "$root/$out/action/index.js"
  )
}
run_action --cpu-prof --cpu-prof-dir="$root/$out/run" --cpu-prof-interval 100 >/dev/null
run_action --trace-wasm-compilation-times >"$out/compilation.txt"
mv "$out"/run/*.cpuprofile "$out/action.cpuprofile"
echo "profile: $out/action.cpuprofile"

# Self time per function, top 25.
node -e '
  const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const self = new Map();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const dt = p.timeDeltas;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url ? f.url.replace(/^.*\//, "") : ""}`;
    self.set(key, (self.get(key) || 0) + (dt[i] || 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`sampled ${(total / 1000).toFixed(1)} ms; top self time:`);
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
' "$out/action.cpuprofile"

node js/scripts/wasm-reach.mjs "$out/action/${name}_bg.wasm" "$out/compilation.txt"
