#!/usr/bin/env node
var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// js/lib/check.js
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
function nearest(word, known) {
  let best = null;
  for (const name of known) {
    const d = distance(word, name);
    if (d <= Math.max(1, Math.floor(name.length / 3)) && (best === null || d < best.d)) best = { name, d };
  }
  if (best) return best.name;
  return known.find((k) => k.startsWith(word) || word.startsWith(k)) ?? null;
}
function checkKeys(fn, input, allowed) {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new TypeError(`${fn}() takes an object { ${allowed.join(", ")} }, got ${describe(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      const near = nearest(key, allowed);
      const hint = near ? ` (did you mean \`${near}\`?)` : "";
      throw new TypeError(`${fn}(): unknown key \`${key}\`${hint}; it takes ${allowed.join(", ")}`);
    }
  }
}
function checkArray(fn, what, value) {
  if (!Array.isArray(value)) {
    throw new TypeError(`${fn}(): \`${what}\` must be an array, got ${describe(value)}`);
  }
}
function checkFiles(fn, files) {
  checkArray(fn, "files", files);
  files.forEach((item, i) => {
    if (typeof item === "string") return;
    if (item === null || typeof item !== "object") {
      throw new TypeError(`${fn}(): \`files[${i}]\` must be a path or { filename }, got ${describe(item)}`);
    }
    if (typeof item.filename !== "string") {
      throw new TypeError(`${fn}(): \`files[${i}].filename\` must be a string, got ${describe(item.filename)}`);
    }
    for (const key of ["status", "previous_filename"]) {
      if (item[key] !== void 0 && typeof item[key] !== "string") {
        throw new TypeError(`${fn}(): \`files[${i}].${key}\` must be a string, got ${describe(item[key])}`);
      }
    }
  });
}
function checkPaths(fn, files) {
  checkArray(fn, "files", files);
  files.forEach((item, i) => {
    if (typeof item !== "string") throw new TypeError(`${fn}(): \`files[${i}]\` must be a path string, got ${describe(item)}`);
  });
}
var describe;
var init_check = __esm({
  "js/lib/check.js"() {
    describe = (value) => value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  }
});

