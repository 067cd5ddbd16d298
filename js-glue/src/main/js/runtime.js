// Loading rvf.wasm (Java compiled by TeaVM 0.15 to Wasm GC, C-style ABI): init(), the imports the module needs,
// and RvfRuntime, the one instance with its memory views and the checked call helper the object API is built on.

import { RvfError, errorForStatus } from "./errors.js";

const PAGE = 65536;
/** Memory ceiling: the module caps live blocks at 1 GiB; the remaining 128 MiB cover allocator overhead. */
const MAX_MEMORY_PAGES = (1024 + 128) * 16;
/** Where the engine supports the js-string builtins they replace the JS polyfill below; others ignore this. */
const COMPILE_OPTIONS = { builtins: ["js-string"] };

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
export let active = null;

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
export async function load(input) {
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

export function hasFileSystem() {
  return typeof globalThis.Deno?.version === "object" || typeof globalThis.process?.versions?.node === "string";
}

export function describe(value) {
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
const IN_ADOPTED = 3;

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
export function input(data) {
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

/**
 * An input buffer the export takes over when it succeeds (rvf_open with its adopt flag keeps the file where it was
 * copied instead of copying it again): freed after the call only if the call failed.
 */
export function adoptedInput(data) {
  const arg = input(data);
  arg.kind = IN_ADOPTED;
  return arg;
}

/** An output buffer for RvfRuntime.call: `length` elements of `Type`, copied out after a successful call. */
export function output(Type, length) {
  if (!Number.isSafeInteger(length) || length < 0 || !Number.isInteger(Type?.BYTES_PER_ELEMENT)) {
    throw new RvfError("INVALID_ARGUMENT", `output needs a typed array type and a length >= 0, not `
      + `${describe(Type)} x ${length}`);
  }
  return new BufferArg(OUT, length * Type.BYTES_PER_ELEMENT, null, Type);
}

class RvfRuntime {
  #buffer = null;
  #views = new Map();
  #scratch = 0;
  #scratchSize = 0;

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
    if (size > 2 ** 31 - 1) {
      // rvf_alloc takes an i32: a larger size would wrap around (and no block may exceed 1 GiB anyway)
      throw new RvfError("OUT_OF_MEMORY", `cannot allocate ${size} bytes in the module (blocks are at most 1 GiB)`);
    }
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
    const adopted = [];
    let failed = true;
    try {
      const outputs = [];
      const values = args.map((arg) => {
        if (!(arg instanceof BufferArg)) {
          return arg;
        }
        const ptr = this.alloc(arg.byteLength);
        blocks.push(ptr);
        if (arg.kind === IN || arg.kind === IN_ADOPTED) {
          this.u8.set(arg.bytes, ptr);
          if (arg.kind === IN_ADOPTED) {
            adopted.push(ptr);
          }
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
      this.#freeAll(failed ? blocks : blocks.filter((ptr) => !adopted.includes(ptr)), failed);
    }
  }

  /**
   * Calls export `name` with plain arguments (pointers into blocks the caller holds); a negative status throws
   * RvfError with the module's message. Returns the status.
   */
  callRaw(name, ...values) {
    const status = this.#invoke(name, values);
    if (status < 0) {
      throw this.errorFor(status);
    }
    return status;
  }

  /**
   * An 8-byte aligned block of at least `size` bytes, kept between calls for the per-query path (RvfStore.query):
   * a query then allocates and frees nothing in the module. Valid until the next scratch() call.
   */
  scratch(size) {
    if (size + 8 > this.#scratchSize) {
      if (this.#scratch !== 0) {
        this.exports.rvf_free(this.#scratch);
        this.#scratch = 0;
        this.#scratchSize = 0;
      }
      const bytes = Math.max(size + 8, 2 * this.#scratchSize, 1024);
      this.#scratch = this.alloc(bytes);
      this.#scratchSize = bytes;
    }
    return (this.#scratch + 7) & ~7;
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
