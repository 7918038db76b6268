// Bundles the action (js/action/main.js) into dist/ for the node24 runner.
//
//   dist/index.js                 entry: @actions/core, the flow, the wasm glue
//   dist/chunks/*.js              code loaded on demand (octokit: only when the
//                                 event needs an API call)
//   dist/changed_backends_bg.wasm the core, loaded by the glue at start-up
//
// esbuild was measured against rollup for this (see the printed start-up in
// the build log of js/scripts/bench.sh); esbuild gives the same start-up with
// one pinned dependency and no plugins. Output is deterministic: no
// timestamps, no absolute paths, content-hashed chunk names, sorted files.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { glueWithModuleAt, WASM_NAME } from './glue-url.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const wasmName = WASM_NAME;
const wasmSource = join(root, 'build', 'wasm', wasmName);
const glue = join(root, 'build', 'wasm', 'node', 'changed_backends.js');

// Bundled, the glue runs from dist/, next to the module (see glue-url.mjs).
const glueUrl = {
  name: 'wasm-glue-url',
  setup(b) {
    // core.js imports a second copy of the glue ('…?fresh') for the fallback
    // instance: same file, its own module (and chunk, loaded only on failure).
    b.onResolve({ filter: /[\\/]changed_backends\.js\?fresh$/ }, (args) => ({
      path: join(args.resolveDir, args.path.slice(0, -'?fresh'.length)),
      suffix: '?fresh',
    }));
    // The entry's copy runs from dist/index.js; the fresh copy from dist/chunks/.
    b.onLoad({ filter: /[\\/]build[\\/]wasm[\\/]node[\\/]changed_backends\.js$/ }, (args) =>
      glueWithModuleAt(args.path, args.suffix === '?fresh' ? '../' : './', root));
  },
};

// @actions/core imports its OIDC client (and with it @actions/http-client
// and undici, ~800 KB) at load time although only getIDToken() uses it, which
// this action never calls. The import is replaced by a stand-in that loads
// the real module on first use, so start-up does not parse undici.
const lazyOidc = {
  name: 'lazy-actions-core-oidc',
  setup(b) {
    b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) => {
      if (!/[\\/]@actions[\\/]core[\\/]lib$/.test(args.resolveDir)) return undefined;
      return { path: join(args.resolveDir, 'oidc-utils.js'), namespace: 'lazy-oidc' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-oidc' }, (args) => ({
      resolveDir: dirname(args.path),
      loader: 'js',
      contents: [
        'export class OidcClient {',
        '  static async getIDToken(audience) {',
        "    const real = await import('./oidc-utils.js?real');",
        '    return real.OidcClient.getIDToken(audience);',
        '  }',
        '}',
        '',
      ].join('\n'),
    }));
    b.onResolve({ filter: /^\.\/oidc-utils\.js\?real$/ }, (args) => ({ path: join(args.resolveDir, 'oidc-utils.js') }));
  },
};

for (const f of [wasmSource, glue]) {
  try {
    statSync(f);
  } catch {
    console.error(`bundle-action: ${relative(root, f)} is missing; run npm run build:wasm first`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await build({
  absWorkingDir: root,
  entryPoints: { index: 'js/action/main.js' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require() for Node built-ins; ESM has none.
  banner: { js: "import { createRequire as __cbCreateRequire } from 'node:module';\nconst require = __cbCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  sourcemap: false,
  minify: false,
  charset: 'utf8',
  logLevel: 'warning',
  plugins: [glueUrl, lazyOidc],
});

copyFileSync(wasmSource, join(dist, wasmName));
// dist/ is ESM regardless of where it is checked out.
writeFileSync(join(dist, 'package.json'), '{ "type": "module" }\n');

function list(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? list(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

const files = list(dist);
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  if (!f.endsWith('.wasm') && text.includes(root)) {
    console.error(`bundle-action: ${relative(root, f)} contains the absolute path ${root}`);
    process.exit(1);
  }
}
let total = 0;
for (const f of files) {
  const bytes = readFileSync(f);
  total += bytes.length;
  const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  console.log(`${relative(root, f).padEnd(48)} ${String(bytes.length).padStart(9)} raw ${String(gzipSync(bytes, { level: 9 }).length).padStart(8)} gzip  ${sha}`);
}
console.log(`${'total'.padEnd(48)} ${String(total).padStart(9)} raw`);
