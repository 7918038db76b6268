// The Node glue finds its module with new URL('../changed_backends_bg.wasm',
// import.meta.url) (see build-wasm.sh). A bundle runs the glue from another
// place, so both bundlers (the action's and the CLI's) rewrite that URL; the
// build fails if the glue no longer holds exactly one.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

export const WASM_NAME = 'changed_backends_bg.wasm';

/** The glue at `path` as esbuild contents, its module URL pointing at `dir` + the module's name. */
export function glueWithModuleAt(path, dir, root) {
  const text = readFileSync(path, 'utf8');
  const from = `new URL('../${WASM_NAME}', import.meta.url)`;
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected one ${from} in ${relative(root, path)}, found ${count}`);
  return { contents: text.replace(from, `new URL('${dir}${WASM_NAME}', import.meta.url)`), loader: 'js' };
}
