/// <reference types="./rvf.d.ts" />
// RVF for the web: loads rvf.wasm (Java compiled by TeaVM 0.15 to Wasm GC, C-style ABI) and gives JS safe access.
//
// Hand-written ES module, no dependencies, no bundler. It never evaluates code (no eval / new Function) and can
// instantiate a precompiled WebAssembly.Module, so it also runs inside Cloudflare Workers request handlers.

const PAGE = 65536;
/** Memory ceiling: the module caps live blocks at 1 GiB; the remaining 128 MiB cover allocator overhead. */
const MAX_MEMORY_PAGES = (1024 + 128) * 16;
/** Where the engine supports the js-string builtins they replace the JS polyfill below; others ignore this. */
const COMPILE_OPTIONS = { builtins: ["js-string"] };

// ---------------------------------------------------------------------------------------------------------------
// Errors

/**
 * dev.rvf.ErrorCode: name -> the negative number the ABI returns. The one copy of this table on the JS side;
 * ErrorCodeTableTest compares it (and RvfErrorCode in rvf.d.ts) with the Java enum.
 */
export const ERROR_CODES = Object.freeze({
  INVALID_ARGUMENT: -1,
  BAD_HANDLE: -2,
  BAD_POINTER: -3,
  OUT_OF_MEMORY: -4,
  CLOSED: -5,
  READ_ONLY: -6,
  DIMENSION_MISMATCH: -7,
  NOT_FOUND: -8,
  NON_FINITE: -9,
  DUPLICATE_ID: -10,
  BUFFER_TOO_SMALL: -11,
  BAD_MAGIC: -20,
  BAD_VERSION: -21,
  HASH_MISMATCH: -22,
  TRUNCATED: -23,
  LENGTH_OUT_OF_RANGE: -24,
  NO_MANIFEST: -25,
  BAD_MANIFEST: -26,
  BAD_PAYLOAD: -27,
  UNSUPPORTED: -28,
  WITNESS_BROKEN: -29,
  LIMIT_EXCEEDED: -30,
  INTERNAL: -99,
});

const CODE_BY_STATUS = new Map(Object.entries(ERROR_CODES).map(([code, status]) => [status, code]));

/** Every expected failure of this package: `code` is the stable name of a dev.rvf.ErrorCode entry. */
export class RvfError extends Error {
  /**
   * @param {string} code a key of ERROR_CODES (anything else becomes "INTERNAL")
   * @param {string} message
   * @param {{cause?: unknown}} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    const known = Object.hasOwn(ERROR_CODES, code);
    this.name = "RvfError";
    this.code = known ? code : "INTERNAL";
    /** The ABI number: what the module returned, or the code's number for failures detected in JS. */
    this.status = ERROR_CODES[this.code];
  }
}

/** The error for a negative status returned by the module (unknown numbers map to INTERNAL, as in Java). */
function errorForStatus(status, message) {
  const error = new RvfError(CODE_BY_STATUS.get(status) ?? "INTERNAL", message);
  error.status = status;
  return error;
}

const ENGINE_REQUIREMENT = "rvf.wasm needs WebAssembly GC (final encoding), which this JavaScript engine does "
  + "not support. Minimum versions: Chrome/Edge 119, Firefox 120, Safari 18.2, Node.js 22, Deno 1.38; "
  + "Cloudflare Workers support it.";

// A module declaring one recursive group with a final struct subtype holding an i16 field: only engines with
// the final Wasm GC encoding validate it (Node 20 rejects even with --experimental-wasm-gc).
const WASM_GC_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x09, 0x01, 0x4e, 0x01, 0x4f, 0x00, 0x5f, 0x01, 0x77, 0x00,
]);

let wasmGcChecked = false;

function requireWasmGc() {
  if (!wasmGcChecked) {
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(WASM_GC_PROBE)) {
      throw new RvfError("UNSUPPORTED", ENGINE_REQUIREMENT);
    }
    wasmGcChecked = true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// init

/** The instance shared by every init() call (pending or done); reset when loading fails so a retry can work. */
let shared = null;
/** The runtime behind `shared` once it resolved. */
let active = null;

/**
 * Loads rvf.wasm once and resolves to raw access `{ exports, memory }`. Later calls resolve to the same
 * instance whatever they pass.
 *
 * @param {URL | string | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module
 *   | Promise<URL | string | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module>} [input]
 *   default: rvf.wasm next to this file
 */
export default async function init(input) {
  if (shared === null) {
    const pending = load(input).then((runtime) => {
      active = runtime;
      return runtime.instance;
    });
    shared = pending;
    pending.catch(() => {
      if (shared === pending) {
        shared = null;
      }
    });
  }
  return shared;
}

/** A new, unshared runtime for `input` (init() keeps the first one). */
async function load(input) {
  const source = (await input) ?? defaultWasmUrl();
  const { module, compiledBy } = await compile(source);
  return instantiate(module, compiledBy);
}

function defaultWasmUrl() {
  try {
    return new URL("rvf.wasm", import.meta.url);
  } catch (cause) {
    throw new RvfError("INVALID_ARGUMENT", "rvf.js cannot locate rvf.wasm from its own URL here: pass the module "
      + "to init() (in Cloudflare Workers: import rvf.wasm as a WebAssembly.Module)", { cause });
  }
}

async function compile(source) {
  if (source instanceof WebAssembly.Module) {
    return { module: source, compiledBy: "module" };
  }
  requireWasmGc();
  if (typeof Response === "function" && source instanceof Response) {
    return compileResponse(source, source.url || "the Response passed to init()");
  }
  if (source instanceof URL) {
    return compileUrl(source);
  }
  if (typeof source === "string") {
    return compileLocation(source);
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return { module: await compileBytes(source), compiledBy: "bytes" };
  }
  throw new RvfError("INVALID_ARGUMENT", "init() takes a URL, a path, a Response, the module's bytes or a "
    + `WebAssembly.Module, not ${describe(source)}`);
}

/** A string is an absolute URL, else a file path (Deno, Node) or a URL relative to the page (browsers). */
function compileLocation(text) {
  const windowsPath = /^[a-zA-Z]:[\\/]/.test(text);
  if (!windowsPath && /^[a-zA-Z][a-zA-Z\d+.-]+:/.test(text)) {
    return compileUrl(new URL(text));
  }
  if (hasFileSystem()) {
    return compileFile(text, text);
  }
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  if (base === undefined) {
    throw new RvfError("INVALID_ARGUMENT", `cannot resolve "${text}": this runtime has neither files nor a `
      + "base URL; pass a URL, the bytes or a WebAssembly.Module");
  }
  return compileUrl(new URL(text, base));
}

async function compileUrl(url) {
  if (url.protocol === "file:" && hasFileSystem()) {
    return compileFile(url, url.href);
  }
  let response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new RvfError("NOT_FOUND", `could not load ${url.href}: ${cause?.message ?? cause}`, { cause });
  }
  return compileResponse(response, url.href);
}

