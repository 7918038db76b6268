#!/usr/bin/env bash
# Fetches a Node.js binary from the npm registry, so the whole-action benchmark
# can run its children on the runtime action.yml declares (node24) on a
# machine that has another one:
#
#   bash js/scripts/fetch-node.sh [MAJOR]      # default 24
#   node js/scripts/bench-action.mjs --node "$(bash js/scripts/fetch-node.sh)"
#
# Takes the newest `node-linux-<arch>@MAJOR` with `npm pack` (which checks the
# tarball against the integrity the registry lists), checks that sha512 once
# more, unpacks it into build/node/<version>/ and prints the path of its
# bin/node on stdout (progress goes to stderr). Kept when already there. Only
# the npm registry is asked; not part of the build, the tests or CI.
set -euo pipefail
cd "$(dirname "$0")/../.."

major=${1:-24}
[[ $major =~ ^[0-9]+$ ]] || { echo "fetch-node: MAJOR must be a number, got '$major'" >&2; exit 2; }
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "fetch-node: no node-linux-* package for $(uname -m)" >&2; exit 1 ;;
esac
[ "$(uname -s)" = Linux ] || { echo "fetch-node: Linux only" >&2; exit 1; }
pkg=node-linux-$arch

# The registry lists every version in the range; the newest is the last once sorted.
version=$(npm view "$pkg@$major" version --json | node -e '
  const v = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const list = (Array.isArray(v) ? v : [v]).filter((x) => /^\d+\.\d+\.\d+$/.test(x));
  const key = (x) => x.split(".").map(Number);
  list.sort((a, b) => { const [p, q] = [key(a), key(b)]; return p[0] - q[0] || p[1] - q[1] || p[2] - q[2]; });
  if (list.length) console.log(list.at(-1));')
[ -n "$version" ] || { echo "fetch-node: the registry lists no release of $pkg@$major" >&2; exit 1; }

dest=$PWD/build/node/$version
if [ -x "$dest/bin/node" ] && [ "$("$dest/bin/node" --version)" = "v$version" ]; then
  echo "fetch-node: $pkg@$version already in $dest" >&2
  echo "$dest/bin/node"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch-node: npm pack $pkg@$version" >&2
npm pack "$pkg@$version" --pack-destination "$work" --json --silent >"$work/pack.json"
tarball=$(node -e '
  const [r] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(require("path").join(process.argv[2], r.filename));' "$work/pack.json" "$work")

# npm pack has checked the bytes; check them against the registry's sha512 again.
want=$(npm view "$pkg@$version" dist.integrity)
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$want" != "$got" ]; then
  echo "fetch-node: $tarball is $got, the registry lists $want" >&2
  exit 1
fi

rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$tarball" -C "$dest" --strip-components=1
[ "$("$dest/bin/node" --version)" = "v$version" ] || { echo "fetch-node: $dest/bin/node is not v$version" >&2; exit 1; }
echo "fetch-node: $pkg@$version ($want) in $dest" >&2
echo "$dest/bin/node"
