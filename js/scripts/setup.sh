#!/usr/bin/env bash
# Prepares a fresh machine (Debian, Node 20+, rustup) to build the .wasm and
# the action. Safe to run again: every step checks before it acts.
#
# It deliberately never installs Debian's `binaryen`: its wasm-opt breaks the
# module wasm-bindgen emits. The build does not need wasm-opt at all.
set -euo pipefail

cd "$(dirname "$0")/../.."

die() { echo "setup: $*" >&2; exit 1; }

command -v rustup >/dev/null || die "rustup is required (https://rustup.rs)"
command -v cargo >/dev/null || die "cargo is required"
command -v node >/dev/null || die "node is required"
command -v npm >/dev/null || die "npm is required"

# 1. The WebAssembly target for the toolchain pinned in rust-toolchain.toml.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: wasm32-unknown-unknown already installed"
else
  rustup target add wasm32-unknown-unknown \
    || die "cannot add the wasm32-unknown-unknown target; the .wasm cannot be built"
fi
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || die "wasm32-unknown-unknown is still missing after rustup target add"

# 2. wasm-bindgen-cli at exactly the crate's version: the CLI refuses (or
#    silently mis-generates) glue for a module built with another version.
want=$(awk '
  $0 == "[[package]]" { name = ""; next }
  /^name = / { gsub(/"/, "", $3); name = $3; next }
  /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)
[ -n "$want" ] || die "no wasm-bindgen package in Cargo.lock"

have=""
if command -v wasm-bindgen >/dev/null; then
  have=$(wasm-bindgen --version | awk '{print $2}')
fi
if [ "$have" = "$want" ]; then
  echo "setup: wasm-bindgen $want already installed"
else
  echo "setup: installing wasm-bindgen-cli $want (found: ${have:-none}); this takes minutes"
  # --locked fails: a pinned dependency of the CLI is no longer on crates.io.
  cargo install wasm-bindgen-cli --version "$want" --no-default-features --force
  have=$(wasm-bindgen --version | awk '{print $2}')
  [ "$have" = "$want" ] || die "wasm-bindgen on PATH is $have, expected $want (is ~/.cargo/bin first on PATH?)"
fi

# 3. JavaScript dependencies, exactly as locked.
# Skipped when node_modules was installed from this very lock file (npm
# records it in node_modules/.package-lock.json), so a second run is instant.
if [ -f package-lock.json ] && [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "setup: node_modules is up to date with package-lock.json"
elif [ -f package-lock.json ]; then
  npm ci
else
  npm install
fi

echo "setup: done"
