#!/usr/bin/env bash
# `npm run bench`: prints one markdown report to stdout (progress goes to
# stderr). Measures; never asserts timings.
#
#   1. the core, native      cargo bench --bench core (benches/core.rs)
#   2. the core, WebAssembly js/scripts/bench-wasm.mjs on the same inputs
#   3. the whole action      js/scripts/bench-action.mjs --floor, when present,
#                            and again on Node 24 with --runner-env when
#                            js/scripts/fetch-node.sh 24 has fetched it
#   4. bundle sizes          dist/, raw and gzip
#
# Budget: about 3 minutes on 2 cores (the first run also compiles the bench).
set -euo pipefail

cd "$(dirname "$0")/../.."
started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say() { echo "bench: $*" >&2; }

# --- machine -----------------------------------------------------------------
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[ -n "$cpu" ] || cpu=$(uname -m)
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo "?")
os=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
kernel=$(uname -sr)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

# --- prerequisites -----------------------------------------------------------
if [ ! -f build/wasm/node/changed_backends.js ]; then
  say "building the WebAssembly module (build-wasm.sh)"
  bash js/scripts/build-wasm.sh >&2
fi
# An existing module is used as it is; say so when the sources are newer.
stale=$(find src Cargo.toml Cargo.lock -newer build/wasm/changed_backends_bg.wasm -print -quit 2>/dev/null || true)
say "compiling the native bench (cargo bench --bench core --no-run)"
cargo bench --bench core --no-run --message-format=json-render-diagnostics \
  >"$work/cargo.json" 2>"$work/cargo.log" || {
  cat "$work/cargo.log" >&2
  exit 1
}
# The binary cargo built: run it directly, so the timings never include a rebuild.
exe=$(node -e '
  for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) {
    if (!l.startsWith("{")) continue;
    const m = JSON.parse(l);
    if (m.reason === "compiler-artifact" && m.target?.name === "core" && m.executable) console.log(m.executable);
  }' "$work/cargo.json" | tail -n 1)
[ -x "$exe" ] || { echo "bench: cargo did not report the bench binary" >&2; exit 1; }

# --- 1. core, native ---------------------------------------------------------
say "core, native ($exe)"
"$exe" --bench --inputs "$work/inputs" >"$work/native.jsonl"

# --- 2. core, WebAssembly under Node -----------------------------------------
say "core, WebAssembly: module compile"
: >"$work/wasm.jsonl"
for _ in $(seq 15); do
  node js/scripts/bench-wasm.mjs compile >>"$work/wasm.jsonl"
done
for scenario in localai synthetic growth-1000 growth-2000 growth-4000 growth-8000; do
  say "core, WebAssembly: $scenario"
  node js/scripts/bench-wasm.mjs "$work/inputs" "$scenario" >>"$work/wasm.jsonl"
done

# --- 3. whole action ---------------------------------------------------------
action_sizes=no
if [ -f js/scripts/bench-action.mjs ]; then
  say "whole action (bench-action.mjs)"
  if node js/scripts/bench-action.mjs --floor >"$work/action.md" 2>"$work/action.log"; then
    if grep -qi 'gzip' "$work/action.md" && grep -q '\.wasm' "$work/action.md"; then
      action_sizes=yes
    fi
  else
    {
      echo "bench-action.mjs failed (exit $?):"
      echo
      echo '```'
      tail -n 20 "$work/action.log"
      echo '```'
    } >"$work/action.md"
  fi
fi

# The runtime action.yml declares, as a hosted runner starts it, when it was
# fetched (bash js/scripts/fetch-node.sh 24): not fetched here, only used.
node24=$(ls -d build/node/24.*/bin/node 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$node24" ] && [ -f js/scripts/bench-action.mjs ]; then
  say "whole action on $node24 (--runner-env)"
  if ! node js/scripts/bench-action.mjs --floor --runner-env --node "$node24" >"$work/action24.md" 2>"$work/action24.log"; then
    { echo "bench-action.mjs on $node24 failed:"; echo; echo '```'; tail -n 20 "$work/action24.log"; echo '```'; } >"$work/action24.md"
  fi
fi

# --- report ------------------------------------------------------------------
group() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }
size_row() { # label, files...
  local raw gz
  raw=$(cat "${@:2}" | wc -c)
  gz=0
  for f in "${@:2}"; do gz=$((gz + $(gzip -9n <"$f" | wc -c))); done
  printf '| %s | %s | %s |\n' "$1" "$(group "$raw")" "$(group "$gz")"
}

{
  echo "## Benchmark report"
  echo
  echo "| Machine | |"
  echo "|---|---|"
  echo "| CPU | $cpu |"
  echo "| Cores | $cores |"
  echo "| Memory | $mem |"
  echo "| OS | $os ($kernel) |"
  echo "| rustc | $(rustc --version | cut -d' ' -f2-) |"
  echo "| node | $(node --version) |"
  echo "| Date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
  echo "| Load average at start | $load |"
  echo
  if [ -n "$stale" ]; then
    echo "> build/wasm/ is older than $stale: the WebAssembly figures below are for the previous"
    echo "> build (\`npm run build:wasm\` refreshes it)."
    echo
  fi
  node js/scripts/bench-report.mjs "$work/native.jsonl" "$work/wasm.jsonl"
  echo
  echo "### Whole action"
  echo
  if [ -f "$work/action.md" ]; then
    cat "$work/action.md"
    echo
  else
    echo "js/scripts/bench-action.mjs is missing: whole-action timings were not measured."
    echo
  fi
  if [ -f "$work/action24.md" ]; then
    echo "### Whole action on the declared runtime (node24, as a hosted runner starts it)"
    echo
    # The dist/ table is the same as above.
    sed '/^| dist\/ file/,$d' "$work/action24.md"
  else
    echo "Node 24 was not fetched (\`bash js/scripts/fetch-node.sh 24\`): the whole action ran on $(node --version) only."
    echo
  fi
  if [ "$action_sizes" = no ]; then
    echo "### Bundle sizes"
    echo
    echo "| File | Bytes | gzip -9 |"
    echo "|---|---:|---:|"
    size_row dist/changed_backends_bg.wasm dist/changed_backends_bg.wasm
    size_row dist/index.js dist/index.js
    shopt -s nullglob
    chunks=(dist/chunks/*.js)
    if [ ${#chunks[@]} -gt 0 ]; then
      size_row "dist/chunks/ (${#chunks[@]} files, gzipped one by one)" "${chunks[@]}"
    fi
    echo
  fi
  echo "Report generated by \`npm run bench\` in $(($(date +%s) - started)) s."
}
