import { createRequire as __cbCreateRequire } from 'node:module';
const require = __cbCreateRequire(import.meta.url);
import {
  debug,
  error,
  getBooleanInput,
  getInput,
  info,
  setFailed,
  setOutput,
  summary,
  warning
} from "./chunks/chunk-PYXYQ42X.js";
import {
  CoreFailure,
  RequestError,
  drive
} from "./chunks/chunk-22VRT7TX.js";
import "./chunks/chunk-YHUHSWHQ.js";

// build/wasm/node/changed_backends.js
import { readFileSync } from "node:fs";
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
var cachedDataViewMemory0 = null;
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
var cachedUint8ArrayMemory0 = null;
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
var cachedTextDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
cachedTextDecoder.decode();
function decodeText(bytes) {
  return cachedTextDecoder.decode(bytes);
}
var cachedTextEncoder = new TextEncoder();
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
var WASM_VECTOR_LEN = 0;
var wasmUrl = new URL("./changed_backends_bg.wasm", import.meta.url);
var wasmBytes = readFileSync(wasmUrl);
var wasmModule = new WebAssembly.Module(wasmBytes);
var wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
var wasm = wasmInstance.exports;
wasm.__wbindgen_start();

// js/action/core.js
var core = {
  defaultConfigPath: () => defaultConfigPath(),
  plan: (input) => plan(input),
  decide(input) {
    if (process.env.CHANGED_BACKENDS_TEST_TRAP === "1") testTrap();
    return decide(input);
  }
};
function freshCore() {
  return import("./chunks/changed_backends-AC6TLOGS.js");
}

// js/action/inputs.js
import { fstatSync as fstatSync2, readFileSync as readFileSync3, closeSync as closeSync2 } from "node:fs";
import { resolve as resolve2, relative as relative2, isAbsolute as isAbsolute2, sep as sep2 } from "node:path";

// js/action/workspace.js
import { realpathSync, statSync, openSync, fstatSync, readFileSync as readFileSync2, closeSync, constants } from "node:fs";
import { isUtf8 } from "node:buffer";
import { resolve, relative, isAbsolute, sep } from "node:path";
var MAX_READ_BYTES = 25 * 1024 * 1024;
function inside(root, path) {
  const rel = relative(root, path);
  return rel === "" || !rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel);
}
function openRegular(path) {
  if (!statSync(path).isFile()) return null;
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    return null;
  }
  return fd;
}
function createWorkspace(rootDir) {
  let root;
  try {
    root = realpathSync(resolve(rootDir));
  } catch {
    root = resolve(rootDir);
  }
  return {
    root,
    read(path) {
      if (typeof path !== "string" || path === "" || path.includes("\0")) {
        throw new RequestError("io", `invalid path ${JSON.stringify(path)}`);
      }
      const full = resolve(root, path);
      if (!inside(root, full)) {
        throw new RequestError("io", `path ${JSON.stringify(path)} is outside the workspace`);
      }
      let real;
      try {
        real = realpathSync(full);
      } catch (e) {
        if (e && (e.code === "ENOENT" || e.code === "ENOTDIR")) {
          throw new RequestError("not-found", `${JSON.stringify(path)} does not exist in the workspace`);
        }
        throw new RequestError("io", `cannot resolve ${JSON.stringify(path)}: ${e && e.code}`);
      }
      if (!inside(root, real)) {
        throw new RequestError("io", `path ${JSON.stringify(path)} links outside the workspace`);
      }
      let fd;
      try {
        fd = openRegular(real);
        if (fd === null) throw new RequestError("io", `${JSON.stringify(path)} is not a regular file`);
        const st = fstatSync(fd);
        if (st.size > MAX_READ_BYTES) throw new RequestError("io", `${JSON.stringify(path)} is larger than ${MAX_READ_BYTES} bytes`);
        const bytes = readFileSync2(fd);
        if (!isUtf8(bytes)) return { bytes: Array.from(bytes) };
        return { text: bytes.toString("utf8") };
      } catch (e) {
        if (e instanceof RequestError) throw e;
        throw new RequestError("io", `cannot read ${JSON.stringify(path)}: ${e && e.code}`);
      } finally {
        if (fd !== void 0 && fd !== null) closeSync(fd);
      }
    }
  };
}

