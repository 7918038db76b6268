/**
 * The library's functions over a loaded core. Platform entries (node/, web/)
 * load the WebAssembly module and hand its exports here; everything below is
 * plumbing between plain JS values and the core, which makes every decision.
 */
import { RequestError, drive, driveSync } from './loop.js';
import { toFiles } from './changes.js';
import { checkFiles, checkKeys, checkPaths } from './check.js';

/** Where a config lives in a repository; used in error messages when no path is given. */
export const DEFAULT_CONFIG_PATH = '.github/changed-backends.yml';
/** Used in messages only when the config is too broken to name its matrix file. */
const FALLBACK_MATRIX_PATH = 'matrix.yml';

function toSource(value, path, field = 'config') {
  if (typeof value === 'string') return { path, text: value };
  if (value && typeof value.text === 'string') return { path: value.path || path, text: value.text };
  throw new TypeError(`\`${field}\` must be YAML text or { path, text }, got ${value === null ? 'null' : typeof value}`);
}

function lookup(map, path) {
  if (!map) return undefined;
  if (map instanceof Map) return map.get(path);
  return Object.prototype.hasOwnProperty.call(map, path) ? map[path] : undefined;
}

/** Builds the public API; `getCore` returns the wasm exports or throws if not loaded yet. */
export function createApi(getCore) {
  const matrixSource = (config, matrix) => {
    if (matrix === undefined || matrix === null) return undefined;
    if (typeof matrix !== 'string') return toSource(matrix, FALLBACK_MATRIX_PATH, 'matrix');
    const checked = getCore().validate({ config });
    return { path: checked.matrixPath || FALLBACK_MATRIX_PATH, text: matrix };
  };

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
    plan: (input) => getCore().plan(input),
    decide: (input) => getCore().decide(input),

    validate(args) {
      checkKeys('validate', args, ['config', 'matrix']);
      const { config, matrix } = args;
      const input = { config: toSource(config, DEFAULT_CONFIG_PATH) };
      const source = matrixSource(input.config, matrix);
      if (source) input.matrix = source;
      return getCore().validate(input);
    },

    lint(args) {
      checkKeys('lint', args, ['config', 'matrix', 'files']);
      const { config, matrix, files } = args;
      checkPaths('lint', files);
      const cfg = toSource(config, DEFAULT_CONFIG_PATH);
      return getCore().lint({ config: cfg, matrix: matrixSource(cfg, matrix), files: [...files] });
    },

    select(args) {
      checkKeys('select', args, ['config', 'matrix', 'files', 'previous', 'workspace']);
      const { config, matrix, files, previous, workspace } = args;
      checkFiles('select', files);
      const cfg = toSource(config, DEFAULT_CONFIG_PATH);
      const input = { config: cfg, changes: { files: toFiles(files) } };
      const source = matrixSource(cfg, matrix);
      if (source) input.matrix = source;
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
