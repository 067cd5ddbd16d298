// Checks of rvf.wasm's raw C-style ABI through `{ exports, memory }` from init(). Plain ES module without
// imports, so the same checks run under node:test (Deno, Node 24), inside workerd and in a Chromium page.
// Every check works on a shared instance: it frees what it allocates and does not rely on earlier state.

// ABI numbers of dev.rvf.ErrorCode, written out here as an oracle independent of rvf.js's table.
export const INVALID_ARGUMENT = -1;
export const BAD_POINTER = -3;
export const OUT_OF_MEMORY = -4;
const DESCRIPTIONS = {
  [INVALID_ARGUMENT]: "invalid argument - ",
  [BAD_POINTER]: "pointer or length outside a live allocated block - ",
  [OUT_OF_MEMORY]: "memory limit reached - ",
};

export const RVF_EXPORTS = ["rvf_alloc", "rvf_free", "rvf_last_error", "tile_dot_f32", "tile_dot_many_f32"];

const MiB = 1024 * 1024;

export class CheckFailure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailure(message);
  }
}

function same(actual, expected, what) {
  check(Object.is(actual, expected), `${what}: expected ${expected}, got ${actual}`);
}

function sameList(actual, expected, what) {
  const a = [...actual];
  const e = [...expected];
  check(a.length === e.length && a.every((x, i) => Object.is(x, e[i])),
    `${what}: expected [${e.slice(0, 8)}${e.length > 8 ? ", ..." : ""}] (${e.length}), `
    + `got [${a.slice(0, 8)}${a.length > 8 ? ", ..." : ""}] (${a.length})`);
}

/** The same arithmetic as the module: f32 products summed in order, rounded to f32 at every step. */
export function dotF32(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    sum = Math.fround(sum + Math.fround(a[i] * b[i]));
  }
  return sum;
}

