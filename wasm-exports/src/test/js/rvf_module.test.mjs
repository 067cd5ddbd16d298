// Tests of rvf.wasm through loader.mjs. Runs unchanged under `deno test` and `node --test` (Node >= 22).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { loadRvf } from "./loader.mjs";

const WASM_URL = new URL("../../../target/wasm/rvf.wasm", import.meta.url);
const wasmBytes = await readFile(WASM_URL);

// ABI numbers from dev.rvf.ErrorCode.
const INVALID_ARGUMENT = -1;
const BAD_POINTER = -3;
const OUT_OF_MEMORY = -4;
const DESCRIPTIONS = {
  [INVALID_ARGUMENT]: "invalid argument - ",
  [BAD_POINTER]: "pointer or length outside a live allocated block - ",
  [OUT_OF_MEMORY]: "memory limit reached - ",
};

const RVF_EXPORTS = ["rvf_alloc", "rvf_free", "rvf_last_error", "tile_dot_f32", "tile_dot_many_f32"];
// TeaVM adds these on its own (runtime support and the raw allocator); they are not part of the RVF ABI.
const TEAVM_EXPORTS = [
  "teavm.exceptionMessage", "teavm.free", "teavm.getJsException", "teavm.javaException",
  "teavm.js.extractException", "teavm.js.throwException", "teavm.js.wrapException", "teavm.malloc",
  "teavm.realloc", "teavm.setJsException", "teavm.stringToJs", "teavm_processQueue", "teavm_stopped",
];

/** Allocates a block, fills it with floats, returns its pointer. */
function putFloats(rvf, values) {
  const ptr = rvf.exports.rvf_alloc(values.length * 4);
  assert.ok(ptr > 0, `rvf_alloc failed: ${ptr}`);
  rvf.f32.set(values, ptr / 4);
  return ptr;
}

/** The same arithmetic as the module: f32 products summed in order, rounded to f32 at every step. */
function dotF32(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    sum = Math.fround(sum + Math.fround(a[i] * b[i]));
  }
  return sum;
}

