// Minimal loader for rvf.wasm (TeaVM 0.15, Wasm GC target, C-style exports).
//
// Works where TeaVM's own loader does not (Cloudflare Workers): it accepts a precompiled WebAssembly.Module and
// never evaluates code (no eval / new Function), so it runs inside request handlers too.

const PAGE = 65536;
/** Default memory ceiling: the module caps live blocks at 1 GiB; the rest covers allocator overhead. */
export const DEFAULT_MAX_MEMORY_BYTES = 1024 * 1024 * 1024 + 128 * 1024 * 1024;

/**
 * Instantiates rvf.wasm.
 * @param {WebAssembly.Module | BufferSource} source a compiled module (required in Workers) or the module bytes
 * @param {{maxMemoryBytes?: number}} [options]
 * @returns {Promise<RvfModule>}
 */
export async function loadRvf(source, options = {}) {
  const module = source instanceof WebAssembly.Module
    ? source
    // Engines without the js-string builtins ignore the option; the polyfill below then serves those imports.
    : await WebAssembly.compile(source, { builtins: ["js-string"] });
  const required = WebAssembly.Module.imports(module);
  // With the builtins active the engine resolves wasm:js-string itself and no longer lists it as an import.
  const stringBuiltins = !required.some((i) => i.module === "wasm:js-string");

  const { min, dataSize } = memoryRequirements(module);
  const maxPages = Math.ceil((options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES) / PAGE);
  if (maxPages < min + 4 || maxPages > 32768) {
    throw new RangeError(`maxMemoryBytes must cover ${min + 4} to 32768 pages of 64 KiB`);
  }
  const memory = new WebAssembly.Memory({ initial: min, maximum: maxPages });
  const rvf = new RvfModule(memory);

  const imports = {
    env: { memory },
    teavmMemory: {
      // Same rounding as the module's own minimum-size computation, so the initial heap fits in `min` pages.
      heapOffset: new WebAssembly.Global({ value: "i32", mutable: false }, align(dataSize, 256)),
      // The allocator grows in whole pages without checking memory.grow's result: keep its ceiling a few
      // pages below the memory's maximum so every growth it attempts succeeds.
      maxSize: new WebAssembly.Global({ value: "i32", mutable: false }, (maxPages - 3) * PAGE),
      notifyHeapResized: () => rvf.refreshViews(),
    },
    teavm: {
      // Only used when a Java exception is created; stack traces are not needed by the C-style ABI.
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
    .filter(({ module: m, name }) => !(m in imports) || !(name in imports[m]))
    .map(({ module: m, name, kind }) => `${m}.${name} (${kind})`);
  if (missing.length > 0) {
    throw new Error(`rvf.wasm needs imports this loader does not supply: ${missing.join(", ")}`);
  }

  rvf.instance = await WebAssembly.instantiate(module, imports);
  rvf.exports = rvf.instance.exports;
  rvf.stringBuiltins = stringBuiltins;
  return rvf;
}

/** An instance plus views on its linear memory that survive memory growth. */
export class RvfModule {
  #buffer = null;
  #u8;
  #f32;
  #i32;
  /** How often the module reported heap growth. */
  resizes = 0;

  constructor(memory) {
    this.memory = memory;
    this.instance = null;
    this.exports = null;
    this.stringBuiltins = false;
  }

  /** Growth detaches the old ArrayBuffer; views are rebuilt on the module's notice and checked on every use. */
  refreshViews() {
    this.resizes++;
    this.#ensureViews();
  }

  #ensureViews() {
    if (this.#buffer !== this.memory.buffer) {
      this.#buffer = this.memory.buffer;
      this.#u8 = new Uint8Array(this.#buffer);
      this.#f32 = new Float32Array(this.#buffer);
      this.#i32 = new Int32Array(this.#buffer);
    }
  }

  get u8() { this.#ensureViews(); return this.#u8; }
  get f32() { this.#ensureViews(); return this.#f32; }
  get i32() { this.#ensureViews(); return this.#i32; }

  /** The last error message recorded by the module ("" if none). */
  lastError() {
    const e = this.exports;
    const length = e.rvf_last_error(0, 0);
    if (length <= 0) {
      return "";
    }
    const ptr = e.rvf_alloc(length);
    if (ptr < 0) {
      return `(could not read the error message: rvf_alloc returned ${ptr})`;
    }
    try {
      const written = e.rvf_last_error(ptr, length);
      return new TextDecoder().decode(this.u8.subarray(ptr, ptr + written));
    } finally {
      e.rvf_free(ptr);
    }
  }
}

function memoryRequirements(module) {
  const sections = WebAssembly.Module.customSections(module, "teavm.memoryRequirements");
  if (sections.length !== 1) {
    throw new Error("not a TeaVM module: no teavm.memoryRequirements section");
  }
  return JSON.parse(new TextDecoder().decode(sections[0]));
}

function align(value, to) {
  return Math.ceil(value / to) * to;
}

// TeaVM asks JS to build small functions from source text. Building them would need new Function, which
// Workers refuse; the bodies are fixed strings in TeaVM's class library, so they are served from this table.
const KNOWN_FUNCTIONS = new Map([
  ["str\u0000return str;", (str) => str],
]);

function knownFunction(param, body) {
  const fn = KNOWN_FUNCTIONS.get(`${param}\u0000${body}`);
  if (fn === undefined) {
    throw new Error(`rvf.wasm asked for an unknown JS function (${param}) => { ${body} }; add it to loader.mjs`);
  }
  return fn;
}

// wasm:js-string for engines (or Workers' embedded modules) compiled without the builtins. The array variants
// read and write Wasm GC arrays, which JS cannot reach; TeaVM avoids them when stringBuiltinsSupported() is false.
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