// js/action/inputs.js
var MAX_EVENT_BYTES = 25 * 1024 * 1024;
var MAX_SECONDS = 2147483;
function seconds(name, fallback) {
  const raw = getInput(name).trim();
  if (raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > MAX_SECONDS) {
    throw new Error(`input ${name} must be a positive number of seconds up to ${MAX_SECONDS}, got ${JSON.stringify(raw)}`);
  }
  return n;
}
function flag(name, fallback) {
  if (getInput(name).trim() === "") return fallback;
  return getBooleanInput(name);
}
function baselineMode() {
  const raw = getInput("baseline").trim();
  if (raw === "") return "event";
  if (raw !== "event" && raw !== "last-success") {
    throw new Error(`input baseline must be event or last-success, got ${JSON.stringify(raw)}`);
  }
  return raw;
}
function readEvent(path = process.env.GITHUB_EVENT_PATH) {
  if (!path) return { text: "" };
  let fd;
  try {
    fd = openRegular(path);
    if (fd === null) return { text: "" };
    const st = fstatSync2(fd);
    if (st.size > MAX_EVENT_BYTES) return { text: "", size: st.size };
    return { text: readFileSync3(fd, "utf8") };
  } catch {
    return { text: "" };
  } finally {
    if (fd !== void 0 && fd !== null) closeSync2(fd);
  }
}
function workingDirectory() {
  const raw = getInput("working-directory").trim();
  const workspace = resolve2(process.env.GITHUB_WORKSPACE || process.cwd());
  const root = resolve2(workspace, raw);
  const rel = relative2(workspace, root);
  if (rel === ".." || rel.startsWith(".." + sep2) || isAbsolute2(rel)) {
    throw new Error(`input working-directory must stay inside the workspace (GITHUB_WORKSPACE), got ${JSON.stringify(raw)}`);
  }
  return root;
}
function readInputs() {
  const event = readEvent();
  return {
    // Empty: the core's default path (see run.js).
    configPath: getInput("config").trim(),
    token: getInput("token"),
    forceAll: flag("force-all", false),
    requestTimeoutMs: seconds("request-timeout-seconds", 20) * 1e3,
    maxWaitMs: seconds("max-wait-seconds", 120) * 1e3,
    summary: flag("summary", true),
    // working-directory is relative to the workspace, like a step's own.
    root: workingDirectory(),
    eventSize: event.size,
    // Handed to the core as data: it decides whether and how they are used.
    baseline: {
      mode: baselineMode(),
      runId: process.env.GITHUB_RUN_ID || void 0,
      workflowRef: process.env.GITHUB_WORKFLOW_REF || void 0
    },
    event: {
      name: process.env.GITHUB_EVENT_NAME || "",
      payload: event.text,
      repository: process.env.GITHUB_REPOSITORY || void 0
    }
  };
}

// js/action/answer.js
function createAnswer({ workspace, connect }) {
  let api = null;
  return (request) => {
    if (request.kind === "read") return workspace.read(request.path);
    api ??= connect();
    return api.then((client) => client.answer(request));
  };
}

// js/lib/text.js
function oneLine(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// js/action/outputs.js
function reportProblems(problems) {
  for (const p of problems) {
    const where = `${p.file}:${p.line}:${p.column}`;
    const text = p.hint ? `${where}: ${p.message} (${p.hint})` : `${where}: ${p.message}`;
    error(text, { file: p.file, startLine: p.line, startColumn: p.column, title: "changed-backends" });
  }
}
function writeOutputs(result) {
  for (const [name, value] of result.outputs) setOutput(name, value);
}
function logResult(result) {
  info(`decision: ${JSON.stringify(result.decision)}, reason: ${JSON.stringify(result.reason)}, changed files: ${JSON.stringify(result.changedFiles)}`);
  if (result.reasonDetail) info(oneLine(result.reasonDetail));
  for (const p of result.partitions || []) {
    info(`partition ${JSON.stringify(p.id)}: ${p.entries.length} entries`);
  }
  for (const n of result.notes || []) info(oneLine(n));
  for (const w of result.warnings || []) warning(w);
}
async function writeSummary(result) {
  if (!process.env.GITHUB_STEP_SUMMARY || !result.summary) return;
  try {
    await summary.addRaw(result.summary).write();
  } catch (err) {
    debug(`job summary not written: ${JSON.stringify(String(err && err.message))}`);
  }
}

// js/action/run.js
async function run(deps) {
  let inputs;
  try {
    inputs = readInputs();
  } catch (err) {
    setFailed(String(err && err.message));
    return;
  }
  const workspace = createWorkspace(inputs.root);
  const configPath = inputs.configPath || deps.core.defaultConfigPath();
  let config;
  try {
    config = workspace.read(configPath);
  } catch (err) {
    setFailed(`cannot read the config ${JSON.stringify(configPath)}: ${err.message}`);
    return;
  }
  const input = {
    config: { path: configPath, text: config.text ?? "" },
    event: { ...inputs.event, forceAll: inputs.forceAll }
  };
  if (config.bytes) input.configBytes = config.bytes;
  if (inputs.eventSize !== void 0) input.eventSize = inputs.eventSize;
  if (!input.event.repository) delete input.event.repository;
  if (inputs.baseline.mode !== "event") input.baseline = inputs.baseline;
  const answer = createAnswer({
    workspace,
    connect: async () => {
      const { createApi } = await deps.api();
      return createApi({ token: inputs.token, requestTimeoutMs: inputs.requestTimeoutMs, maxWaitMs: inputs.maxWaitMs });
    }
  });
  let result;
  try {
    result = await drive(deps.core, input, answer, {
      freshCore: deps.freshCore,
      onFallback: (failure) => warning(`${failure.message}; running every matrix entry instead`)
    });
  } catch (err) {
    if (!(err instanceof CoreFailure)) throw err;
    setFailed(`${err.message}; no fallback result was available`);
    return;
  }
  await finish(result, inputs);
}
async function finish(result, inputs) {
  if (result.errors.length > 0) {
    reportProblems(result.errors);
    setFailed(`${result.errors.length} problem(s) in the configuration or matrix`);
    return;
  }
  writeOutputs(result);
  logResult(result);
  if (inputs.summary) await writeSummary(result);
}

// js/action/main.js
run({ core, freshCore, api: () => import("./chunks/api-QOAGOIVP.js") }).catch((err) => {
  setFailed(`changed-backends: unexpected error: ${JSON.stringify(String(err && err.stack || err))}`);
}).finally(() => process.exit());
