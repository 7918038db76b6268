#!/usr/bin/env bash
# Fuzz the input parsers with cargo-fuzz (libFuzzer) for a bounded time.
#
#   FUZZ_SECONDS=60 tests/fuzz.sh [target...]     (targets: config matrix event glob yaml)
#
# Each target starts from its committed seeds (fuzz/seeds/<target>) and keeps
# what it learns in fuzz/corpus/<target> (not committed). A crash leaves its
# input in fuzz/artifacts/<target>/ and makes the script fail; turn it into a
# plain test in tests/fuzz_regressions.rs. FUZZ_SANITIZER picks the sanitizer
# (default `none`: the crate is safe Rust, and panics, overflows and slow
# inputs are what this looks for; `address` also works).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz_dir="$root/fuzz"
seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-none}"
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=(config matrix event glob yaml); fi

declare -A max_len=([config]=16384 [matrix]=32768 [event]=32768 [glob]=4096 [yaml]=8192)
declare -A dict=([config]=dicts/yaml.dict [matrix]=dicts/yaml.dict [yaml]=dicts/yaml.dict)

# libFuzzer instrumentation needs a nightly compiler (fuzz/rust-toolchain.toml).
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  (cd "$root" && { cargo install cargo-fuzz --locked || cargo install cargo-fuzz; })
fi

cd "$fuzz_dir"
echo "building fuzz targets (sanitizer: $sanitizer)"
cargo fuzz build -s "$sanitizer" >/dev/null

logs="$fuzz_dir/target/logs"
mkdir -p "$logs"
failed=()
summary=()
for t in "${targets[@]}"; do
  len="${max_len[$t]:-}"
  if [ -z "$len" ]; then
    echo "unknown target: $t (known: ${!max_len[*]})" >&2
    exit 2
  fi
  mkdir -p "corpus/$t"
  log="$logs/$t.log"
  echo "fuzzing $t for ${seconds}s (max_len $len)"
  extra=()
  if [ -n "${dict[$t]:-}" ]; then extra+=("-dict=${dict[$t]}"); fi
  status=0
  cargo fuzz run -s "$sanitizer" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -max_len="$len" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 "${extra[@]}" >"$log" 2>&1 || status=$?
  # libFuzzer's final statistics; a crashed run has only its `#N` progress lines.
  runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -n 1)"
  if [ -z "$runs" ]; then
    runs="$(grep -oE '^#[0-9]+' "$log" | tr -d '#' | tail -n 1)"
  fi
  corpus="$(find "corpus/$t" -type f | wc -l)"
  line="$(printf '%-7s %12s executions in %ss, corpus %s' "$t" "${runs:-?}" "$seconds" "$corpus")"
  if [ "$status" -ne 0 ]; then
    line="$line: FAILED (exit $status, log $log)"
    failed+=("$t")
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -n 10 >&2 || true
  fi
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
