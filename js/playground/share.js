/**
 * The playground's state in the URL hash, so a link reproduces it. Texts
 * equal to the chosen preset's are left out; the rest is compressed with
 * CompressionStream (deflate-raw) when the browser has it, else stored as
 * plain base64url.
 */

const COMPRESSED = 'z.';
const PLAIN = 'b.';

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** Serializes `state` for the hash (without the leading `#`). */
export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify(state));
  if (typeof CompressionStream === 'function') {
    return COMPRESSED + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
  }
  return PLAIN + toBase64Url(json);
}

/** A decoded state is an object (what minimize made), never a bare value. */
const asState = (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null);

/** Parses a hash made by encodeState; null when absent or unreadable. */
export async function decodeState(hash) {
  const text = hash.replace(/^#/, '');
  try {
    if (text.startsWith(COMPRESSED) && typeof DecompressionStream === 'function') {
      const bytes = await pipe(fromBase64Url(text.slice(2)), new DecompressionStream('deflate-raw'));
      return asState(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
    }
    if (text.startsWith(PLAIN)) return asState(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(text.slice(2)))));
  } catch {
    return null;
  }
  return null;
}

/** Drops texts equal to the preset's, keeping links short. */
export function minimize(state, preset) {
  const out = { v: 1, preset: state.preset, event: state.event, forceAll: state.forceAll };
  for (const key of ['matrix', 'config', 'files']) {
    if (!preset || state[key] !== preset[key]) out[key] = state[key];
  }
  return out;
}

/** Fills texts missing from a decoded state from its preset. */
export function expand(saved, presets, fallback) {
  const preset = presets[saved.preset] || presets[fallback];
  return {
    preset: presets[saved.preset] ? saved.preset : fallback,
    event: typeof saved.event === 'string' ? saved.event : 'files',
    forceAll: saved.forceAll === true,
    matrix: typeof saved.matrix === 'string' ? saved.matrix : preset.matrix,
    config: typeof saved.config === 'string' ? saved.config : preset.config,
    files: typeof saved.files === 'string' ? saved.files : preset.files,
  };
}
