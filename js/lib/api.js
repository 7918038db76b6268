/**
 * The library's functions over a loaded core. Platform entries (node/, web/)
 * load the WebAssembly module and hand its exports here; everything below is
 * plumbing between plain JS values and the core, which makes every decision.
 */
import { RequestError, drive, driveSync } from './loop.js';
import { toFiles } from './changes.js';
import { checkFiles, checkKeys, checkPaths } from './check.js';

/**
 * YAML text or { path, text } as the core's { path, text }. An empty path
 * stands for the core's default config path; a matrix's path is always the
 * config's `matrix.file`, so only its text is passed on.
 */
function toSource(value, field = 'config') {
  if (typeof value === 'string') return { path: '', text: value };
  if (value && typeof value.text === 'string') return { path: value.path || '', text: value.text };
  throw new TypeError(`\`${field}\` must be YAML text or { path, text }, got ${value === null ? 'null' : typeof value}`);
}

function matrixText(matrix) {
  if (matrix === undefined || matrix === null) return undefined;
  return { text: toSource(matrix, 'matrix').text };
}

function lookup(map, path) {
  if (!map) return undefined;
  if (map instanceof Map) return map.get(path);
  return Object.prototype.hasOwnProperty.call(map, path) ? map[path] : undefined;
}

/** Builds the public API; `getCore` returns the wasm exports or throws if not loaded yet. */
export function createApi(getCore) {
  /** Answers the core from memory: workspace files, previous revisions, nothing else. */
  const memoryAnswer = (workspace, previous) => (request) => {
    if (request.kind === 'read') {
      const text = lookup(workspace, request.path);
      if (typeof text === 'string') return { text };
      throw new RequestError('not-found', `${request.path} is not in the workspace given to select()`);
    }
    if (request.kind === 'content') {
      const text = lookup(previous, request.path);
      if (typeof text === 'string') return { text };
      throw new RequestError('not-found', `no previous revision of ${request.path} was given`);
    }
    throw new RequestError('io', `a "${request.kind}" request cannot be answered without a network`);
  };

  return {
    version: () => getCore().version(),
    defaultConfigPath: () => getCore().defaultConfigPath(),
    plan: (input) => getCore().plan(input),
    decide: (input) => getCore().decide(input),

    validate(args) {
      checkKeys('validate', args, ['config', 'matrix']);
      const { config, matrix } = args;
      const input = { config: toSource(config) };
      if (matrix !== undefined && matrix !== null) input.matrix = matrixText(matrix);
      return getCore().validate(input);
    },

    lint(args) {
      checkKeys('lint', args, ['config', 'matrix', 'files']);
      const { config, matrix, files } = args;
      checkPaths('lint', files);
      return getCore().lint({ config: toSource(config), matrix: matrixText(matrix), files: [...files] });
    },

    select(args) {
      checkKeys('select', args, ['config', 'matrix', 'files', 'previous', 'workspace']);
      const { config, matrix, files, previous, workspace } = args;
      checkFiles('select', files);
      const input = { config: toSource(config), changes: { files: toFiles(files) } };
      if (matrix !== undefined && matrix !== null) input.matrix = matrixText(matrix);
      return driveSync(getCore(), input, memoryAnswer(workspace, previous));
    },

    run(input, answer) {
      return drive(getCore(), input, answer);
    },

    runSync(input, answer) {
      return driveSync(getCore(), input, answer);
    },
  };
}
