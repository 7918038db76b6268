/**
 * A directory tree shaped like LocalAI's, derived from the fixture matrix by
 * the rules of the LocalAI spec (not by the core), so that lint can be
 * checked against a repository where every source directory exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, readLocalaiMatrix } from '../lib/build.mjs';

export const MATRIX_TEXT = readFileSync(join(ROOT, 'tests', 'fixtures', 'localai', 'backend-matrix.yml'), 'utf8');
export const CONFIG_TEXT = readFileSync(join(ROOT, 'examples', 'localai', 'changed-backends.yml'), 'utf8');

const LINUX_DIRS = [
  ['python', (b) => `backend/python/${b}/`],
  ['golang', (b) => `backend/go/${b}/`],
  ['rust', (b) => `backend/rust/${b}/`],
  ['ik-llama-cpp', () => 'backend/cpp/ik-llama-cpp/'],
  ['turboquant', () => 'backend/cpp/turboquant/'],
  ['bonsai', () => 'backend/cpp/bonsai/'],
  ['privacy-filter', () => 'backend/cpp/privacy-filter/'],
  ['ds4', () => 'backend/cpp/ds4/'],
  ['audio-cpp', () => 'backend/cpp/audio-cpp/'],
  ['llama-cpp', () => 'backend/cpp/llama-cpp/'],
];
const DARWIN_CPP = ['llama-cpp', 'ds4', 'privacy-filter', 'audio-cpp'];

/** The source directory the spec gives an entry, or null (never selected on a filtered run). */
export function sourceDir(entry) {
  const { backend, dockerfile, lang } = entry.fields;
  if (entry.list === 'includeDarwin') {
    if (DARWIN_CPP.includes(backend)) return `backend/cpp/${backend}/`;
    return lang ? `backend/${lang}/${backend}/` : `backend/python/${backend}/`;
  }
  const found = LINUX_DIRS.find(([suffix]) => (dockerfile || '').endsWith(suffix));
  return found ? found[1](backend) : null;
}

const SHARED_FILES = [
  'backend/backend.proto',
  'backend/python/common/libbackend.sh',
  'pkg/audio/audio.go',
  'pkg/grpc/server.go',
  'pkg/httpclient/client.go',
  'pkg/sound/sound.go',
  'pkg/store/store.go',
  'pkg/utils/utils.go',
  '.github/workflows/backend_build.yml',
  '.github/workflows/backend_build_darwin.yml',
  'scripts/build/package-gpu-libs.sh',
  'scripts/build/python-darwin.sh',
  'scripts/build/golang-darwin.sh',
  'scripts/build/llama-cpp-darwin.sh',
  'scripts/build/ds4-darwin.sh',
  'scripts/build/privacy-filter-darwin.sh',
  // Row 12 of the spec: other build scripts, taken by no earlier rule.
  'scripts/build/image-labels.sh',
];

/** Writes the tree into `repo` (from makeRepo) and returns the matrix entries with their dirs. */
export function writeLocalaiTree(repo) {
  const entries = readLocalaiMatrix(MATRIX_TEXT).map((e) => ({ ...e, dir: sourceDir(e) }));
  repo.write('.github/backend-matrix.yml', MATRIX_TEXT);
  repo.write('.github/changed-backends.yml', CONFIG_TEXT);
  for (const path of SHARED_FILES) repo.write(path, `# ${path}\n`);
  for (const entry of entries) {
    if (entry.dir) repo.write(`${entry.dir}Makefile`, `# ${entry.fields.backend}\n`);
    if (entry.fields.dockerfile) repo.write(entry.fields.dockerfile.replace(/^\.\//, ''), 'FROM scratch\n');
  }
  return entries;
}
