#!/usr/bin/env bash
# Builds the one WebAssembly module and its two JavaScript glues:
#
#   build/wasm/changed_backends_bg.wasm   the module (shared by both glues)
#   build/wasm/node/changed_backends.js   Node ESM glue (experimental-nodejs-module)
#   build/wasm/web/changed_backends.js    browser glue (default export init())
#
# Reproducible: absolute paths that rustc would embed (registry sources, this
# checkout) are remapped, and the name and producers sections are dropped, so
# two machines with the same toolchain produce the same bytes.
#
# One module, two glues: wasm-bindgen writes a byte-identical .wasm for every
# target, next to each glue. We keep a single copy one level up and rewrite
# the one place where each glue names its module
# (`new URL('changed_backends_bg.wasm', import.meta.url)`) to
# '../changed_backends_bg.wasm'. The rewrite is checked: the build fails if
# the glue's shape changes and the pattern is not found exactly once.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
out=build/wasm
name=changed_backends

cargo_home=${CARGO_HOME:-$HOME/.cargo}
# CARGO_ENCODED_RUSTFLAGS separates flags with 0x1f so paths may contain spaces.
sep=$'\x1f'
flags="--remap-path-prefix=$cargo_home/registry/src=/cargo${sep}--remap-path-prefix=$root=/src"
if [ -n "${CARGO_ENCODED_RUSTFLAGS:-}" ]; then
  flags="$CARGO_ENCODED_RUSTFLAGS$sep$flags"
fi
unset RUSTFLAGS

CARGO_ENCODED_RUSTFLAGS="$flags" \
  cargo build --release --target wasm32-unknown-unknown --lib

raw=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/$name.wasm
[ -f "$raw" ] || { echo "build-wasm: $raw was not produced" >&2; exit 1; }

want=$(awk '
  $0 == "[[package]]" { pkg = ""; next }
  /^name = / { gsub(/"/, "", $3); pkg = $3; next }
  /^version = / && pkg == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)
have=$(wasm-bindgen --version | awk '{print $2}')
if [ "$want" != "$have" ]; then
  echo "build-wasm: wasm-bindgen CLI is $have but Cargo.lock has $want; run js/scripts/setup.sh" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
bindgen() {
  wasm-bindgen --remove-name-section --remove-producers-section \
    --target "$1" --out-dir "$out/$2" --out-name "$name" "$raw"
}
bindgen experimental-nodejs-module node
bindgen web web

if ! cmp -s "$out/node/${name}_bg.wasm" "$out/web/${name}_bg.wasm"; then
  echo "build-wasm: the node and web modules differ; cannot share one file" >&2
  exit 1
fi
mv "$out/node/${name}_bg.wasm" "$out/${name}_bg.wasm"
rm "$out/web/${name}_bg.wasm"
for d in node web; do
  if [ -f "$out/$d/${name}_bg.wasm.d.ts" ]; then
    mv "$out/$d/${name}_bg.wasm.d.ts" "$out/${name}_bg.wasm.d.ts"
  fi
done

# Point each glue at the shared module.
for d in node web; do
  glue=$out/$d/$name.js
  n=$(grep -c "new URL('${name}_bg.wasm', import.meta.url)" "$glue" || true)
  if [ "$n" != 1 ]; then
    echo "build-wasm: expected one module URL in $glue, found $n" >&2
    exit 1
  fi
  sed -i "s|new URL('${name}_bg.wasm', import.meta.url)|new URL('../${name}_bg.wasm', import.meta.url)|" "$glue"
done

echo "build-wasm: sizes (bytes)"
for f in "$out/${name}_bg.wasm" "$out/node/$name.js" "$out/web/$name.js"; do
  printf '  %-40s %9d raw %9d gzip\n' "$f" "$(wc -c <"$f")" "$(gzip -9n <"$f" | wc -c)"
done
if command -v sha256sum >/dev/null; then
  sha256sum "$out/${name}_bg.wasm"
fi