function randomFloats(n, seed) {
  const out = new Float32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = (x / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Runs tile_dot_f32 and returns [status, result]. */
function dot(rvf, aPtr, bPtr, dim, outPtr) {
  const status = rvf.exports.tile_dot_f32(aPtr, bPtr, dim, outPtr);
  return [status, rvf.f32[outPtr / 4]];
}

test("exports are exactly the RVF ABI plus TeaVM's runtime exports", async () => {
  const module = await WebAssembly.compile(wasmBytes);
  const names = WebAssembly.Module.exports(module).map((e) => e.name).sort();
  assert.deepEqual(names, [...RVF_EXPORTS, ...TEAVM_EXPORTS].sort());
});

test("loader names every import it cannot supply", async () => {
  const module = new WebAssembly.Module(moduleImporting([["env", "nothing"], ["teavmJso", "callMethod0"]]));
  await assert.rejects(loadRvf(module),
    { message: "rvf.wasm needs imports this loader does not supply: env.nothing (function), "
        + "teavmJso.callMethod0 (function)" });
});

test("alloc returns distinct 8-byte aligned blocks that hold data; free releases them", async () => {
  const rvf = await loadRvf(wasmBytes);
  const e = rvf.exports;
  const sizes = [1, 3, 8, 13, 1000];
  const ptrs = sizes.map((size) => e.rvf_alloc(size));
  ptrs.forEach((ptr, i) => {
    assert.ok(ptr > 0, `alloc(${sizes[i]}) = ${ptr}`);
    assert.equal(ptr % 8, 0, `alloc(${sizes[i]}) = ${ptr} is not 8-byte aligned`);
    rvf.u8.fill(i + 1, ptr, ptr + sizes[i]);
  });
  const ranges = ptrs.map((p, i) => [p, p + sizes[i]]).sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < ranges.length; i++) {
    assert.ok(ranges[i - 1][1] <= ranges[i][0], "blocks overlap");
  }
  ptrs.forEach((ptr, i) => {
    assert.deepEqual([...rvf.u8.subarray(ptr, ptr + sizes[i])], new Array(sizes[i]).fill(i + 1));
  });
  for (const ptr of ptrs) {
    assert.equal(e.rvf_free(ptr), 0);
  }
  const again = e.rvf_alloc(1000);
  assert.ok(again > 0 && again % 8 === 0);
  assert.equal(e.rvf_free(again), 0);
});

test("tile_dot_f32 and tile_dot_many_f32 read operands from linear memory", async () => {
  const rvf = await loadRvf(wasmBytes);
  const dim = 37;
  const count = 5;
  const query = randomFloats(dim, 1);
  const tile = randomFloats(dim * count, 2);
  const qPtr = putFloats(rvf, query);
  const tPtr = putFloats(rvf, tile);
  const outPtr = rvf.exports.rvf_alloc(count * 4);

  const [status, value] = dot(rvf, qPtr, tPtr, dim, outPtr);
  assert.equal(status, 0);
  assert.equal(value, dotF32(query, tile.subarray(0, dim)));

  assert.equal(rvf.exports.tile_dot_many_f32(qPtr, tPtr, count, dim, outPtr), count);
  const expected = [];
  for (let row = 0; row < count; row++) {
    expected.push(dotF32(query, tile.subarray(row * dim, (row + 1) * dim)));
  }
  assert.deepEqual([...rvf.f32.subarray(outPtr / 4, outPtr / 4 + count)], expected);
});

test("misuse returns error codes, never traps, and leaves the instance working", async () => {
  const rvf = await loadRvf(wasmBytes);
  const e = rvf.exports;
  const dim = 16;
  const a = randomFloats(dim, 3);
  const b = randomFloats(dim, 4);
  const aPtr = putFloats(rvf, a);
  const bPtr = putFloats(rvf, b);
  const outPtr = e.rvf_alloc(4);
  const before = dot(rvf, aPtr, bPtr, dim, outPtr);
  assert.deepEqual(before, [0, dotF32(a, b)]);

  const spare = e.rvf_alloc(64);
  assert.equal(e.rvf_free(spare), 0);
  const memoryEnd = rvf.memory.buffer.byteLength;
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
    ["dot_many whose tile size count*dim*4 overflows i32", () => e.tile_dot_many_f32(aPtr, bPtr, 2 ** 27, dim,
      outPtr), BAD_POINTER],
    ["dot_many with the largest count", () => e.tile_dot_many_f32(aPtr, bPtr, 2 ** 31 - 1, dim, outPtr),
      BAD_POINTER, ": tile ["],
    ["dot_many with the out pointer past its block", () => e.tile_dot_many_f32(aPtr, bPtr, 1, dim, outPtr + 4),
      BAD_POINTER, ": out ["],
    ["dot_many with a negative count", () => e.tile_dot_many_f32(aPtr, bPtr, -1, dim, outPtr), INVALID_ARGUMENT],
    ["last_error into a made-up buffer", () => e.rvf_last_error(16, 4096), BAD_POINTER],
    ["last_error with a negative length", () => e.rvf_last_error(aPtr, -1), INVALID_ARGUMENT],
  ];
  let previousMessage = rvf.lastError();
  for (const [name, call, code, detail = ""] of cases) {
    let result;
    try {
      result = call();
    } catch (err) {
      assert.fail(`${name}: threw ${err}`);
    }
    assert.equal(result, code, name);
    const message = rvf.lastError();
    assert.ok(message.startsWith(DESCRIPTIONS[code]) && message.includes(detail) && message !== previousMessage,
      `${name}: stale or wrong message "${message}"`);
    previousMessage = message;
  }
  assert.deepEqual(dot(rvf, aPtr, bPtr, dim, outPtr), before);
  assert.deepEqual([...rvf.f32.subarray(aPtr / 4, aPtr / 4 + dim)], [...a]);
  const fresh = e.rvf_alloc(256);
  assert.ok(fresh > 0);
  assert.equal(e.rvf_free(fresh), 0);
});