// build/wasm/node/changed_backends.js
var changed_backends_exports = {};
__export(changed_backends_exports, {
  decide: () => decide,
  defaultConfigPath: () => defaultConfigPath,
  lint: () => lint,
  plan: () => plan,
  testTrap: () => testTrap,
  validate: () => validate,
  version: () => version
});
import { readFileSync as readFileSync4 } from "node:fs";
function decide(input) {
  const ret = wasm.decide(input);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
function defaultConfigPath() {
  let deferred1_0;
  let deferred1_1;
  try {
    const ret = wasm.defaultConfigPath();
    deferred1_0 = ret[0];
    deferred1_1 = ret[1];
    return getStringFromWasm0(ret[0], ret[1]);
  } finally {
    wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
  }
}
function lint(input) {
  const ret = wasm.lint(input);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
function plan(input) {
  const ret = wasm.plan(input);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
function testTrap() {
  wasm.testTrap();
}
function validate(input) {
  const ret = wasm.validate(input);
  if (ret[2]) {
    throw takeFromExternrefTable0(ret[1]);
  }
  return takeFromExternrefTable0(ret[0]);
}
function version() {
  let deferred1_0;
  let deferred1_1;
  try {
    const ret = wasm.version();
    deferred1_0 = ret[0];
    deferred1_1 = ret[1];
    return getStringFromWasm0(ret[0], ret[1]);
  } finally {
    wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
  }
}
function __wbg_get_imports() {
  const import0 = {
    __proto__: null,
    __wbg_Error_208446807d0d1e30: function(arg0, arg1) {
      const ret = Error(getStringFromWasm0(arg0, arg1));
      return ret;
    },
    __wbg_Number_ff192a72a0dcdf6d: function(arg0) {
      const ret = Number(arg0);
      return ret;
    },
    __wbg_String_8564e559799eccda: function(arg0, arg1) {
      const ret = String(arg1);
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg___wbindgen_bigint_get_as_i64_11da4b52cd0aedef: function(arg0, arg1) {
      const v = arg1;
      const ret = typeof v === "bigint" ? v : void 0;
      getDataViewMemory0().setBigInt64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? BigInt(0) : ret, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
    },
    __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: function(arg0) {
      const v = arg0;
      const ret = typeof v === "boolean" ? v : void 0;
      return isLikeNone(ret) ? 16777215 : ret ? 1 : 0;
    },
    __wbg___wbindgen_debug_string_f249a2a76caa9a55: function(arg0, arg1) {
      const ret = debugString(arg1);
      const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      const len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg___wbindgen_in_3f58a9d3b3a7eed2: function(arg0, arg1) {
      const ret = arg0 in arg1;
      return ret;
    },
    __wbg___wbindgen_is_bigint_5fa10641e039d3ef: function(arg0) {
      const ret = typeof arg0 === "bigint";
      return ret;
    },
    __wbg___wbindgen_is_function_741ff2bb612836f5: function(arg0) {
      const ret = typeof arg0 === "function";
      return ret;
    },
    __wbg___wbindgen_is_object_8b968c3ab8e96595: function(arg0) {
      const val = arg0;
      const ret = typeof val === "object" && val !== null;
      return ret;
    },
    __wbg___wbindgen_is_string_fc456fee5d3317de: function(arg0) {
      const ret = typeof arg0 === "string";
      return ret;
    },
    __wbg___wbindgen_is_undefined_be5b34249ff1fc15: function(arg0) {
      const ret = arg0 === void 0;
      return ret;
    },
    __wbg___wbindgen_jsval_eq_38d7bfbe4cc84039: function(arg0, arg1) {
      const ret = arg0 === arg1;
      return ret;
    },
    __wbg___wbindgen_jsval_loose_eq_b2f214e2e4b30e36: function(arg0, arg1) {
      const ret = arg0 == arg1;
      return ret;
    },
    __wbg___wbindgen_number_get_934b640d0889af78: function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "number" ? obj : void 0;
      getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
    },
    __wbg___wbindgen_string_get_7ce8eee7fd327545: function(arg0, arg1) {
      const obj = arg1;
      const ret = typeof obj === "string" ? obj : void 0;
      var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
      var len1 = WASM_VECTOR_LEN;
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
      getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
    },
    __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
      throw new Error(getStringFromWasm0(arg0, arg1));
    },
    __wbg_call_40b008ba32f73991: function() {
      return handleError(function(arg0, arg1) {
        const ret = arg0.call(arg1);
        return ret;
      }, arguments);
    },
    __wbg_done_57e08d0be6e30c02: function(arg0) {
      const ret = arg0.done;
      return ret;
    },
    __wbg_entries_7bb1459bd9b5c2b9: function(arg0) {
      const ret = Object.entries(arg0);
      return ret;
    },
    __wbg_get_635eea311fa1a291: function() {
      return handleError(function(arg0, arg1) {
        const ret = Reflect.get(arg0, arg1);
        return ret;
      }, arguments);
    },
    __wbg_get_d7176cfb76d71114: function(arg0, arg1) {
      const ret = arg0[arg1 >>> 0];
      return ret;
    },
    __wbg_get_unchecked_e6325ad374eff861: function(arg0, arg1) {
      const ret = arg0[arg1 >>> 0];
      return ret;
    },
    __wbg_get_with_ref_key_fc601247060b7204: function(arg0, arg1) {
      const ret = arg0[arg1];
      return ret;
    },
    __wbg_instanceof_ArrayBuffer_12cdaa4161423e6b: function(arg0) {
      let result;
      try {
        result = arg0 instanceof ArrayBuffer;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_Map_0b4fc8b62e73f163: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Map;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: function(arg0) {
      let result;
      try {
        result = arg0 instanceof Uint8Array;
      } catch (_) {
        result = false;
      }
      const ret = result;
      return ret;
    },
    __wbg_isArray_bcf1376d0d732d08: function(arg0) {
      const ret = Array.isArray(arg0);
      return ret;
    },
    __wbg_isSafeInteger_1a35ba4d31e71d38: function(arg0) {
      const ret = Number.isSafeInteger(arg0);
      return ret;
    },
    __wbg_iterator_e4c5e8f68ada7b58: function() {
      const ret = Symbol.iterator;
      return ret;
    },
    __wbg_length_186163212ffe79c3: function(arg0) {
      const ret = arg0.length;
      return ret;
    },
    __wbg_length_b03a0fabb109b1e9: function(arg0) {
      const ret = arg0.length;
      return ret;
    },
    __wbg_new_13de428334042d26: function(arg0) {
      const ret = new Uint8Array(arg0);
      return ret;
    },
    __wbg_new_37eb45aaf5eeb820: function() {
      const ret = new Array();
      return ret;
    },
    __wbg_new_7075786089b89c5e: function() {
      const ret = /* @__PURE__ */ new Map();
      return ret;
    },
    __wbg_new_cd4348290afae586: function() {
      const ret = new Object();
      return ret;
    },
    __wbg_next_178c1651c11432b3: function(arg0) {
      const ret = arg0.next;
      return ret;
    },
    __wbg_next_af5ac6a08bb0a717: function() {
      return handleError(function(arg0) {
        const ret = arg0.next();
        return ret;
      }, arguments);
    },
    __wbg_prototypesetcall_13162965d1fe7aa3: function(arg0, arg1, arg2) {
      Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
    },
    __wbg_set_8282f7e0d2d01336: function(arg0, arg1, arg2) {
      const ret = arg0.set(arg1, arg2);
      return ret;
    },
    __wbg_set_d2d33b52458e984a: function(arg0, arg1, arg2) {
      arg0[arg1 >>> 0] = arg2;
    },
    __wbg_set_e4b9a833d288759a: function(arg0, arg1, arg2) {
      arg0[arg1] = arg2;
    },
    __wbg_value_e0f328965e184931: function(arg0) {
      const ret = arg0.value;
      return ret;
    },
    __wbindgen_generic_0000000000000001: function(arg0) {
      const ret = arg0;
      return ret;
    },
    __wbindgen_generic_0000000000000002: function(arg0) {
      const ret = arg0;
      return ret;
    },
    __wbindgen_generic_0000000000000003: function(arg0, arg1) {
      const ret = getStringFromWasm0(arg0, arg1);
      return ret;
    },
    __wbindgen_generic_0000000000000004: function(arg0) {
      const ret = BigInt.asUintN(64, arg0);
      return ret;
    },
    __wbindgen_init_externref_table: function() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, void 0);
      table.set(1024, void 0);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    }
  };
  return {
    __proto__: null,
    "./changed_backends_bg.js": import0
  };
}
function addToExternrefTable0(obj) {
  const idx = wasm.__externref_table_alloc();
  wasm.__wbindgen_externrefs.set(idx, obj);
  return idx;
}
function debugString(val) {
  switch (typeof val) {
    // primitive types
    case "number":
    case "boolean":
    case "undefined":
      return `${val}`;
    case "string":
      return JSON.stringify(val);
    case "bigint":
      return `${val}n`;
    case "symbol":
      return val.description !== void 0 ? `Symbol(${val.description})` : "Symbol";
    case "function":
      return typeof val.name === "string" && val.name !== "" ? `Function(${val.name})` : "Function";
    case "object": {
      if (val === null) {
        return "null";
      }
      if (Array.isArray(val)) {
        return "[" + Array.from(val, debugString).join(", ") + "]";
      }
      if (val instanceof Error) {
        return `${val.name}: ${val.message}
${val.stack}`;
      }
      const toStringOutput = toString.call(val);
      const className = /\[object ([^\]]+)\]/.exec(toStringOutput)?.[1];
      if (className === void 0) {
        return toStringOutput;
      }
      if (className === "Object") {
        try {
          return "Object(" + JSON.stringify(val) + ")";
        } catch (_) {
          return "Object";
        }
      }
      return className;
    }
  }
}
function getArrayU8FromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}
function getDataViewMemory0() {
  if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
    cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
  }
  return cachedDataViewMemory0;
}
function getStringFromWasm0(ptr, len) {
  ptr = ptr >>> 0;
  return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}
