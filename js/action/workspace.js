/**
 * Serves "read" requests: files of the checked-out repository. A path that
 * leaves the root (by "..", an absolute path or a symbolic link) is refused,
 * because the config is not allowed to make the action read arbitrary files.
 */
import { realpathSync, statSync, openSync, fstatSync, readFileSync, closeSync, constants } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { resolve, relative, isAbsolute, sep } from 'node:path';
import { RequestError } from '../lib/loop.js';

/** Larger workspace files are refused (a matrix or config is far smaller). */
export const MAX_READ_BYTES = 25 * 1024 * 1024;

function inside(root, path) {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** Opens a file for reading without ever blocking: a FIFO or device is refused before it is opened. */
export function openRegular(path) {
  if (!statSync(path).isFile()) return null;
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    return null;
  }
  return fd;
}

/**
 * Returns read(path) -> { text } | { bytes }, or throws a RequestError. A file
 * that is not UTF-8 comes back as bytes, so the core can say where instead of
 * reading U+FFFD.
 */
export function createWorkspace(rootDir) {
  let root;
  try {
    root = realpathSync(resolve(rootDir));
  } catch {
    root = resolve(rootDir);
  }
  return {
    root,
    read(path) {
      if (typeof path !== 'string' || path === '' || path.includes('\0')) {
        throw new RequestError('io', `invalid path ${JSON.stringify(path)}`);
      }
      const full = resolve(root, path);
      if (!inside(root, full)) {
        throw new RequestError('io', `path ${JSON.stringify(path)} is outside the workspace`);
      }
      let real;
      try {
        real = realpathSync(full);
      } catch (e) {
        if (e && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) {
          throw new RequestError('not-found', `${JSON.stringify(path)} does not exist in the workspace`);
        }
        throw new RequestError('io', `cannot resolve ${JSON.stringify(path)}: ${e && e.code}`);
      }
      if (!inside(root, real)) {
        throw new RequestError('io', `path ${JSON.stringify(path)} links outside the workspace`);
      }
      let fd;
      try {
        // Checked before opening: opening a FIFO would block forever.
        fd = openRegular(real);
        if (fd === null) throw new RequestError('io', `${JSON.stringify(path)} is not a regular file`);
        const st = fstatSync(fd);
        if (st.size > MAX_READ_BYTES) throw new RequestError('io', `${JSON.stringify(path)} is larger than ${MAX_READ_BYTES} bytes`);
        const bytes = readFileSync(fd);
        if (!isUtf8(bytes)) return { bytes: Array.from(bytes) };
        return { text: bytes.toString('utf8') };
      } catch (e) {
        if (e instanceof RequestError) throw e;
        throw new RequestError('io', `cannot read ${JSON.stringify(path)}: ${e && e.code}`);
      } finally {
        if (fd !== undefined && fd !== null) closeSync(fd);
      }
    },
  };
}