async function compileFile(pathOrUrl, label) {
  // The specifier sits in a variable so that bundlers for the browser leave this Deno/Node-only import alone.
  const fsModule = "node:fs/promises";
  const { readFile } = await import(fsModule);
  let bytes;
  try {
    bytes = await readFile(pathOrUrl);
  } catch (cause) {
    throw new RvfError("NOT_FOUND", `could not read ${label}: ${cause?.message ?? cause}`, { cause });
  }
  return { module: await compileBytes(bytes), compiledBy: "bytes" };
}

async function compileResponse(response, label) {
  if (!response.ok) {
    throw new RvfError("NOT_FOUND", `could not load ${label}: HTTP ${response.status} ${response.statusText}`);
  }
  const type = response.headers.get("content-type") ?? "";
  // Streaming compilation starts while bytes arrive, but engines only accept it for application/wasm.
  if (typeof WebAssembly.compileStreaming === "function" && /^application\/wasm\b/i.test(type)) {
    try {
      return { module: await WebAssembly.compileStreaming(response, COMPILE_OPTIONS), compiledBy: "streaming" };
    } catch (cause) {
      throw compileFailure(cause);
    }
  }
  return { module: await compileBytes(await response.arrayBuffer()), compiledBy: "bytes" };
}

async function compileBytes(bytes) {
  // Engines take ArrayBuffer and typed arrays; V8 refuses a DataView.
  const source = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
  try {
    return await WebAssembly.compile(source, COMPILE_OPTIONS);
  } catch (cause) {
    throw compileFailure(cause);
  }
}

function compileFailure(cause) {
  const message = String(cause?.message ?? cause);
  if (/disallowed/i.test(message)) {
    return new RvfError("UNSUPPORTED", "this runtime refuses to compile WebAssembly at run time (as Cloudflare "
      + `Workers do): import rvf.wasm as a module and pass the WebAssembly.Module to init() (${message})`,
    { cause });
  }
  return new RvfError("INVALID_ARGUMENT", `not a valid rvf.wasm: ${message}`, { cause });
}

function hasFileSystem() {
  return typeof globalThis.Deno?.version === "object" || typeof globalThis.process?.versions?.node === "string";
}

function describe(value) {
  if (value === null) {
    return "null";
  }
  return typeof value === "object" ? value.constructor?.name ?? "an object" : typeof value;
}

// ---------------------------------------------------------------------------------------------------------------
// Instantiation

async function instantiate(module, compiledBy) {
  const { min, dataSize } = memoryRequirements(module);
  if (!(Number.isInteger(min) && min >= 1 && min + 4 <= MAX_MEMORY_PAGES && Number.isInteger(dataSize))) {
    throw new RvfError("INVALID_ARGUMENT", `not a valid rvf.wasm: memory requirements ${min} pages, `
      + `${dataSize} bytes of data`);
  }
  // With the builtins active the engine resolves wasm:js-string itself and no longer lists it as an import.
  const required = WebAssembly.Module.imports(module);
  const stringBuiltins = !required.some((i) => i.module === "wasm:js-string");
  const memory = new WebAssembly.Memory({ initial: min, maximum: MAX_MEMORY_PAGES });
  const runtime = new RvfRuntime(memory, compiledBy, stringBuiltins);
  const imports = {
    env: { memory },
    teavmMemory: {
      // Same rounding as the module's own minimum-size computation, so the initial heap fits in `min` pages.
      heapOffset: new WebAssembly.Global({ value: "i32", mutable: false }, Math.ceil(dataSize / 256) * 256),
      // The allocator grows in whole pages without checking memory.grow's result: keep its ceiling a few
      // pages below the memory's maximum so every growth it attempts succeeds.
      maxSize: new WebAssembly.Global({ value: "i32", mutable: false }, (MAX_MEMORY_PAGES - 3) * PAGE),
      notifyHeapResized: () => runtime.memoryGrew(),
    },
    teavm: {
      // Only used when a Java exception is created; the C-style ABI needs no stack traces.
      takeStackTrace: () => ({ getStack: () => [] }),
      decorateException: () => {},
    },
    teavmJso: {
      stringBuiltinsSupported: () => stringBuiltins,
      createFunction1: (param, body) => knownFunction(param, body),
      callFunction1: (fn, arg) => fn(arg),
    },
    teavmDate: { currentTimeMillis: () => Date.now() },
    teavmMath: Math,
    "wasm:js-string": jsStringPolyfill,
  };
  const missing = required
    .filter(({ module: m, name }) => !Object.hasOwn(imports, m) || !(name in imports[m]))
    .map(({ module: m, name, kind }) => `${m}.${name} (${kind})`);
  if (missing.length > 0) {
    throw new RvfError("UNSUPPORTED", `rvf.wasm needs imports that this rvf.js does not supply: `
      + `${missing.join(", ")}; rvf.js and rvf.wasm must come from the same package version`);
  }
  runtime.attach(await WebAssembly.instantiate(module, imports));
  return runtime;
}

function memoryRequirements(module) {
  const sections = WebAssembly.Module.customSections(module, "teavm.memoryRequirements");
  if (sections.length !== 1) {
    throw new RvfError("INVALID_ARGUMENT", "not a valid rvf.wasm: no teavm.memoryRequirements section");
  }
  try {
    return JSON.parse(new TextDecoder().decode(sections[0]));
  } catch (cause) {
    throw new RvfError("INVALID_ARGUMENT", "not a valid rvf.wasm: unreadable teavm.memoryRequirements", { cause });
  }
}

// TeaVM asks JS to build small functions from source text. Building them would need new Function, which
// Workers refuse; the bodies are fixed strings in TeaVM's class library, so they are served from this table.
const KNOWN_FUNCTIONS = new Map([
  ["str\u0000return str;", (str) => str],
]);