test("rvf_last_error returns the UTF-8 message and its length, copying only when it fits", async () => {
  const rvf = await loadRvf(wasmBytes);
  const e = rvf.exports;
  assert.equal(e.rvf_last_error(0, 0), 0, "no error yet");
  assert.equal(e.rvf_free(4242), BAD_POINTER);
  const expected = "pointer or length outside a live allocated block - rvf_free: 4242 is not the start of a live block";
  const length = e.rvf_last_error(0, 0);
  assert.equal(length, new TextEncoder().encode(expected).length);

  const small = e.rvf_alloc(8);
  rvf.u8.fill(0xAA, small, small + 8);
  assert.equal(e.rvf_last_error(small, 8), length, "too small: returns the length needed");
  assert.deepEqual([...rvf.u8.subarray(small, small + 8)], new Array(8).fill(0xAA), "too small: nothing written");
  assert.equal(rvf.lastError(), expected);
  assert.equal(e.rvf_free(small), 0);
  assert.equal(rvf.lastError(), expected, "a successful call keeps the last error");
});

test("memory growth re-creates the views and keeps the data", async () => {
  const rvf = await loadRvf(wasmBytes);
  const e = rvf.exports;
  const dim = 64;
  const a = randomFloats(dim, 5);
  const aPtr = putFloats(rvf, a);
  const outPtr = e.rvf_alloc(4);
  const [, before] = dot(rvf, aPtr, aPtr, dim, outPtr);
  const oldView = rvf.f32;
  const oldBytes = rvf.memory.buffer.byteLength;

  const big = [];
  for (let i = 0; i < 4; i++) {
    const ptr = e.rvf_alloc(4 * 1024 * 1024);
    assert.ok(ptr > 0, `alloc 4 MiB #${i}: ${ptr}`);
    rvf.u8.fill(i + 1, ptr, ptr + 4 * 1024 * 1024);
    big.push(ptr);
  }
  assert.ok(rvf.resizes > 0, "the module reported no growth");
  // 16 MiB live; the initial 2 MiB heap absorbs part of it.
  assert.ok(rvf.memory.buffer.byteLength >= oldBytes + 14 * 1024 * 1024, "memory did not grow");
  assert.equal(oldView.length, 0, "the pre-growth view should be detached");
  assert.notEqual(rvf.f32, oldView);
  assert.deepEqual([...rvf.f32.subarray(aPtr / 4, aPtr / 4 + dim)], [...a]);
  big.forEach((ptr, i) => {
    assert.equal(rvf.u8[ptr], i + 1);
    assert.equal(rvf.u8[ptr + 4 * 1024 * 1024 - 1], i + 1);
  });
  assert.deepEqual(dot(rvf, aPtr, aPtr, dim, outPtr), [0, before]);
  for (const ptr of big) {
    assert.equal(e.rvf_free(ptr), 0);
  }
});

test("a module compiled without js-string builtins (as in Workers) runs on the polyfill", async () => {
  const rvf = await loadRvf(new WebAssembly.Module(wasmBytes));
  assert.equal(rvf.stringBuiltins, false);
  assert.equal(rvf.exports.rvf_alloc(-1), INVALID_ARGUMENT);
  assert.equal(rvf.lastError(), "invalid argument - rvf_alloc: size -1 is not positive");
  const a = randomFloats(8, 6);
  const aPtr = putFloats(rvf, a);
  const outPtr = rvf.exports.rvf_alloc(4);
  assert.deepEqual(dot(rvf, aPtr, aPtr, 8, outPtr), [0, dotF32(a, a)]);
});

/** A tiny module that imports the given functions and carries TeaVM's memory-requirements section. */
function moduleImporting(names) {
  const enc = new TextEncoder();
  const str = (s) => [enc.encode(s).length, ...enc.encode(s)];
  const section = (id, body) => [id, body.length, ...body];
  const types = section(1, [1, 0x60, 0, 0]);
  const imports = section(2, [names.length, ...names.flatMap(([m, n]) => [...str(m), ...str(n), 0x00, 0])]);
  const custom = section(0, [...str("teavm.memoryRequirements"), ...enc.encode('{"min":1, "dataSize":0}')]);
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...custom]);
}
