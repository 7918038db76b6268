#!/usr/bin/env bash
# The main job on the bundled LocalAI example, from a fresh clone and in
# seconds: lays out a LocalAI-shaped workspace (its real matrix file and the
# example config) in a temporary directory and dry-runs the CLI on the files
# of a real LocalAI commit from the history sample. Pass another commit's
# index (0-79) as $1.
#
# It runs the committed, checked build (dist/cli.js with dist/'s core), so it
# needs only Node: no Rust toolchain, no wasm-bindgen, no npm install.
# `npm test` builds everything from source and checks dist/ against it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.github"
cp tests/fixtures/localai/backend-matrix.yml "$work/.github/backend-matrix.yml"
cp examples/localai/changed-backends.yml "$work/.github/changed-backends.yml"

index=${1:-5}
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n");
  const at = process.argv[2];
  if (!/^[0-9]+$/.test(at) || Number(at) >= lines.length) {
    console.error(`npm run demo [N]: N is a commit of the history sample, 0 to ${lines.length - 1} (got ${JSON.stringify(at)})`);
    process.exit(2);
  }
  const c = JSON.parse(lines[Number(at)]);
  console.error(`LocalAI commit ${c.commit.slice(0, 12)}: ${c.subject}`);
  for (const f of c.changed) console.log(f.previous_filename ? `R\t${f.previous_filename}\t${f.filename}` : `${(f.status || "modified")[0].toUpperCase()}\t${f.filename}`);
' "$root/tests/fixtures/localai/history-sample.jsonl" "$index" > "$work/changed.txt"

node dist/cli.js run --repo "$work" --files "$work/changed.txt"