function knownFunction(param, body) {
  const fn = KNOWN_FUNCTIONS.get(`${param}\u0000${body}`);
  if (fn === undefined) {
    throw new RvfError("UNSUPPORTED", `rvf.wasm asked for an unknown JS function (${param}) => { ${body} }`);
  }
  return fn;
}

// wasm:js-string for engines (and Workers' embedded modules) without the builtins. The array variants read and
// write Wasm GC arrays, which JS cannot reach; TeaVM avoids them when stringBuiltinsSupported() is false.
const jsStringPolyfill = {
  cast: (s) => s,
  test: (s) => (typeof s === "string" ? 1 : 0),
  fromCharCode: (code) => String.fromCharCode(code),
  fromCodePoint: (code) => String.fromCodePoint(code),
  charCodeAt: (s, i) => s.charCodeAt(i),
  codePointAt: (s, i) => s.codePointAt(i),
  length: (s) => s.length,
  concat: (a, b) => a + b,
  substring: (s, start, end) => s.substring(start, end),
  equals: (a, b) => (a === b ? 1 : 0),
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  fromCharCodeArray: () => {
    throw new Error("wasm:js-string fromCharCodeArray is not available without the js-string builtins");
  },
  intoCharCodeArray: () => {
    throw new Error("wasm:js-string intoCharCodeArray is not available without the js-string builtins");
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Runtime: one instance, its memory views and the call helper the store API is built on

/** TeaVM's own exports (runtime support, the raw allocator that bypasses pointer checks): never exposed. */
const isTeaVmExport = (name) => name.startsWith("teavm");

const IN = 1;
const OUT = 2;

/** A buffer argument of RvfRuntime.call: copied into a fresh block (IN) or read back after success (OUT). */
class BufferArg {
  constructor(kind, byteLength, bytes, Type) {
    this.kind = kind;
    this.byteLength = byteLength;
    this.bytes = bytes;
    this.Type = Type;
  }
}

/** An input buffer for RvfRuntime.call: its bytes are copied into a block; the block's pointer is passed. */
function input(data) {
  let bytes;
  if (ArrayBuffer.isView(data)) {
    bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } else if (data instanceof ArrayBuffer) {
    bytes = new Uint8Array(data);
  } else {
    throw new RvfError("INVALID_ARGUMENT", `expected a typed array or ArrayBuffer, not ${describe(data)}`);
  }
  return new BufferArg(IN, bytes.byteLength, bytes, null);
}

/** An output buffer for RvfRuntime.call: `length` elements of `Type`, copied out after a successful call. */
function output(Type, length) {
  if (!Number.isSafeInteger(length) || length < 0 || !Number.isInteger(Type?.BYTES_PER_ELEMENT)) {
    throw new RvfError("INVALID_ARGUMENT", `output needs a typed array type and a length >= 0, not `
      + `${describe(Type)} x ${length}`);
  }
  return new BufferArg(OUT, length * Type.BYTES_PER_ELEMENT, null, Type);
}

class RvfRuntime {
  #buffer = null;
  #views = new Map();

  constructor(memory, compiledBy, stringBuiltins) {
    this.memory = memory;
    /** "module" (given precompiled), "bytes" or "streaming". */
    this.compiledBy = compiledBy;
    /** Whether the engine supplied wasm:js-string (else the polyfill serves it). */
    this.stringBuiltins = stringBuiltins;
    /** How often the module reported heap growth. */
    this.resizes = 0;
    this.exports = null;
    this.instance = null;
  }

  attach(wasmInstance) {
    const exports = {};
    for (const [name, value] of Object.entries(wasmInstance.exports)) {
      if (!isTeaVmExport(name)) {
        exports[name] = value;
      }
    }
    this.exports = Object.freeze(exports);
    this.instance = Object.freeze({ exports: this.exports, memory: this.memory });
  }

  /** notifyHeapResized: growth detached the old ArrayBuffer, so every cached view is stale. */
  memoryGrew() {
    this.resizes++;
    this.#views.clear();
    this.#buffer = null;
  }

  /** A view of the whole linear memory, re-created after growth (also checked on every use). */
  view(Type) {
    const buffer = this.memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      this.#views.clear();
    }
    let view = this.#views.get(Type);
    if (view === undefined) {
      view = new Type(buffer);
      this.#views.set(Type, view);
    }
    return view;
  }

  get u8() {
    return this.view(Uint8Array);
  }

  /** The module's last error message ("" if none). */
  lastErrorMessage() {
    const { rvf_last_error: lastError, rvf_alloc: alloc, rvf_free: free } = this.exports;
    const length = lastError(0, 0);
    if (length <= 0) {
      return "";
    }
    const ptr = alloc(length);
    if (ptr < 0) {
      return `(the message of ${length} bytes could not be read: rvf_alloc returned ${ptr})`;
    }
    try {
      const written = lastError(ptr, length);
      return new TextDecoder().decode(this.u8.subarray(ptr, ptr + Math.min(written, length)));
    } finally {
      free(ptr);
    }
  }

  /** The RvfError for a negative status, with the module's message. */
  errorFor(status) {
    return errorForStatus(status, this.lastErrorMessage());
  }

  /** A block of `size` bytes (at least 1) from rvf_alloc; throws RvfError when the module refuses. */
  alloc(size) {
    const ptr = this.#invoke("rvf_alloc", [Math.max(size, 1)]);
    if (ptr < 0) {
      throw this.errorFor(ptr);
    }
    return ptr;
  }

  /**
   * Calls export `name`. Arguments made by input() are copied into fresh blocks and output() ones get fresh
   * blocks; each is passed as its pointer, other arguments as they are. A negative status throws RvfError with
   * the module's message; otherwise resolves to the status and a copy of every output, in argument order.
   * Every block is freed, whatever happens.
   */
  call(name, ...args) {
    const blocks = [];
    let failed = true;
    try {
      const outputs = [];
      const values = args.map((arg) => {
        if (!(arg instanceof BufferArg)) {
          return arg;
        }
        const ptr = this.alloc(arg.byteLength);
        blocks.push(ptr);
        if (arg.kind === IN) {
          this.u8.set(arg.bytes, ptr);
        } else {
          outputs.push([arg, ptr]);
        }
        return ptr;
      });
      const status = this.#invoke(name, values);
      if (status < 0) {
        throw this.errorFor(status);
      }
      const buffer = this.memory.buffer;
      const copies = outputs.map(([arg, ptr]) => new arg.Type(buffer.slice(ptr, ptr + arg.byteLength)));
      const result = { status, outputs: copies };
      failed = false;
      return result;
    } finally {
      this.#freeAll(blocks, failed);
    }
  }

  #freeAll(blocks, failed) {
    let leak = null;
    for (const ptr of blocks) {
      const status = this.exports.rvf_free(ptr);
      if (status < 0 && leak === null) {
        leak = errorForStatus(status, `rvf_free(${ptr}) failed after a call: ${this.lastErrorMessage()}`);
      }
    }
    // A block the glue allocated that cannot be freed is a bug; report it unless a failure is already thrown.
    if (leak !== null && !failed) {
      throw leak;
    }
  }

  #invoke(name, values) {
    const fn = this.exports[name];
    if (typeof fn !== "function") {
      throw new RvfError("UNSUPPORTED", `rvf.wasm has no export ${name}`);
    }
    try {
      return fn(...values);
    } catch (cause) {
      // A trap or an escaped Java exception: a bug in the module, never an expected outcome.
      throw new RvfError("INTERNAL", `rvf.wasm failed inside ${name}: ${cause?.message ?? cause}`, { cause });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Encodings shared with the Java core (dev.rvf.filter.MetadataCodec / FilterCodec; docs/ABI.md)

const utf8 = new TextEncoder();
const VALUE_STRING = 1;
const VALUE_NUMBER = 2;
const VALUE_BOOLEAN = 3;

/** A little-endian byte builder for the ABI's encodings. */
class Bytes {
  #buf = new Uint8Array(64);
  #view = new DataView(this.#buf.buffer);
  length = 0;

  #room(n) {
    if (this.length + n > this.#buf.length) {
      const bigger = new Uint8Array(Math.max(this.#buf.length * 2, this.length + n));
      bigger.set(this.#buf.subarray(0, this.length));
      this.#buf = bigger;
      this.#view = new DataView(bigger.buffer);
    }
  }

  u8(v) {
    this.#room(1);
    this.#buf[this.length++] = v;
    return this;
  }

  u16(v) {
    this.#room(2);
    this.#view.setUint16(this.length, v, true);
    this.length += 2;
    return this;
  }

  u32(v) {
    this.#room(4);
    this.#view.setUint32(this.length, v, true);
    this.length += 4;
    return this;
  }

  f64(v) {
    this.#room(8);
    this.#view.setFloat64(this.length, v, true);
    this.length += 8;
    return this;
  }

  string(s) {
    const bytes = utf8.encode(s);
    this.u32(bytes.length);
    this.#room(bytes.length);
    this.#buf.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  value(v, where) {
    if (typeof v === "string") {
      return this.u8(VALUE_STRING).string(v);
    }
    if (typeof v === "number" || typeof v === "bigint") {
      const n = Number(v);
      if (Number.isNaN(n)) {
        throw new RvfError("INVALID_ARGUMENT", `${where}: NaN is not a metadata value`);
      }
      return this.u8(VALUE_NUMBER).f64(n);
    }
    if (typeof v === "boolean") {
      return this.u8(VALUE_BOOLEAN).u8(v ? 1 : 0);
    }
    throw new RvfError("INVALID_ARGUMENT", `${where}: a metadata value must be a string, number or boolean, `
      + `not ${describe(v)}`);
  }

  toUint8Array() {
    return this.#buf.slice(0, this.length);
  }
}

/** `u32 rowCount, rows` with a row = `u16 fieldCount, (str name, value)*` (MetadataCodec's row encoding). */
function encodeMetadata(rows, count) {
  if (!Array.isArray(rows) || rows.length !== count) {
    throw new RvfError("INVALID_ARGUMENT", `metadata must be an array with one object per vector (${count}), `
      + `not ${Array.isArray(rows) ? `${rows.length} entries` : describe(rows)}`);
  }
  const out = new Bytes().u32(count);
  rows.forEach((row, i) => {
    if (row === null || row === undefined) {
      out.u16(0);
      return;
    }
    if (typeof row !== "object" || Array.isArray(row)) {
      throw new RvfError("INVALID_ARGUMENT", `metadata[${i}] must be a plain object, not ${describe(row)}`);
    }
    const entries = Object.entries(row).filter(([, v]) => v !== undefined && v !== null);
    if (entries.length > 0xffff) {
      throw new RvfError("INVALID_ARGUMENT", `metadata[${i}] has more than 65535 fields`);
    }
    out.u16(entries.length);
    for (const [name, value] of entries) {
      if (name.length === 0) {
        throw new RvfError("INVALID_ARGUMENT", `metadata[${i}] has an empty field name`);
      }
      out.string(name).value(value, `metadata[${i}].${name}`);
    }
  });
  return out.toUint8Array();
}

const FILTER_OPS = Object.freeze({ eq: 1, ne: 2, lt: 3, le: 4, gt: 5, ge: 6, in: 7, range: 8, and: 9, or: 10,
  not: 11 });

/** A value of the reference SDK's typed form (`valueType` + string value) or a plain JS value. */
function filterValue(value, valueType, where) {
  if (valueType === undefined || valueType === null) {
    return value;
  }
  switch (String(valueType).toLowerCase()) {
    case "string":
      return String(value);
    case "bool":
    case "boolean":
      return value === true || value === "true";
    case "u64":
    case "i64":
    case "f64":
    case "number": {
      const n = typeof value === "string" ? Number(value.trim()) : Number(value);
      if (Number.isNaN(n) || (typeof value === "string" && value.trim() === "")) {
        throw new RvfError("INVALID_ARGUMENT", `${where}: "${value}" is not a ${valueType}`);
      }
      return n;
    }
    default:
      throw new RvfError("INVALID_ARGUMENT", `${where}: unknown valueType "${valueType}"`);
  }
}

/** FilterCodec's binary form of a filter object (see RvfFilter in rvf.d.ts). */
function encodeFilter(filter) {
  const out = new Bytes();
  writeFilter(out, typeof filter === "string" ? parseFilterJson(filter) : filter, "filter", 0);
  return out.toUint8Array();
}

function parseFilterJson(text) {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RvfError("INVALID_ARGUMENT", `filter is not valid JSON: ${cause.message}`, { cause });
  }
}

function writeFilter(out, f, where, depth) {
  if (depth > 64) {
    throw new RvfError("LIMIT_EXCEEDED", "filter nested deeper than 64");
  }
  if (f === null || typeof f !== "object" || Array.isArray(f)) {
    throw new RvfError("INVALID_ARGUMENT", `${where} must be an object like { op: "eq", field, value }, `
      + `not ${describe(f)}`);
  }
  const op = String(f.op ?? "").toLowerCase();
  const code = FILTER_OPS[op];
  if (code === undefined) {
    throw new RvfError("INVALID_ARGUMENT", `${where}: unknown op "${f.op}" (expected one of `
      + `${Object.keys(FILTER_OPS).join(", ")})`);
  }
  out.u8(code);
  if (op === "and" || op === "or") {
    const children = f.exprs ?? f.children;
    if (!Array.isArray(children)) {
      throw new RvfError("INVALID_ARGUMENT", `${where}: "${op}" needs an array "exprs"`);
    }
    out.u32(children.length);
    children.forEach((c, i) => writeFilter(out, c, `${where}.exprs[${i}]`, depth + 1));
    return;
  }
  if (op === "not") {
    writeFilter(out, f.expr ?? f.child, `${where}.expr`, depth + 1);
    return;
  }
  const field = f.field ?? (f.fieldId === undefined ? undefined : String(f.fieldId));
  if (typeof field !== "string" || field.length === 0) {
    throw new RvfError("INVALID_ARGUMENT", `${where}: "${op}" needs a field name ("field" or "fieldId")`);
  }
  out.string(field);
  if (op === "in") {
    if (!Array.isArray(f.values)) {
      throw new RvfError("INVALID_ARGUMENT", `${where}: "in" needs an array "values"`);
    }
    out.u32(f.values.length);
    f.values.forEach((v, i) => out.value(filterValue(v, f.valueType, where), `${where}.values[${i}]`));
  } else if (op === "range") {
    out.value(filterValue(f.low, f.valueType, where), `${where}.low`);
    out.value(filterValue(f.high, f.valueType, where), `${where}.high`);
  } else {
    out.value(filterValue(f.value, f.valueType, where), `${where}.value`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// RvfStore: the synchronous object API over the control-plane exports (docs/ABI.md)

const METRIC_CODES = Object.freeze({ l2: 0, euclidean: 0, dotproduct: 1, dot: 1, inner_product: 1, ip: 1,
  cosine: 2 });
const METRIC_NAMES = ["l2", "dotproduct", "cosine"];
const SEGMENT_NAMES = new Map([[0x00, "invalid"], [0x01, "vec"], [0x02, "index"], [0x03, "overlay"],
  [0x04, "journal"], [0x05, "manifest"], [0x06, "quant"], [0x07, "meta"], [0x08, "hot"], [0x09, "sketch"],
  [0x0a, "witness"], [0x0b, "profile"], [0x0c, "crypto"], [0x0d, "meta_idx"], [0x0e, "kernel"], [0x0f, "ebpf"],
  [0x20, "cow_map"], [0x22, "membership"]]);
const INDEX_STATES = ["empty", "built", "loaded", "pending"];
const HASH_STATUSES = ["ok", "mismatch", "unset"];
/** dev.rvf.store.DerivationType: name -> the reference's code. */
const DERIVATION_TYPES = Object.freeze({ clone: 0, filter: 1, merge: 2, quantize: 3, reindex: 4, transform: 5,
  snapshot: 6, user_defined: 255 });
const I32_MAX = 2 ** 31 - 1;
const U32_MAX = 2 ** 32 - 1;
const SEGMENT_KERNEL = 0x0e;
const SEGMENT_EBPF = 0x0f;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const U64_MAX = (1n << 64n) - 1n;

function runtimeOrThrow() {
  if (active === null) {
    throw new RvfError("UNSUPPORTED", "rvf.wasm is not loaded yet: `await init()` before using RvfStore");
  }
  return active;
}

/** An integer in [min, max] for an i32/u32 parameter; anything else (1.5, NaN, "3", 2^40) is INVALID_ARGUMENT. */
function integer(value, what, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RvfError("INVALID_ARGUMENT", `${what} must be an integer in ${min}..${max}, not `
      + `${typeof value === "number" ? value : describe(value)}`);
  }
  return value;
}

function derivationCode(type) {
  if (typeof type === "string") {
    const code = DERIVATION_TYPES[type.toLowerCase()];
    if (code === undefined) {
      throw new RvfError("INVALID_ARGUMENT", `unknown derivation type "${type}" (expected one of `
        + `${Object.keys(DERIVATION_TYPES).join(", ")} or its code)`);
    }
    return code;
  }
  return integer(type, "derivationType", 0, 255);
}

function metricCode(metric) {
  const code = METRIC_CODES[String(metric ?? "l2").toLowerCase()];
  if (code === undefined) {
    throw new RvfError("INVALID_ARGUMENT", `unknown metric "${metric}" (expected "l2", "cosine" or "dotproduct"; `
      + `"inner_product" and "ip" are accepted too)`);
  }
  return code;
}

function toId(v, where) {
  if (typeof v === "bigint") {
    if (v < 0n || v > U64_MAX) {
      throw new RvfError("INVALID_ARGUMENT", `${where}: id ${v} is outside 0..2^64-1`);
    }
    return v;
  }
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) {
    return BigInt(v);
  }
  throw new RvfError("INVALID_ARGUMENT", `${where}: an id must be a non-negative integer (a number up to 2^53-1 `
    + `or a bigint), not ${typeof v === "number" ? v : describe(v)}`);
}

/** ids as a BigUint64Array: one number/bigint, an array of them, or a BigUint64Array. */
function toIds(ids) {
  if (ids instanceof BigUint64Array) {
    return ids;
  }
  if (typeof ids === "number" || typeof ids === "bigint") {
    return BigUint64Array.of(toId(ids, "ids"));
  }
  if (Array.isArray(ids) || ArrayBuffer.isView(ids)) {
    const out = new BigUint64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      out[i] = toId(ids[i], `ids[${i}]`);
    }
    return out;
  }
  throw new RvfError("INVALID_ARGUMENT", `ids must be a number, a bigint, an array of them or a BigUint64Array, `
    + `not ${describe(ids)}`);
}

/** An id read back from the module: a number when exact, else a bigint. */
function fromId(u64) {
  return u64 <= MAX_SAFE ? Number(u64) : u64;
}

/** Vectors as one Float32Array of count*dim: a flat Float32Array/number array, or an array of vectors. */
function toVectors(vectors, count, dim) {
  let flat;
  if (vectors instanceof Float32Array) {
    flat = vectors;
  } else if (Array.isArray(vectors) && vectors.length > 0 && typeof vectors[0] === "object") {
    flat = new Float32Array(vectors.length * dim);
    vectors.forEach((v, i) => {
      if (v?.length !== dim) {
        throw new RvfError("DIMENSION_MISMATCH", `vector ${i} has ${v?.length} dimensions, store has ${dim}`);
      }
      flat.set(v, i * dim);
    });
  } else if (Array.isArray(vectors) || ArrayBuffer.isView(vectors)) {
    flat = Float32Array.from(vectors);
  } else {
    throw new RvfError("INVALID_ARGUMENT", `vectors must be a Float32Array or an array of vectors, not `
      + `${describe(vectors)}`);
  }
  if (flat.length !== count * dim) {
    throw new RvfError("DIMENSION_MISMATCH", `${flat.length} floats for ${count} ids of ${dim} dimensions `
      + `(expected ${count * dim})`);
  }
  return flat;
}

function toQuery(vector, dim) {
  const q = vector instanceof Float32Array ? vector : Float32Array.from(vector ?? []);
  if (q.length !== dim) {
    throw new RvfError("DIMENSION_MISMATCH", `query vector has ${q.length} dimensions, store has ${dim}`);
  }
  return q;
}

function bytesOf(data, what) {
  if (data === undefined || data === null) {
    return new Uint8Array(0);
  }
  if (typeof data === "string") {
    return utf8.encode(data);
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  throw new RvfError("INVALID_ARGUMENT", `${what} must be bytes (Uint8Array, ArrayBuffer) or a string, not `
    + `${describe(data)}`);
}

/** Whether the segment magic ("SFVR") occurs anywhere: without it the module's parser finds no segment at all. */
function hasSegmentMagic(data) {
  for (let at = data.indexOf(0x53); at >= 0 && at + 3 < data.length; at = data.indexOf(0x53, at + 1)) {
    if (data[at + 1] === 0x46 && data[at + 2] === 0x56 && data[at + 3] === 0x52) {
      return true;
    }
  }
  return false;
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * One vector store inside rvf.wasm. Create with RvfStore.create() or RvfStore.open() after `await init()`; every
 * method is synchronous. close() (or `using`) releases it; any call after that throws RvfError CLOSED.
 */
export class RvfStore {
  #rt;
  #handle;
  #dimension;
  #metric;
  /** Live vectors, refreshed after every change: sizes the result buffer of query(). */
  #live = 0;

  /** @internal use RvfStore.create / RvfStore.open / derive */
  constructor(runtime, handle) {
    this.#rt = runtime;
    this.#handle = handle;
    const { dimension, metric } = this.status();
    this.#dimension = dimension;
    this.#metric = metric;
  }

  /** A new empty store. */
  static create(dimension, metric = "l2", options = {}) {
    const rt = runtimeOrThrow();
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > 65535) {
      throw new RvfError("INVALID_ARGUMENT", `dimension must be an integer in 1..65535, not ${dimension}`);
    }
    const code = metricCode(metric);
    const opts = new Uint32Array(6);
    opts[0] = integer(options.m ?? 0, "m", 0, U32_MAX);
    opts[1] = integer(options.efConstruction ?? 0, "efConstruction", 0, U32_MAX);
    opts[2] = integer(options.efSearch ?? 0, "efSearch", 0, U32_MAX);
    opts[3] = options.sq8 ? 1 : 0;
    opts[4] = integer(options.profile ?? 0, "profile", 0, U32_MAX);
    const { status } = rt.call("rvf_create", dimension, code, input(opts), opts.byteLength);
    return new RvfStore(rt, status);
  }

  /** A store from the bytes of a .rvf file (any file the reference writes). */
  static open(bytes, options = {}) {
    const rt = runtimeOrThrow();
    const data = bytesOf(bytes, "bytes");
    if (data.length === 0) {
      throw new RvfError("TRUNCATED", "cannot open an empty file");
    }
    if (!hasSegmentMagic(data)) {
      // The module would answer NO_MANIFEST too, but only after copying every byte into its memory (which never
      // shrinks) and scanning them: a large file of anything else must not cost its size in Wasm memory.
      throw new RvfError("NO_MANIFEST", `no manifest found - the ${data.length} bytes hold no segment header, so `
        + "they are not a .rvf file");
    }
    const { status } = rt.call("rvf_open", input(data), data.length, options.readOnly ? 1 : 0);
    return new RvfStore(rt, status);
  }

  #h() {
    if (this.#handle === 0) {
      throw new RvfError("CLOSED", "this RvfStore is closed");
    }
    return this.#handle;
  }

  /** Calls an export that hands over a block (`{u32 ptr, u32 len}` slot); returns a copy of its bytes, or null. */
  #takeBlock(name, ...args) {
    const { status, outputs } = this.#rt.call(name, ...args, output(Uint32Array, 2));
    const [ptr, len] = outputs[0];
    if (status === 0 || len === 0) {
      if (ptr !== 0) {
        this.#rt.exports.rvf_free(ptr);
      }
      return null;
    }
    try {
      return this.#rt.memory.buffer.slice(ptr, ptr + len);
    } finally {
      this.#rt.exports.rvf_free(ptr);
    }
  }

  /** Vector dimension (1..65535). */
  get dimension() {
    return this.#dimension;
  }

  /** "l2", "dotproduct" or "cosine". */
  get metric() {
    return this.#metric;
  }

  /** Whether close() was called. */
  get closed() {
    return this.#handle === 0;
  }

  /** Adds vectors (a re-used id replaces the stored vector and metadata). */
  ingest(vectors, ids, metadata) {
    const h = this.#h();
    const idArray = toIds(ids);
    const flat = toVectors(vectors, idArray.length, this.#dimension);
    const meta = metadata === undefined || metadata === null ? null : encodeMetadata(metadata, idArray.length);
    if (idArray.length === 0) {
      return { accepted: 0, rejected: 0, epoch: this.status().epoch };
    }
    const { outputs } = this.#rt.call("rvf_ingest", h, input(flat), idArray.length, input(idArray),
      meta === null ? 0 : input(meta), meta === null ? 0 : meta.length, output(BigUint64Array, 2));
    const out = outputs[0];
    this.status();
    return { accepted: Number(out[0] & 0xffffffffn), rejected: Number(out[0] >> 32n), epoch: Number(out[1]) };
  }

  /**
   * The k nearest stored vectors, nearest first: `[{ id, distance }]`. options: `efSearch` (beam width),
   * `exact` (brute force), `filter` (metadata filter object).
   */
  query(vector, k, options = {}) {
    const h = this.#h();
    const q = toQuery(vector, this.#dimension);
    if (!Number.isSafeInteger(k) || k < 1) {
      throw new RvfError("INVALID_ARGUMENT", `k must be a positive integer, not ${k}`);
    }
    const efSearch = integer(options.efSearch ?? 0, "efSearch", 0, I32_MAX);
    const filter = options.filter === undefined || options.filter === null ? null : encodeFilter(options.filter);
    // min(k, live) bounds the hits (a k beyond i32 asks for every vector all the same)
    const kk = Math.min(k, I32_MAX);
    const cap = Math.min(kk, Math.max(1, this.#live));
    const { status, outputs } = this.#rt.call("rvf_query", h, input(q), q.length, kk, efSearch,
      options.exact ? 1 : 0, filter === null ? 0 : input(filter), filter === null ? 0 : filter.length,
      output(BigUint64Array, cap * 2), cap);
    const raw = outputs[0];
    const distances = new Float32Array(raw.buffer);
    const hits = new Array(status);
    for (let i = 0; i < status; i++) {
      hits[i] = { id: fromId(raw[i * 2]), distance: distances[i * 4 + 2] };
    }
    return hits;
  }

  /** Soft-deletes ids; `{ deleted, epoch }`. */
  delete(ids) {
    const h = this.#h();
    const idArray = toIds(ids);
    if (idArray.length === 0) {
      return { deleted: 0, epoch: this.status().epoch };
    }
    const { outputs } = this.#rt.call("rvf_delete", h, input(idArray), idArray.length, output(BigUint64Array, 2));
    this.status();
    return { deleted: Number(outputs[0][0] & 0xffffffffn), epoch: Number(outputs[0][1]) };
  }

  /** Soft-deletes every vector whose metadata matches the filter; `{ deleted, epoch }`. */
  deleteByFilter(filter) {
    const h = this.#h();
    const f = encodeFilter(filter);
    const { outputs } = this.#rt.call("rvf_delete_by_filter", h, input(f), f.length, output(BigUint64Array, 2));
    this.status();
    return { deleted: Number(outputs[0][0] & 0xffffffffn), epoch: Number(outputs[0][1]) };
  }

  /** Drops deleted vectors for good; `{ segmentsCompacted, bytesReclaimed, epoch }`. */
  compact() {
    const { outputs } = this.#rt.call("rvf_compact", this.#h(), output(BigUint64Array, 3));
    const out = outputs[0];
    this.status();
    return { segmentsCompacted: Number(out[0] & 0xffffffffn), bytesReclaimed: Number(out[1]),
      epoch: Number(out[2]) };
  }

  /** A snapshot of the store, with the reference SDK's field names. */
  status() {
    const { outputs } = this.#rt.call("rvf_status", this.#h(), output(Uint8Array, 96));
    const v = new DataView(outputs[0].buffer);
    const flags = v.getUint32(52, true);
    this.#live = Number(v.getBigUint64(0, true));
    const epoch = Number(v.getBigUint64(8, true));
    const fileSizeBytes = Number(v.getBigUint64(16, true));
    return {
      totalVectors: Number(v.getBigUint64(0, true)),
      dimension: v.getUint32(40, true),
      metric: METRIC_NAMES[v.getUint32(44, true)],
      epoch,
      currentEpoch: epoch,
      totalSegments: v.getUint32(48, true),
      fileSizeBytes,
      fileSize: fileSizeBytes,
      deletedVectors: Number(v.getBigUint64(24, true)),
      deadSpaceRatio: v.getFloat64(32, true),
      readOnly: (flags & 1) !== 0,
      profileId: v.getUint32(56, true),
      storedRecords: v.getUint32(84, true),
      index: {
        kind: "hnsw",
        state: INDEX_STATES[v.getUint32(60, true)] ?? "unknown",
        nodes: v.getUint32(64, true),
        loadedNodes: v.getUint32(68, true),
        pendingRecords: v.getUint32(88, true),
        m: v.getUint32(72, true),
        efConstruction: v.getUint32(76, true),
        efSearch: v.getUint32(80, true),
        sq8: (flags & 2) !== 0,
        persisted: (flags & 4) !== 0,
      },
    };
  }

  /** The segments of the store's file, in file order: `[{ id, offset, payloadLength, segType, hashStatus, hashOk }]`. */
  segments() {
    const h = this.#h();
    const count = this.#rt.call("rvf_segments", h, 0, 0).status;
    if (count === 0) {
      return [];
    }
    const { status, outputs } = this.#rt.call("rvf_segments", h, output(Uint8Array, count * 32), count);
    const v = new DataView(outputs[0].buffer);
    const out = [];
    for (let i = 0; i < status; i++) {
      const at = i * 32;
      const type = v.getUint8(at + 24);
      out.push({
        id: Number(v.getBigUint64(at + 8, true)),
        offset: Number(v.getBigUint64(at, true)),
        payloadLength: Number(v.getBigUint64(at + 16, true)),
        segType: SEGMENT_NAMES.get(type) ?? `unknown(0x${type.toString(16).toUpperCase().padStart(2, "0")})`,
        hashStatus: HASH_STATUSES[v.getUint8(at + 25)] ?? "unset",
        hashOk: v.getUint8(at + 25) !== 1,
      });
    }
    return out;
  }

  /** The store as the bytes of a .rvf file, which the reference implementation opens. */
  export() {
    return new Uint8Array(this.#takeBlock("rvf_export", this.#h()) ?? new ArrayBuffer(0));
  }

  /**
   * A new empty child store with this store as its lineage parent (same dimension, metric and options). The
   * derivation type (a name such as "snapshot", or the reference's code) is not stored in the file, as in the
   * reference.
   */
  derive(derivationType = "clone") {
    const { status } = this.#rt.call("rvf_derive", this.#h(), derivationCode(derivationType));
    return new RvfStore(this.#rt, status);
  }

  #lineage() {
    const { outputs } = this.#rt.call("rvf_lineage", this.#h(), output(Uint8Array, 72));
    const b = outputs[0];
    return { fileId: hex(b.subarray(0, 16)), parentId: hex(b.subarray(16, 32)), parentHash: hex(b.subarray(32, 64)),
      depth: new DataView(b.buffer).getUint32(64, true) };
  }

  /** This file's id, 32 hex characters. */
  fileId() {
    return this.#lineage().fileId;
  }

  /** The parent's file id (all zeros for a root). */
  parentId() {
    return this.#lineage().parentId;
  }

  /** 0 for a root, parent's depth + 1 for a derived store. */
  lineageDepth() {
    return this.#lineage().depth;
  }

  /** Embeds a kernel image (KERNEL segment, reference layout); returns its segment id. */
  embedKernel(arch, kernelType, flags, image, apiPort = 0, cmdline) {
    const h = this.#h();
    const img = bytesOf(image, "image");
    const cmd = bytesOf(cmdline, "cmdline");
    const { status } = this.#rt.call("rvf_embed_kernel", h, integer(arch, "arch", 0, 255),
      integer(kernelType, "kernelType", 0, 255), integer(flags ?? 0, "flags", 0, U32_MAX) | 0, input(img),
      img.length, integer(apiPort, "apiPort", 0, 65535), cmd.length === 0 ? 0 : input(cmd), cmd.length);
    return status > 0 ? status : this.#lastSegmentId(SEGMENT_KERNEL);
  }

  /** The id of the last segment of a type, for segment ids the ABI cannot return (beyond i32). */
  #lastSegmentId(type) {
    const name = SEGMENT_NAMES.get(type);
    return this.segments().filter((s) => s.segType === name).at(-1)?.id ?? 0;
  }

  /** `{ header, image }` of the first embedded kernel (image = image bytes then cmdline), or null. */
  extractKernel() {
    const bytes = this.#takeBlock("rvf_extract_kernel", this.#h());
    return bytes === null ? null
      : { header: new Uint8Array(bytes, 0, 128), image: new Uint8Array(bytes, 128) };
  }

  /** Embeds an eBPF program (EBPF segment, reference layout); returns its segment id. */
  embedEbpf(programType, attachType, maxDimension, bytecode, btf) {
    this.#h();
    const prog = bytesOf(bytecode, "bytecode");
    const extra = bytesOf(btf, "btf");
    const { status } = this.#rt.call("rvf_embed_ebpf", this.#h(), integer(programType, "programType", 0, 255),
      integer(attachType, "attachType", 0, 255), integer(maxDimension, "maxDimension", 0, 65535), input(prog),
      prog.length, extra.length === 0 ? 0 : input(extra), extra.length);
    return status > 0 ? status : this.#lastSegmentId(SEGMENT_EBPF);
  }

  /** `{ header, payload }` of the first embedded eBPF program (payload = program then BTF), or null. */
  extractEbpf() {
    const bytes = this.#takeBlock("rvf_extract_ebpf", this.#h());
    return bytes === null ? null
      : { header: new Uint8Array(bytes, 0, 64), payload: new Uint8Array(bytes, 64) };
  }

  /** Checks the witness chain in the file: `{ valid, entries, geneses, error? }`. */
  verifyWitness() {
    const { outputs } = this.#rt.call("rvf_verify_witness", this.#h(), output(Uint8Array, 24));
    const v = new DataView(outputs[0].buffer);
    const valid = v.getUint32(0, true) === 1;
    const result = { valid, entries: v.getUint32(4, true), geneses: v.getUint32(8, true) };
    if (!valid) {
      result.error = `witness entry ${v.getInt32(12, true)} at byte ${Number(v.getBigUint64(16, true))} does not `
        + "chain to the previous one";
    }
    return result;
  }

  /** The metadata stored with `id`, or null. */
  metadata(id) {
    const key = BigUint64Array.of(toId(id, "id"));
    const bytes = this.#takeBlock("rvf_metadata_get", this.#h(), input(key));
    return bytes === null ? null : decodeRow(new DataView(bytes), 0).row;
  }

  /** Releases the store; later calls throw RvfError CLOSED. Closing twice is harmless. */
  close() {
    if (this.#handle !== 0) {
      const h = this.#handle;
      this.#handle = 0;
      this.#rt.call("rvf_close", h);
    }
  }

  // Symbol.dispose is missing in older engines: `using` needs it, close() works everywhere.
  [Symbol.dispose ?? Symbol.for("Symbol.dispose")]() {
    this.close();
  }
}

const utf8Decoder = new TextDecoder();

/** Reads one MetadataCodec row at `at`; returns it and the offset after it. */
function decodeRow(v, at) {
  const fields = v.getUint16(at, true);
  at += 2;
  const row = {};
  for (let i = 0; i < fields; i++) {
    const nameLength = v.getUint32(at, true);
    const name = utf8Decoder.decode(new Uint8Array(v.buffer, v.byteOffset + at + 4, nameLength));
    at += 4 + nameLength;
    const kind = v.getUint8(at++);
    if (kind === VALUE_STRING) {
      const length = v.getUint32(at, true);
      row[name] = utf8Decoder.decode(new Uint8Array(v.buffer, v.byteOffset + at + 4, length));
      at += 4 + length;
    } else if (kind === VALUE_NUMBER) {
      row[name] = v.getFloat64(at, true);
      at += 8;
    } else {
      row[name] = v.getUint8(at++) !== 0;
    }
  }
  return { row, at };
}

/**
 * Not public API: the building blocks of the store API, exported for this package's own tests. They may change
 * in any release.
 */
export const _internal = Object.freeze({
  /** A fresh runtime that init() does not share (tests). */
  load,
  /** The runtime behind init(), or null before it resolved. */
  runtime: () => active,
  input,
  output,
  encodeFilter,
  encodeMetadata,
  decodeRow: (bytes) => decodeRow(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0).row,
});
