// Bundles the CLI with the library and the core's Node glue into dist/cli.js,
// next to the committed dist/changed_backends_bg.wasm. A fresh clone can then
// run the CLI (and `npm run demo`) without a Rust toolchain, the wasm-bindgen
// CLI or an npm install: the checked dist/ core is the one that runs.
// Runs after bundle-action.mjs, which empties dist/.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glueWithModuleAt, WASM_NAME } from './glue-url.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmName = WASM_NAME;
const glue = join(root, 'build', 'wasm', 'node', 'changed_backends.js');

for (const f of [glue, join(root, 'dist', wasmName)]) {
  if (!existsSync(f)) {
    console.error(`bundle-cli: ${relative(root, f)} is missing; run npm run build:wasm and build:action first`);
    process.exit(1);
  }
}

// The CLI imports the built library (build/lib/, what the package ships),
// which imports a copy of the glue; bundled, both come from their sources
// (js/lib/, build/wasm/), and the glue's module URL points at dist/'s module.
const fromSources = {
  name: 'cli-from-sources',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/\.\.\/build\/lib\// }, (args) => ({ path: join(root, 'js', 'lib', args.path.slice('../../build/lib/'.length)) }));
    b.onResolve({ filter: /^\.\.\/wasm\/node\/changed_backends\.js$/ }, () => ({ path: glue }));
    b.onLoad({ filter: /[\\/]build[\\/]wasm[\\/]node[\\/]changed_backends\.js$/ }, (args) => glueWithModuleAt(args.path, './', root));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'js/cli/main.js' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'eof',
  sourcemap: false,
  minify: false,
  charset: 'utf8',
  logLevel: 'warning',
  plugins: [fromSources],
});

const text = readFileSync(join(root, 'dist', 'cli.js'), 'utf8');
if (text.includes(root)) {
  console.error(`bundle-cli: dist/cli.js contains the absolute path ${root}`);
  process.exit(1);
}
console.log(`dist/cli.js ${Buffer.byteLength(text)} bytes`);