function getUint8ArrayMemory0() {
  if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
    cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
  }
  return cachedUint8ArrayMemory0;
}
function handleError(f, args) {
  try {
    return f.apply(this, args);
  } catch (e) {
    const idx = addToExternrefTable0(e);
    wasm.__wbindgen_exn_store(idx);
  }
}
function isLikeNone(x) {
  return x === void 0 || x === null;
}
function passStringToWasm0(arg, malloc, realloc) {
  if (realloc === void 0) {
    const buf = cachedTextEncoder.encode(arg);
    const ptr2 = malloc(buf.length, 1) >>> 0;
    getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
    WASM_VECTOR_LEN = buf.length;
    return ptr2;
  }
  let len = arg.length;
  let ptr = malloc(len, 1) >>> 0;
  const mem = getUint8ArrayMemory0();
  let offset = 0;
  for (; offset < len; offset++) {
    const code = arg.charCodeAt(offset);
    if (code > 127) break;
    mem[ptr + offset] = code;
  }
  if (offset !== len) {
    if (offset !== 0) {
      arg = arg.slice(offset);
    }
    ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
    const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
    const ret = cachedTextEncoder.encodeInto(arg, view);
    offset += ret.written;
    ptr = realloc(ptr, len, offset, 1) >>> 0;
  }
  WASM_VECTOR_LEN = offset;
  return ptr;
}
function takeFromExternrefTable0(idx) {
  const value = wasm.__wbindgen_externrefs.get(idx);
  wasm.__externref_table_dealloc(idx);
  return value;
}
function decodeText(bytes) {
  return cachedTextDecoder.decode(bytes);
}
var cachedDataViewMemory0, cachedUint8ArrayMemory0, cachedTextDecoder, cachedTextEncoder, WASM_VECTOR_LEN, wasmUrl, wasmBytes, wasmModule, wasmInstance, wasm;
var init_changed_backends = __esm({
  "build/wasm/node/changed_backends.js"() {
    cachedDataViewMemory0 = null;
    cachedUint8ArrayMemory0 = null;
    cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
    cachedTextDecoder.decode();
    cachedTextEncoder = new TextEncoder();
    if (!("encodeInto" in cachedTextEncoder)) {
      cachedTextEncoder.encodeInto = function(arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
          read: arg.length,
          written: buf.length
        };
      };
    }
    WASM_VECTOR_LEN = 0;
    wasmUrl = new URL("./changed_backends_bg.wasm", import.meta.url);
    wasmBytes = readFileSync4(wasmUrl);
    wasmModule = new WebAssembly.Module(wasmBytes);
    wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
    wasm = wasmInstance.exports;
    wasm.__wbindgen_start();
  }
});

// js/lib/slot.js
function install(core) {
  loaded = core;
}
function current() {
  if (loaded === null) {
    throw new Error("changed-backends: the WebAssembly core is not loaded yet; await init() first");
  }
  return loaded;
}
var loaded;
var init_slot = __esm({
  "js/lib/slot.js"() {
    loaded = null;
  }
});

