#!/usr/bin/env node
/**
 * Assembles the npm library in build/lib/ from js/lib/ and the wasm build:
 *
 *   index.d.ts, *.js                 platform-free API (copied from js/lib/)
 *   node/index.js, web/index.js      one small loader per platform
 *   wasm/{node,web}/changed_backends.js + wasm/changed_backends_bg.wasm
 *
 * The wasm tree is copied with the same shape as build/wasm/ so the glues'
 * own relative references to the shared module stay valid.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NAME = 'changed_backends';
const WASM_FILES = [`${NAME}_bg.wasm`, `node/${NAME}.js`, `web/${NAME}.js`];

function copyTree(from, to, keep) {
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    if (statSync(src).isDirectory()) copyTree(src, dst, keep);
    else if (keep(name)) {
      mkdirSync(dirname(dst), { recursive: true });
      cpSync(src, dst);
    }
  }
}

/**
 * Writes the library into `outDir` (absolute or relative to the repo root).
 * `{ browserOnly: true }` leaves out the Node entry and glue (for the site).
 */
export function buildLib(outDir = join('build', 'lib'), { browserOnly = false } = {}) {
  const out = resolve(root, outDir);
  const wasmDir = join(root, 'build', 'wasm');
  const missing = WASM_FILES.filter((f) => !existsSync(join(wasmDir, f)));
  if (missing.length > 0) {
    throw new Error(`build-lib: ${missing.map((f) => `build/wasm/${f}`).join(', ')} missing; run \`npm run build:wasm\` first`);
  }
  rmSync(out, { recursive: true, force: true });
  copyTree(join(root, 'js', 'lib'), out, (name) => name.endsWith('.js') || name.endsWith('.d.ts'));
  if (browserOnly) rmSync(join(out, 'node'), { recursive: true, force: true });
  for (const file of WASM_FILES.filter((f) => !(browserOnly && f.startsWith('node/')))) {
    const dst = join(out, 'wasm', file);
    mkdirSync(dirname(dst), { recursive: true });
    cpSync(join(wasmDir, file), dst);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const out = buildLib(process.argv[2] || join('build', 'lib'));
    console.log(`build-lib: wrote ${relative(process.cwd(), out) || '.'}`);
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