export function randomFloats(n, seed) {
  const out = new Float32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = (x / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Raw helpers over one instance; views are made fresh on every use because calls that allocate may grow memory. */
class Raw {
  constructor({ exports, memory }) {
    this.e = exports;
    this.memory = memory;
    this.live = [];
  }

  get u8() {
    return new Uint8Array(this.memory.buffer);
  }

  get f32() {
    return new Float32Array(this.memory.buffer);
  }

  alloc(size) {
    const ptr = this.e.rvf_alloc(size);
    check(ptr > 0, `rvf_alloc(${size}) returned ${ptr}`);
    this.live.push(ptr);
    return ptr;
  }

  putFloats(values) {
    const ptr = this.alloc(values.length * 4);
    this.f32.set(values, ptr / 4);
    return ptr;
  }

  floats(ptr, count) {
    return this.f32.slice(ptr / 4, ptr / 4 + count);
  }

  dot(aPtr, bPtr, dim, outPtr) {
    const status = this.e.tile_dot_f32(aPtr, bPtr, dim, outPtr);
    return [status, this.f32[outPtr / 4]];
  }

  lastError() {
    const length = this.e.rvf_last_error(0, 0);
    if (length === 0) {
      return "";
    }
    const ptr = this.e.rvf_alloc(length);
    check(ptr > 0, `rvf_alloc for the message returned ${ptr}`);
    try {
      same(this.e.rvf_last_error(ptr, length), length, "rvf_last_error length");
      return new TextDecoder().decode(this.u8.slice(ptr, ptr + length));
    } finally {
      this.e.rvf_free(ptr);
    }
  }

  /** Frees every block this check still holds; a failed free is a finding. */
  release() {
    const blocks = this.live.splice(0);
    for (const ptr of blocks) {
      same(this.e.rvf_free(ptr), 0, `rvf_free(${ptr})`);
    }
  }
}

export const ABI_CHECKS = [
  {
    name: "exports are exactly the RVF ABI functions",
    run({ exports }) {
      sameList(Object.keys(exports).sort(), [...RVF_EXPORTS].sort(), "export names");
      for (const name of RVF_EXPORTS) {
        same(typeof exports[name], "function", name);
      }
    },
  },
  {
    name: "alloc returns distinct 8-byte aligned blocks that hold data; free releases them",
    run(instance, raw) {
      const sizes = [1, 3, 8, 13, 1000];
      const ptrs = sizes.map((size) => raw.alloc(size));
      ptrs.forEach((ptr, i) => {
        same(ptr % 8, 0, `alloc(${sizes[i]}) = ${ptr} modulo 8`);
        raw.u8.fill(i + 1, ptr, ptr + sizes[i]);
      });
      const ranges = ptrs.map((p, i) => [p, p + sizes[i]]).sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < ranges.length; i++) {
        check(ranges[i - 1][1] <= ranges[i][0], `blocks overlap: ${ranges[i - 1]} and ${ranges[i]}`);
      }
      ptrs.forEach((ptr, i) => {
        sameList(raw.u8.slice(ptr, ptr + sizes[i]), new Array(sizes[i]).fill(i + 1), `block ${i} contents`);
      });
      raw.release();
      const again = raw.alloc(1000);
      same(again % 8, 0, "re-allocated block modulo 8");
    },
  },
  {
    name: "tile_dot_f32 and tile_dot_many_f32 read operands from linear memory",
    run(instance, raw) {
      const dim = 37;
      const count = 5;
      const query = randomFloats(dim, 1);
      const tile = randomFloats(dim * count, 2);
      const qPtr = raw.putFloats(query);
      const tPtr = raw.putFloats(tile);
      const outPtr = raw.alloc(count * 4);
      sameList(raw.dot(qPtr, tPtr, dim, outPtr), [0, dotF32(query, tile.subarray(0, dim))], "tile_dot_f32");
      same(raw.e.tile_dot_many_f32(qPtr, tPtr, count, dim, outPtr), count, "tile_dot_many_f32 status");
      const expected = [];
      for (let row = 0; row < count; row++) {
        expected.push(dotF32(query, tile.subarray(row * dim, (row + 1) * dim)));
      }
      sameList(raw.floats(outPtr, count), expected, "tile_dot_many_f32 results");
    },
  },
  {
    name: "misuse returns error codes with a fresh message, never traps, and leaves the instance working",
    run(instance, raw) {
      const e = raw.e;
      const dim = 16;
      const a = randomFloats(dim, 3);
      const b = randomFloats(dim, 4);
      const aPtr = raw.putFloats(a);
      const bPtr = raw.putFloats(b);
      const outPtr = raw.alloc(4);
      const before = raw.dot(aPtr, bPtr, dim, outPtr);
      sameList(before, [0, dotF32(a, b)], "dot before misuse");

      const spare = e.rvf_alloc(64);
      same(e.rvf_free(spare), 0, "free spare");
      const memoryEnd = raw.memory.buffer.byteLength;
      const cases = [
        ["free twice", () => e.rvf_free(spare), BAD_POINTER],
        ["free a made-up pointer", () => e.rvf_free(123457), BAD_POINTER],
        ["free an interior pointer", () => e.rvf_free(aPtr + 8), BAD_POINTER],
        ["free a negative pointer", () => e.rvf_free(-8), BAD_POINTER],
        ["alloc(0)", () => e.rvf_alloc(0), INVALID_ARGUMENT],
        ["alloc(-5)", () => e.rvf_alloc(-5), INVALID_ARGUMENT],
        ["alloc(2^31-1)", () => e.rvf_alloc(2 ** 31 - 1), OUT_OF_MEMORY],
        ["alloc(1 GiB + 1)", () => e.rvf_alloc(2 ** 30 + 1), OUT_OF_MEMORY],
        ["dot past the end of memory", () => e.tile_dot_f32(memoryEnd - 8, bPtr, dim, outPtr), BAD_POINTER],
        ["dot far past the end of memory", () => e.tile_dot_f32(aPtr, 2 ** 31 - 4, dim, outPtr), BAD_POINTER],
        ["dot outside any block", () => e.tile_dot_f32(8, bPtr, dim, outPtr), BAD_POINTER, ": a [8, +64)"],
        ["dot on a freed block", () => e.tile_dot_f32(spare, bPtr, dim, outPtr), BAD_POINTER],
        ["dot one element past a block", () => e.tile_dot_f32(aPtr, bPtr, dim + 1, outPtr), BAD_POINTER],
        ["dot starting inside a block, running past it", () => e.tile_dot_f32(aPtr + 4, bPtr, dim, outPtr),
          BAD_POINTER],
        ["dot with a bad out pointer", () => e.tile_dot_f32(aPtr, bPtr, dim, outPtr + 2), BAD_POINTER, ": out ["],
        ["dot with a negative dim", () => e.tile_dot_f32(aPtr, bPtr, -3, outPtr), INVALID_ARGUMENT],
        ["dot with dim 0", () => e.tile_dot_f32(aPtr, bPtr, 0, outPtr), INVALID_ARGUMENT],
        ["dot_many whose tile size count*dim*4 overflows i32",
          () => e.tile_dot_many_f32(aPtr, bPtr, 2 ** 27, dim, outPtr), BAD_POINTER],
        ["dot_many with the largest count", () => e.tile_dot_many_f32(aPtr, bPtr, 2 ** 31 - 1, dim, outPtr),
          BAD_POINTER, ": tile ["],
        ["dot_many with the out pointer past its block",
          () => e.tile_dot_many_f32(aPtr, bPtr, 1, dim, outPtr + 4), BAD_POINTER, ": out ["],
        ["dot_many with a negative count", () => e.tile_dot_many_f32(aPtr, bPtr, -1, dim, outPtr),
          INVALID_ARGUMENT],
        ["last_error into a made-up buffer", () => e.rvf_last_error(16, 4096), BAD_POINTER],
        ["last_error with a negative length", () => e.rvf_last_error(aPtr, -1), INVALID_ARGUMENT],
      ];
      let previousMessage = raw.lastError();
      for (const [name, call, code, detail = ""] of cases) {
        let result;
        try {
          result = call();
        } catch (err) {
          throw new CheckFailure(`${name}: threw ${err}`);
        }
        same(result, code, name);
        const message = raw.lastError();
        check(message.startsWith(DESCRIPTIONS[code]) && message.includes(detail) && message !== previousMessage,
          `${name}: stale or wrong message "${message}"`);
        previousMessage = message;
      }
      sameList(raw.dot(aPtr, bPtr, dim, outPtr), before, "dot after misuse");
      sameList(raw.floats(aPtr, dim), a, "operand after misuse");
    },
  },
  {
    name: "rvf_last_error returns the UTF-8 message and its length, copying only when it fits",
    run(instance, raw) {
      const e = raw.e;
      same(e.rvf_free(4242), BAD_POINTER, "rvf_free(4242)");
      const expected = "pointer or length outside a live allocated block - rvf_free: 4242 is not the start of a "
        + "live block";
      const length = e.rvf_last_error(0, 0);
      same(length, new TextEncoder().encode(expected).length, "message length");
      const small = raw.alloc(8);
      raw.u8.fill(0xAA, small, small + 8);
      same(e.rvf_last_error(small, 8), length, "too small: the length needed");
      sameList(raw.u8.slice(small, small + 8), new Array(8).fill(0xAA), "too small: nothing written");
      same(raw.lastError(), expected, "message");
      raw.release();
      same(raw.lastError(), expected, "message after successful calls");
    },
  },
  {
    name: "memory grows on demand; the data survives and old views are detached",
    run(instance, raw) {
      const dim = 64;
      const a = randomFloats(dim, 5);
      const aPtr = raw.putFloats(a);
      const outPtr = raw.alloc(4);
      const [, before] = raw.dot(aPtr, aPtr, dim, outPtr);
      const oldView = raw.f32;
      const oldBytes = raw.memory.buffer.byteLength;
      // Freed blocks of earlier checks are reused first: allocate until the memory really grows.
      const big = [];
      while (raw.memory.buffer.byteLength === oldBytes) {
        check(big.length < 32, "memory did not grow after 128 MiB of allocations");
        const ptr = raw.alloc(4 * MiB);
        raw.u8.fill(big.length + 1, ptr, ptr + 4 * MiB);
        big.push(ptr);
      }
      same(oldView.length, 0, "length of the view made before growth");
      sameList(raw.floats(aPtr, dim), a, "data after growth");
      big.forEach((ptr, i) => {
        same(raw.u8[ptr], i + 1, `first byte of block ${i}`);
        same(raw.u8[ptr + 4 * MiB - 1], i + 1, `last byte of block ${i}`);
      });
      sameList(raw.dot(aPtr, aPtr, dim, outPtr), [0, before], "dot after growth");
    },
  },
];

/** Runs every check (each frees its blocks even when it fails); returns one result per check. */
export function runAbiChecks(instance) {
  return ABI_CHECKS.map(({ name, run }) => runOne(name, run, instance));
}

export function runOne(name, run, instance) {
  const raw = new Raw(instance);
  try {
    run(instance, raw);
    raw.release();
    return { name, ok: true };
  } catch (error) {
    try {
      raw.release();
    } catch {
      // The first failure is the one worth reporting.
    }
    return { name, ok: false, error: String(error?.stack ?? error), thrown: error };
  }
}

// The control plane (docs/ABI.md; StoreExports): kept apart from the list above so that both merge cleanly.
/** Number of i32 parameters of each control-plane export. */
export const STORE_ARITY = {
  rvf_create: 4, rvf_open: 3, rvf_close: 1, rvf_ingest: 7, rvf_query: 10, rvf_delete: 4, rvf_delete_by_filter: 4,
  rvf_status: 2, rvf_compact: 2, rvf_derive: 2, rvf_segments: 3, rvf_export: 2, rvf_embed_kernel: 9,
  rvf_extract_kernel: 2, rvf_embed_ebpf: 8, rvf_extract_ebpf: 2, rvf_lineage: 2, rvf_verify_witness: 2,
  rvf_metadata_get: 3, rvf_debug_live_blocks: 0, rvf_debug_open_stores: 0,
};
export const STORE_EXPORTS = Object.keys(STORE_ARITY);
RVF_EXPORTS.push(...STORE_EXPORTS);