// js/lib/loop.js
function callCore(core, name, input) {
  const earlier = trapped.get(core);
  if (earlier) throw earlier;
  try {
    return core[name](input);
  } catch (err) {
    const failure = new CoreFailure(err);
    if (err instanceof WebAssembly.RuntimeError) trapped.set(core, failure);
    throw failure;
  }
}
function fallbackInput(input, requests, responses) {
  const reads = new Set(requests.filter((r) => r.kind === "read").map((r) => r.id));
  return { ...input, responses: responses.filter((r) => reads.has(r.id)), fallbackReason: "internal-error" };
}
function* conversation(core, input, state) {
  const responses = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const planned = callCore(core, "plan", { ...input, responses });
    if (planned.errors.length > 0) {
      const result = callCore(core, "decide", { ...input, responses });
      return result.errors.length > 0 ? result : { ...result, errors: planned.errors };
    }
    if (planned.requests.length === 0) break;
    const answered = yield planned.requests;
    if (round === 0) state.fallback = fallbackInput(input, planned.requests, answered);
    responses.push(...answered);
  }
  state.fallback ??= fallbackInput(input, [], []);
  return callCore(core, "decide", { ...input, responses });
}
function failed(id, err) {
  if (err instanceof RequestError) {
    const error = { kind: err.kind, message: err.message };
    if (err.status !== void 0) error.status = err.status;
    return { id, ok: false, error };
  }
  const message = err && err.message ? err.message : String(err);
  return { id, ok: false, error: { kind: "io", message } };
}
async function serve(answer, request) {
  try {
    return { id: request.id, ok: true, data: await answer(request) };
  } catch (err) {
    return failed(request.id, err);
  }
}
function serveSync(answer, request) {
  try {
    return { id: request.id, ok: true, data: answer(request) };
  } catch (err) {
    return failed(request.id, err);
  }
}
function driveSync(core, input, answer) {
  const talk = conversation(core, input, {});
  let step = talk.next();
  while (!step.done) step = talk.next(step.value.map((request) => serveSync(answer, request)));
  return step.value;
}
async function drive(core, input, answer, { freshCore, onFallback } = {}) {
  const state = {};
  try {
    const talk = conversation(core, input, state);
    let step = talk.next();
    while (!step.done) step = talk.next(await Promise.all(step.value.map((request) => serve(answer, request))));
    return step.value;
  } catch (failure) {
    if (!(failure instanceof CoreFailure) || !freshCore || !state.fallback) throw failure;
    let result;
    try {
      result = callCore(await freshCore(), "decide", state.fallback);
    } catch {
      throw failure;
    }
    if (onFallback) onFallback(failure);
    return result;
  }
}
var MAX_ROUNDS, RequestError, CoreFailure, trapped;
var init_loop = __esm({
  "js/lib/loop.js"() {
    MAX_ROUNDS = 10;
    RequestError = class extends Error {
      constructor(kind, message, status) {
        super(message);
        this.name = "RequestError";
        this.kind = kind;
        if (status !== void 0) this.status = status;
      }
    };
    CoreFailure = class extends Error {
      constructor(cause) {
        super(`the changed-backends core failed: ${cause && cause.message ? cause.message : String(cause)}`);
        this.name = "CoreFailure";
        this.cause = cause;
      }
    };
    trapped = /* @__PURE__ */ new WeakMap();
  }
});

// js/lib/changes.js
function unquote(path, line) {
  if (path.length < 2 || !path.startsWith('"') || !path.endsWith('"')) return path;
  const bytes = [];
  const body = path.slice(1, -1);
  const refuse = (why) => {
    const err = new Error(`line ${line}: ${why} in the quoted path ${JSON.stringify(path)}; list paths with \`git diff -z\`, or unquoted`);
    err.line = line;
    throw err;
  };
  const utf8 = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '"') refuse("an unescaped quote");
    if (body[i] !== "\\") {
      let end = i;
      while (end < body.length && body[end] !== "\\" && body[end] !== '"') end++;
      for (const b of utf8.encode(body.slice(i, end))) bytes.push(b);
      i = end - 1;
      continue;
    }
    const next = body[++i];
    if (next !== void 0 && Object.hasOwn(ESCAPES, next)) bytes.push(ESCAPES[next]);
    else if (/^[0-3][0-7]{2}$/.test(body.slice(i, i + 3))) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else refuse(`an unknown escape \\${next ?? ""}`);
  }
  if (bytes.length === 0) refuse("nothing");
  if (bytes.includes(0)) refuse("a NUL byte");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return refuse("bytes that are not UTF-8");
  }
}
function file(letter, paths) {
  const status = STATUS[letter];
  if (letter === "R" && paths.length === 2) {
    return { filename: paths[1], status, previous_filename: paths[0] };
  }
  return { filename: paths[paths.length - 1], status };
}
function parseNul(text) {
  const fields = text.split("\0");
  const files = [];
  for (let i = 0; i < fields.length; ) {
    const tagged = STATUS_FIELD.exec(fields[i]);
    if (!tagged) {
      if (fields[i] !== "") files.push({ filename: fields[i] });
      i += 1;
      continue;
    }
    const count = tagged[1] === "R" || tagged[1] === "C" ? 2 : 1;
    files.push(file(tagged[1], fields.slice(i + 1, i + 1 + count)));
    i += 1 + count;
  }
  return files;
}
function typedPaths(letter, rest) {
  if (letter !== "R") return [rest];
  const arrow = rest.split(" -> ");
  if (arrow.length === 2) return arrow;
  const parts = rest.split(/\s+/);
  return parts.length === 2 ? parts : [rest];
}
function parseChanges(input) {
  const text = String(input).replace(/^\uFEFF/, "");
  if (text.includes("\0")) return parseNul(text);
  const files = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, "");
    if (line.trim() === "" || line.startsWith("#")) continue;
    const fields = line.split("	");
    const tagged = STATUS_FIELD.exec(fields[0]);
    if (fields.length > 1 && tagged) {
      files.push(file(tagged[1], fields.slice(1).map((path) => unquote(path, n + 1))));
      continue;
    }
    const typed = fields.length === 1 ? STATUS_WORD.exec(line) : null;
    if (typed) {
      files.push(file(typed[1], typedPaths(typed[1], typed[3].trim()).map((path) => unquote(path, n + 1))));
      continue;
    }
    files.push({ filename: unquote(line.trim(), n + 1) });
  }
  return files;
}
function toFiles(list) {
  return list.map((item) => {
    if (typeof item === "string") return { filename: item };
    const out = { filename: item.filename };
    if (item.status !== void 0) out.status = item.status;
    if (item.previous_filename !== void 0) out.previous_filename = item.previous_filename;
    return out;
  });
}
var STATUS, STATUS_FIELD, STATUS_WORD, ESCAPES;
var init_changes = __esm({
  "js/lib/changes.js"() {
    STATUS = {
      A: "added",
      C: "copied",
      D: "removed",
      M: "modified",
      R: "renamed",
      T: "changed",
      U: "modified",
      X: "modified"
    };
    STATUS_FIELD = /^([ACDMRTUX])([0-9]{0,3})$/;
    STATUS_WORD = /^([ACDMRTUX])([0-9]{0,3})\s+(\S.*)$/;
    ESCAPES = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  }
});

