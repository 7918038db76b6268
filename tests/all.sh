#!/usr/bin/env bash
# Installs what the project needs on a fresh machine, rebuilds everything,
# checks that the committed dist/ matches its sources, and runs every test:
# Rust unit and integration tests, the action end to end, the library and
# CLI, and the playground in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "setup: Rust wasm target, wasm-bindgen CLI, npm packages"
bash js/scripts/setup.sh
step "setup: Chromium for the browser tests"
bash js/scripts/setup-browser.sh

step "rust: formatting and lints"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings

step "rust: tests"
cargo test --quiet

step "build: wasm, action bundle, library, playground"
npm run --silent build

step "dist/ must match its sources"
bash js/scripts/check-dist.sh

step "node: action end to end, library, CLI, playground, workflows"
node --test --test-concurrency=2 tests/action/ tests/lib/ tests/cli/ tests/playground/ tests/repo/

step "fuzz: config, matrix, event, glob and yaml targets, ${FUZZ_SECONDS:=45} s each"
# libFuzzer needs a nightly compiler; machines of this project's kind carry one.
if rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal; then
  FUZZ_SECONDS=$FUZZ_SECONDS bash tests/fuzz.sh
else
  echo "fuzz: skipped, no nightly toolchain could be installed" >&2
fi
