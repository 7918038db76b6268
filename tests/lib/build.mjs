/**
 * Test support: makes sure build/lib/ is built from the current wasm build and
 * js/lib sources (tests never run cargo; build the wasm first).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLib } from '../../js/scripts/build-lib.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function newest(dir) {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}

/** Rebuilds build/lib/ when it is missing or older than its inputs. */
export function ensureLib() {
  const wasm = join(ROOT, 'build', 'wasm', 'changed_backends_bg.wasm');
  if (!existsSync(wasm)) throw new Error('build/wasm is missing: run `npm run build:wasm` before the tests');
  const lib = join(ROOT, 'build', 'lib');
  const built = join(lib, 'wasm', 'changed_backends_bg.wasm');
  const inputs = Math.max(newest(join(ROOT, 'build', 'wasm')), newest(join(ROOT, 'js', 'lib')));
  if (!existsSync(built) || newest(lib) < inputs) buildLib(lib);
  return lib;
}

/**
 * The LocalAI fixture matrix read line by line (independently of the core):
 * each entry's list, 1-based line and its scalar fields.
 */
export function readLocalaiMatrix(text) {
  const entries = [];
  let list = null;
  let current = null;
  text.split('\n').forEach((raw, i) => {
    const top = /^([A-Za-z][\w-]*):\s*$/.exec(raw);
    if (top) {
      list = top[1];
      current = null;
      return;
    }
    if (!list) return;
    const item = /^\s*-\s+([\w-]+):\s*(.*)$/.exec(raw);
    const field = /^\s+([\w-]+):\s*(.*)$/.exec(raw);
    const unquote = (v) => v.replace(/\s+#.*$/, '').trim().replace(/^(['"])(.*)\1$/, '$2');
    if (item) {
      current = { list, line: i + 1, fields: { [item[1]]: unquote(item[2]) } };
      entries.push(current);
    } else if (field && current && !raw.trimStart().startsWith('#')) {
      current.fields[field[1]] = unquote(field[2]);
    }
  });
  return entries;
}