// js/lib/api.js
function toSource(value, field = "config") {
  if (typeof value === "string") return { path: "", text: value };
  if (value && typeof value.text === "string") return { path: value.path || "", text: value.text };
  throw new TypeError(`\`${field}\` must be YAML text or { path, text }, got ${value === null ? "null" : typeof value}`);
}
function matrixText(matrix) {
  if (matrix === void 0 || matrix === null) return void 0;
  return { text: toSource(matrix, "matrix").text };
}
function lookup(map, path) {
  if (!map) return void 0;
  if (map instanceof Map) return map.get(path);
  return Object.prototype.hasOwnProperty.call(map, path) ? map[path] : void 0;
}
function createApi(getCore) {
  const memoryAnswer = (workspace, previous) => (request) => {
    if (request.kind === "read") {
      const text = lookup(workspace, request.path);
      if (typeof text === "string") return { text };
      throw new RequestError("not-found", `${request.path} is not in the workspace given to select()`);
    }
    if (request.kind === "content") {
      const text = lookup(previous, request.path);
      if (typeof text === "string") return { text };
      throw new RequestError("not-found", `no previous revision of ${request.path} was given`);
    }
    throw new RequestError("io", `a "${request.kind}" request cannot be answered without a network`);
  };
  return {
    version: () => getCore().version(),
    defaultConfigPath: () => getCore().defaultConfigPath(),
    plan: (input) => getCore().plan(input),
    decide: (input) => getCore().decide(input),
    validate(args) {
      checkKeys("validate", args, ["config", "matrix"]);
      const { config, matrix } = args;
      const input = { config: toSource(config) };
      if (matrix !== void 0 && matrix !== null) input.matrix = matrixText(matrix);
      return getCore().validate(input);
    },
    lint(args) {
      checkKeys("lint", args, ["config", "matrix", "files"]);
      const { config, matrix, files } = args;
      checkPaths("lint", files);
      return getCore().lint({ config: toSource(config), matrix: matrixText(matrix), files: [...files] });
    },
    select(args) {
      checkKeys("select", args, ["config", "matrix", "files", "previous", "workspace"]);
      const { config, matrix, files, previous, workspace } = args;
      checkFiles("select", files);
      const input = { config: toSource(config), changes: { files: toFiles(files) } };
      if (matrix !== void 0 && matrix !== null) input.matrix = matrixText(matrix);
      return driveSync(getCore(), input, memoryAnswer(workspace, previous));
    },
    run(input, answer) {
      return drive(getCore(), input, answer);
    },
    runSync(input, answer) {
      return driveSync(getCore(), input, answer);
    }
  };
}
var init_api = __esm({
  "js/lib/api.js"() {
    init_loop();
    init_changes();
    init_check();
  }
});

// js/lib/text.js
function oneLine(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
var init_text = __esm({
  "js/lib/text.js"() {
  }
});

// js/lib/explain.js
function formatProblem(problem) {
  const head = oneLine(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
  return problem.hint ? `${head}
  hint: ${oneLine(problem.hint)}` : head;
}
function formatWhy(why) {
  if (why.file !== void 0 && why.file !== null && why.file !== "") return `${why.file} → ${why.rule}`;
  return why.rule;
}
function entryLabel(entry) {
  const key = entry.key && entry.key !== entry.name ? ` [${entry.key}]` : "";
  return `${entry.list}[${entry.index}] ${entry.name}${key} (line ${entry.line})`;
}
function headline(result) {
  const detail = result.reasonDetail ? `: ${result.reasonDetail}` : "";
  if (result.decision === "run-all") return `Run all (${result.reason})${detail}`;
  if (result.decision === "nothing") return `Nothing selected (${result.reason})${detail}`;
  return `Filtered (${result.reason})${detail}`;
}
function explain(result) {
  const lines = [];
  if (result.errors && result.errors.length > 0) {
    for (const problem of result.errors) lines.push(formatProblem(problem));
    return lines.join("\n");
  }
  lines.push(headline(result));
  if (typeof result.changedFiles === "number") lines.push(`Changed files: ${result.changedFiles}`);
  for (const warning of result.warnings || []) lines.push(`warning: ${warning}`);
  for (const note of result.notes || []) lines.push(`note: ${note}`);
  for (const partition of result.partitions || []) {
    const count = partition.entries.length;
    lines.push("", `${partition.id}: ${count} ${count === 1 ? "entry" : "entries"}`);
    for (const entry of partition.entries) {
      lines.push(`  ${entryLabel(entry)}`);
      for (const why of entry.why || []) lines.push(`      because ${formatWhy(why)}`);
    }
  }
  return lines.map(oneLine).join("\n");
}
var init_explain = __esm({
  "js/lib/explain.js"() {
    init_text();
  }
});

// js/lib/index.js
var api, select, plan2, decide2, validate2, lint2, run, runSync, version2, defaultConfigPath2;
var init_lib = __esm({
  "js/lib/index.js"() {
    init_api();
    init_slot();
    init_explain();
    init_text();
    init_changes();
    init_loop();
    api = createApi(current);
    ({ select, plan: plan2, decide: decide2, validate: validate2, lint: lint2, run, runSync, version: version2, defaultConfigPath: defaultConfigPath2 } = api);
  }
});

// js/lib/node/index.js
var node_exports = {};
__export(node_exports, {
  CoreFailure: () => CoreFailure,
  MAX_ROUNDS: () => MAX_ROUNDS,
  RequestError: () => RequestError,
  decide: () => decide2,
  default: () => node_default,
  defaultConfigPath: () => defaultConfigPath2,
  explain: () => explain,
  formatProblem: () => formatProblem,
  init: () => init,
  initSync: () => initSync,
  lint: () => lint2,
  oneLine: () => oneLine,
  parseChanges: () => parseChanges,
  plan: () => plan2,
  run: () => run,
  runSync: () => runSync,
  select: () => select,
  validate: () => validate2,
  version: () => version2
});
function init() {
  return Promise.resolve();
}
function initSync() {
}
var node_default;
var init_node = __esm({
  "js/lib/node/index.js"() {
    init_changed_backends();
    init_slot();
    init_lib();
    install(changed_backends_exports);
    node_default = init;
  }
});

// js/cli/main.js
import { existsSync } from "node:fs";
import { join as join3 } from "node:path";

// js/cli/args.js
init_check();
import { parseArgs } from "node:util";
var USAGE = `Usage:
  changed-backends [run] [--config FILE] [--files FILE|-] [--base REF --head REF]
                         [--event FILE --event-name NAME] [--format table|json|github] [--repo DIR]
  changed-backends lint [--config FILE] [--repo DIR]
  changed-backends --version | --help

run   Dry run on a local repository: which matrix entries the changes select, and why.
      Changed files come from --files (one per line, or \`git diff --name-status\` output;
      "-" reads standard input), from --base/--head (local git), or from a GitHub event
      payload (--event with --event-name; --files, if given, answers its file lists).
lint  Checks the config against the repository's tracked files (\`git ls-files\`).

--config defaults to .github/changed-backends.yml in --repo (default: the current directory).

Exit status: 0 success (lint: no findings), 1 lint findings, 2 usage or config error,
3 internal error.`;
var UsageError = class extends Error {
};
var OPTIONS = {
  config: { type: "string" },
  files: { type: "string" },
  base: { type: "string" },
  head: { type: "string" },
  event: { type: "string" },
  "event-name": { type: "string" },
  format: { type: "string", default: "table" },
  repo: { type: "string", default: "." },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" }
};
var FORMATS = ["table", "json", "github"];
function suggestFlag(flag) {
  const near = nearest(flag, Object.keys(OPTIONS));
  return near && `--${near}`;
}
function checkFlags(argv) {
  for (const arg of argv) {
    if (arg === "--") return;
    const m = /^--([^=]+)/.exec(arg);
    if (!m || Object.hasOwn(OPTIONS, m[1])) continue;
    const near = suggestFlag(m[1]);
    throw new UsageError(`unknown option --${m[1]}${near ? `; did you mean ${near}?` : ""}`);
  }
}
function parseCommand(argv) {
  checkFlags(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: "help" };
  if (values.version) return { command: "version" };
  const command = positionals[0] || "run";
  if (!["run", "lint"].includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  if (values.config === "") throw new UsageError("--config needs a file name");
  if (command === "lint") {
    for (const key of ["files", "base", "head", "event", "event-name"]) {
      if (values[key] !== void 0) throw new UsageError(`--${key} does not apply to lint`);
    }
    return { command, config: values.config, repo: values.repo };
  }
  if (!FORMATS.includes(values.format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  if (values.base === void 0 !== (values.head === void 0)) throw new UsageError("--base and --head go together");
  if (values.event === void 0 !== (values["event-name"] === void 0)) throw new UsageError("--event and --event-name go together");
  const range = values.base !== void 0;
  const event = values.event !== void 0;
  if (range && event) throw new UsageError("give either --base/--head or --event, not both");
  if (range && values.files !== void 0) throw new UsageError("give either --files or --base/--head, not both");
  if (!range && !event && values.files === void 0) throw new UsageError("say what changed: --files FILE|-, --base/--head, or --event/--event-name");
  return {
    command,
    config: values.config,
    repo: values.repo,
    format: values.format,
    files: values.files,
    base: values.base,
    head: values.head,
    event: values.event,
    eventName: values["event-name"]
  };
}

// js/cli/run.js
import { readFileSync as readFileSync2 } from "node:fs";

// js/cli/local.js
import { readFileSync } from "node:fs";
import { isAbsolute, join, normalize, sep } from "node:path";

// js/cli/git.js
import { execFileSync } from "node:child_process";
var GitError = class extends Error {
  constructor(args, stderr) {
    super(`git ${args.join(" ")}: ${stderr.trim() || "failed"}`);
    this.name = "GitError";
    this.stderr = stderr;
  }
};
function git(repo, args) {
  try {
    return execFileSync("git", args, {
      cwd: repo,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"]
    });
  } catch (err) {
    if (err.code === "ENOENT") throw new GitError(args, "git is not installed");
    throw new GitError(args, String(err.stderr || err.message));
  }
}
function isWorkTree(repo) {
  try {
    return git(repo, ["rev-parse", "--is-inside-work-tree"]).trim() === "true";
  } catch {
    return false;
  }
}
function resolveCommit(repo, rev) {
  try {
    return git(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]).trim() || null;
  } catch {
    return null;
  }
}
function diffNameStatus(repo, base, head, { threeDot = true } = {}) {
  const range = threeDot ? [`${base}...${head}`] : [base, head];
  return git(repo, ["-c", "diff.renames=true", "diff", "--name-status", "-M", "-z", "--end-of-options", ...range, "--"]);
}
function commitNameStatus(repo, sha) {
  const parents = git(repo, ["rev-list", "--parents", "-n", "1", "--end-of-options", sha]).trim().split(" ").slice(1);
  if (parents.length === 0) {
    return git(repo, ["diff-tree", "-r", "-M", "-z", "--name-status", "--no-commit-id", "--root", "--end-of-options", sha]);
  }
  return diffNameStatus(repo, parents[0], sha, { threeDot: false });
}
function commitsBetween(repo, base, head) {
  const out = git(repo, ["rev-list", "--reverse", "--end-of-options", `${base}..${head}`, "--"]).trim();
  return out === "" ? [] : out.split("\n");
}
function aheadBehind(repo, base, head) {
  const out = git(repo, ["rev-list", "--left-right", "--count", "--end-of-options", `${base}...${head}`, "--"]).trim();
  const [behind, ahead] = out.split(/\s+/).map(Number);
  return { ahead, behind };
}
function showFile(repo, ref, path) {
  try {
    return git(repo, ["cat-file", "blob", "--end-of-options", `${ref}:${path}`]);
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}
function listFiles(repo) {
  return git(repo, ["ls-files", "-z"]).split("\0").filter((p) => p !== "");
}

// js/cli/local.js
function inside(repo, path) {
  if (typeof path !== "string" || path === "" || isAbsolute(path)) return null;
  const clean = normalize(path);
  if (clean === ".." || clean.startsWith(`..${sep}`)) return null;
  return join(repo, clean);
}
function compareStatus({ ahead, behind }) {
  if (ahead === 0 && behind === 0) return "identical";
  if (behind === 0) return "ahead";
  if (ahead === 0) return "behind";
  return "diverged";
}
function localAnswer({ repo, parseChanges: parseChanges2, RequestError: RequestError2 }) {
  const gitFailure = (err) => err instanceof GitError ? new RequestError2("not-found", err.message) : err;
  return (request) => {
    switch (request.kind) {
      case "read": {
        const full = inside(repo, request.path);
        if (!full) throw new RequestError2("io", `refusing to read ${JSON.stringify(request.path)} outside the repository`);
        try {
          return { text: readFileSync(full, "utf8") };
        } catch (err) {
          if (err.code === "ENOENT" || err.code === "ENOTDIR") throw new RequestError2("not-found", `${request.path} does not exist`);
          throw new RequestError2("io", `${request.path}: ${err.message}`);
        }
      }
      case "content": {
        const text = request.ref ? showFile(repo, request.ref, request.path) : null;
        if (text === null) throw new RequestError2("not-found", `${request.path} does not exist at ${request.ref || "(no revision)"}`);
        return { text };
      }
      case "pull-files":
        throw new RequestError2("io", "a pull request's files cannot be listed locally; pass them with --files");
      case "compare": {
        try {
          const counts = aheadBehind(repo, request.base, request.head);
          return {
            status: compareStatus(counts),
            totalCommits: counts.ahead,
            files: parseChanges2(diffNameStatus(repo, request.base, request.head))
          };
        } catch (err) {
          throw gitFailure(err);
        }
      }
      case "commits": {
        try {
          return { shas: commitsBetween(repo, request.base, request.head).slice(0, request.maxCommits) };
        } catch (err) {
          throw gitFailure(err);
        }
      }
      case "commit-files": {
        try {
          return { files: parseChanges2(commitNameStatus(repo, request.sha)).slice(0, request.maxFiles) };
        } catch (err) {
          throw gitFailure(err);
        }
      }
      default:
        throw new RequestError2("io", `unknown request kind ${JSON.stringify(request.kind)}`);
    }
  };
}

// js/cli/output.js
import { randomUUID } from "node:crypto";
function formatJson(result) {
  return `${JSON.stringify(Object.fromEntries(result.outputs), null, 2)}
`;
}
function formatGithub(result) {
  let text = "";
  for (const [name, value] of result.outputs) {
    let delimiter;
    do
      delimiter = `ghadelimiter_${randomUUID()}`;
    while (name.includes(delimiter) || value.includes(delimiter));
    text += `${name}<<${delimiter}
${value}
${delimiter}
`;
  }
  return text;
}
function formatTable(result, explain2) {
  return `${explain2(result)}
`;
}

// js/cli/run.js
function readText(path, what) {
  try {
    return readFileSync2(path === "-" ? 0 : path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${err.message}`);
  }
}
function commitOf(repo, rev, flag) {
  const sha = resolveCommit(repo, rev);
  if (!sha) throw new UsageError(`${flag} ${rev}: no such commit in ${repo}`);
  return sha;
}
function readFiles(lib, path) {
  try {
    return lib.parseChanges(readText(path, "files list"));
  } catch (err) {
    if (err instanceof UsageError || err.line === void 0) throw err;
    throw new UsageError(`--files ${path}: ${err.message}`);
  }
}
async function runCommand(options, lib, out, err) {
  const input = { config: { path: options.config, text: readText(options.config, "config") } };
  const files = options.files !== void 0 ? readFiles(lib, options.files) : null;
  if (options.base !== void 0) {
    if (!isWorkTree(options.repo)) {
      const where = options.repo === "." ? "the current directory" : options.repo;
      throw new UsageError(`--base/--head compare git commits, but ${where} is not inside a git work tree; run from the repository (or pass --repo DIR), or give the changed files with --files`);
    }
    const base = commitOf(options.repo, options.base, "--base");
    const head = commitOf(options.repo, options.head, "--head");
    input.event = { name: "range", payload: JSON.stringify({ base, head }) };
  } else if (options.event !== void 0) {
    input.event = { name: options.eventName, payload: readText(options.event, "event payload") };
  }
  if (files) input.changes = { files };
  const answer = localAnswer({ repo: options.repo, parseChanges: lib.parseChanges, RequestError: lib.RequestError });
  const result = await lib.run(input, answer);
  if (result.errors.length > 0) {
    for (const problem of result.errors) err.write(`${lib.formatProblem(problem)}
`);
    return 2;
  }
  if (options.format === "json" || options.format === "github") {
    for (const warning of result.warnings) err.write(`warning: ${lib.oneLine(warning)}
`);
    out.write(options.format === "json" ? formatJson(result) : formatGithub(result));
  } else {
    if (options.base !== void 0) out.write(`Range: ${options.base}...${options.head}
`);
    out.write(formatTable(result, lib.explain));
  }
  return 0;
}

// js/cli/lint.js
import { readFileSync as readFileSync3 } from "node:fs";
import { join as join2 } from "node:path";
function formatFinding(finding, oneLine2) {
  const where = finding.file ? `${finding.file}${finding.line ? `:${finding.line}` : ""}: ` : "";
  return oneLine2(`${where}${finding.message} [${finding.kind}]`);
}
function lintCommand(options, lib, out, err) {
  let configText;
  try {
    configText = readFileSync3(options.config, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read config ${options.config}: ${e.message}`);
  }
  const config = { path: options.config, text: configText };
  const checked = lib.validate({ config });
  if (checked.errors.length > 0) {
    for (const problem of checked.errors) err.write(`${lib.formatProblem(problem)}
`);
    return 2;
  }
  const matrixPath = checked.matrixPath;
  let matrixText2;
  try {
    matrixText2 = readFileSync3(join2(options.repo, matrixPath), "utf8");
  } catch (e) {
    err.write(`${options.config}: cannot read the matrix file ${matrixPath} in ${options.repo}: ${e.message}
`);
    return 2;
  }
  let files;
  try {
    files = listFiles(options.repo);
  } catch (e) {
    throw new UsageError(`${options.repo} is not a git work tree: ${e.message}`);
  }
  const result = lib.lint({ config, matrix: { path: matrixPath, text: matrixText2 }, files });
  if (result.errors.length > 0) {
    for (const problem of result.errors) err.write(`${lib.formatProblem(problem)}
`);
    return 2;
  }
  for (const finding of result.findings) out.write(`${formatFinding(finding, lib.oneLine)}
`);
  if (result.findings.length > 0) {
    err.write(`${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}
`);
    return 1;
  }
  err.write(`no findings (${files.length} tracked files)
`);
  return 0;
}

// js/cli/main.js
async function loadLibrary() {
  try {
    return await Promise.resolve().then(() => (init_node(), node_exports));
  } catch (err) {
    if (err && err.code === "ERR_MODULE_NOT_FOUND") {
      const missing = new Error(`the library is not built (${err.message}); run \`npm run build:wasm && npm run build:lib\``);
      missing.code = "NOT_BUILT";
      throw missing;
    }
    throw err;
  }
}
async function main(argv) {
  let options;
  try {
    options = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`changed-backends: ${err.message}

${USAGE}
`);
    return 2;
  }
  if (options.command === "help") {
    process.stdout.write(`${USAGE}
`);
    return 0;
  }
  const lib = await loadLibrary();
  if (options.command === "version") {
    process.stdout.write(`${lib.version()}
`);
    return 0;
  }
  try {
    if (options.config === void 0) {
      options.config = join3(options.repo, lib.defaultConfigPath());
      if (!existsSync(options.config)) throw new UsageError(`no config at ${options.config} (the default place); pass --config FILE`);
    }
    if (options.command === "lint") return lintCommand(options, lib, process.stdout, process.stderr);
    return await runCommand(options, lib, process.stdout, process.stderr);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`changed-backends: ${err.message}
`);
    return 2;
  }
}
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    const text = err && err.code === "NOT_BUILT" ? err.message : err && err.stack ? err.stack : String(err);
    process.stderr.write(`changed-backends: ${err && err.code === "NOT_BUILT" ? "" : "internal error: "}${text}
`);
    process.exitCode = 3;
  }
);
