// Tests of rvf.js itself (loading, errors, views, the call helper) under `deno test` and `node --test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import init, { _internal, ERROR_CODES, RvfError } from "../../../target/dist/rvf.js";
import { dotF32, METRIC_DOT, randomFloats, RVF_EXPORTS } from "./abi_checks.mjs";
import { expectRvfError } from "./rvf_assert.mjs";

const { input, output, load } = _internal;
const WASM_URL = new URL("../../../target/dist/rvf.wasm", import.meta.url);
const WASM_BYTES = new Uint8Array(await readFile(WASM_URL));
const MiB = 1024 * 1024;

// TeaVM adds these on its own (runtime support and the raw allocator); rvf.js must not expose them.
const TEAVM_EXPORTS = [
  "teavm.exceptionMessage", "teavm.free", "teavm.getJsException", "teavm.javaException",
  "teavm.js.extractException", "teavm.js.throwException", "teavm.js.wrapException", "teavm.malloc",
  "teavm.realloc", "teavm.setJsException", "teavm.stringToJs", "teavm_processQueue", "teavm_stopped",
];

/** A dot product through the call helper: proves a runtime works end to end. */
function dotThrough(runtime, a, b) {
  const { status, outputs } = runtime.call("tile_dot_f32", input(a), input(b), a.length, output(Float32Array, 1));
  assert.equal(status, 0);
  return outputs[0][0];
}

test("init() loads rvf.wasm next to rvf.js once and resolves to the same frozen instance", async () => {
  const [first, second] = await Promise.all([init(), init()]);
  assert.equal(first, second);
  assert.equal(await init(new Uint8Array([1, 2, 3])), first, "later inputs are ignored");
  assert.ok(first.memory instanceof WebAssembly.Memory);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.exports));
  assert.equal(_internal.runtime().instance, first);
  assert.equal(_internal.runtime().compiledBy, "bytes", "a file: URL is read from disk");
  const a = randomFloats(9, 11);
  assert.equal(dotThrough(_internal.runtime(), a, a), -dotF32(a, a));
});

test("the instance exposes the RVF exports and hides TeaVM's own", async () => {
  const module = await WebAssembly.compile(WASM_BYTES);
  const names = WebAssembly.Module.exports(module).map((e) => e.name).sort();
  assert.deepEqual(names, [...RVF_EXPORTS, ...TEAVM_EXPORTS].sort());
  assert.deepEqual(Object.keys((await init()).exports).sort(), [...RVF_EXPORTS].sort());
});

test("init inputs: URL, path, URL string, Response, bytes, module", async () => {
  const path = fileURLToPath(WASM_URL);
  const wasmResponse = () => new Response(WASM_BYTES, { headers: { "content-type": "application/wasm" } });
  const inputs = [
    ["file: URL", WASM_URL, "bytes"],
    ["file: URL string", WASM_URL.href, "bytes"],
    ["absolute path", path, "bytes"],
    ["relative path", relative(process.cwd(), path), "bytes"],
    ["Response served as application/wasm", wasmResponse(), "streaming"],
    ["promise of a Response", Promise.resolve(wasmResponse()), "streaming"],
    ["Response of another type", new Response(WASM_BYTES), "bytes"],
    ["ArrayBuffer", WASM_BYTES.slice().buffer, "bytes"],
    ["Uint8Array", WASM_BYTES, "bytes"],
    ["DataView at an offset", new DataView(new Uint8Array([9, 9, ...WASM_BYTES]).buffer, 2), "bytes"],
    ["WebAssembly.Module", new WebAssembly.Module(WASM_BYTES), "module"],
  ];
  const a = randomFloats(20, 12);
  const b = randomFloats(20, 13);
  for (const [name, source, compiledBy] of inputs) {
    const runtime = await load(source);
    assert.equal(runtime.compiledBy, compiledBy, name);
    assert.equal(dotThrough(runtime, a, b), -dotF32(a, b), name);
  }
});

test("loading failures reject with RvfError codes and clear messages", async () => {
  const missing = new URL("missing.wasm", WASM_URL);
  const cases = [
    ["a missing file", missing, "NOT_FOUND", "could not read " + missing.href],
    ["a missing path", fileURLToPath(missing), "NOT_FOUND", "missing.wasm"],
    ["HTTP 404", new Response("no", { status: 404, statusText: "Not Found" }), "NOT_FOUND", "HTTP 404 Not Found"],
    ["garbage bytes", new Uint8Array([1, 2, 3]), "INVALID_ARGUMENT", "not a valid rvf.wasm: "],
    ["an empty Wasm module", new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), "INVALID_ARGUMENT",
      "no teavm.memoryRequirements section"],
    ["a number", 42, "INVALID_ARGUMENT", "not number"],
    ["a plain object", {}, "INVALID_ARGUMENT", "not Object"],
    ["a module needing other imports", moduleImporting([["env", "nothing"], ["teavmJso", "callMethod0"]]),
      "UNSUPPORTED", "rvf.wasm needs imports that this rvf.js does not supply: env.nothing (function), "
        + "teavmJso.callMethod0 (function); rvf.js and rvf.wasm must come from the same package version"],
  ];
  for (const [name, source, code, messagePart] of cases) {
    await assert.rejects(load(source), expectRvfError(code, messagePart), name);
  }
});

test("RvfError carries a stable code and the ABI number", () => {
  const cause = new Error("inner");
  const error = new RvfError("NOT_FOUND", "no such thing", { cause });
  assert.ok(error instanceof Error && error instanceof RvfError);
  assert.equal(error.name, "RvfError");
  assert.equal(error.code, "NOT_FOUND");
  assert.equal(error.status, -8);
  assert.equal(error.message, "no such thing");
  assert.equal(error.cause, cause);
  const unknown = new RvfError("NO_SUCH_CODE", "x");
  assert.equal(unknown.code, "INTERNAL");
  assert.equal(unknown.status, -99);
  assert.ok(Object.isFrozen(ERROR_CODES));
  const numbers = Object.values(ERROR_CODES);
  assert.equal(new Set(numbers).size, numbers.length, "ABI numbers are unique");
  assert.ok(numbers.every((n) => Number.isInteger(n) && n < 0));
});

test("a fresh instance has no error message; after a failure the message is the module's", async () => {
  const runtime = await load(WASM_BYTES);
  assert.equal(runtime.lastErrorMessage(), "");
  assert.equal(runtime.exports.rvf_alloc(-1), ERROR_CODES.INVALID_ARGUMENT);
  assert.equal(runtime.lastErrorMessage(), "invalid argument - rvf_alloc: size -1 is not positive");
  const error = runtime.errorFor(-1);
  assert.equal(error.code, "INVALID_ARGUMENT");
  assert.equal(error.message, "invalid argument - rvf_alloc: size -1 is not positive");
  const unknown = runtime.errorFor(-77);
  assert.equal(unknown.code, "INTERNAL");
  assert.equal(unknown.status, -77, "the module's number is kept");
});

test("a module compiled without js-string builtins (as in Workers) runs on the polyfill", async () => {
  const withBuiltins = await load(WASM_BYTES);
  const polyfilled = await load(new WebAssembly.Module(WASM_BYTES));
  assert.equal(polyfilled.stringBuiltins, false);
  assert.equal(withBuiltins.stringBuiltins, true, "Deno and Node 24 supply the js-string builtins");
  for (const runtime of [withBuiltins, polyfilled]) {
    assert.equal(runtime.exports.rvf_free(4242), ERROR_CODES.BAD_POINTER);
    assert.equal(runtime.lastErrorMessage(), "pointer or length outside a live allocated block - rvf_free: 4242 "
      + "is not the start of a live block");
    const a = randomFloats(8, 6);
    assert.equal(dotThrough(runtime, a, a), -dotF32(a, a));
  }
});

test("views are re-created after the memory grows", async () => {
  const runtime = await load(WASM_BYTES);
  const before = runtime.view(Float32Array);
  assert.equal(runtime.view(Float32Array), before, "views are cached while the memory keeps its size");
  const blocks = [];
  while (runtime.resizes === 0) {
    assert.ok(blocks.length < 32, "no growth reported after 128 MiB");
    blocks.push(runtime.alloc(4 * MiB));
  }
  assert.equal(before.length, 0, "the old view is detached");
  const after = runtime.view(Float32Array);
  assert.notEqual(after, before);
  assert.equal(after.buffer, runtime.memory.buffer);
  assert.equal(runtime.u8.length, runtime.memory.buffer.byteLength);
  for (const ptr of blocks) {
    assert.equal(runtime.exports.rvf_free(ptr), 0);
  }
});

/** A runtime whose rvf_alloc / rvf_free are recorded, so tests can see that every block is freed. */
async function spiedRuntime(extraExports = {}) {
  const runtime = await load(WASM_BYTES);
  const real = runtime.exports;
  const spy = { allocated: [], freed: [], refuseNextFree: false, refused: [] };
  runtime.exports = {
    ...real,
    ...extraExports,
    rvf_alloc: (size) => {
      const ptr = real.rvf_alloc(size);
      if (ptr > 0) {
        spy.allocated.push(ptr);
      }
      return ptr;
    },
    rvf_free: (ptr) => {
      if (spy.refuseNextFree) {
        spy.refuseNextFree = false;
        spy.refused.push(ptr);
        return ERROR_CODES.BAD_POINTER;
      }
      spy.freed.push(ptr);
      return real.rvf_free(ptr);
    },
  };
  /** Every block allocated since the last check was freed (at least `expectedBlocks` were allocated). */
  spy.assertAllFreed = (what, expectedBlocks) => {
    assert.ok(spy.allocated.length >= expectedBlocks, `${what}: only ${spy.allocated.length} blocks allocated`);
    assert.deepEqual([...spy.freed].sort(), [...spy.allocated].sort(), `${what}: every block is freed`);
    spy.allocated.length = 0;
    spy.freed.length = 0;
  };
  return { runtime, real, spy };
}

test("call copies inputs in and outputs out, and frees every block", async () => {
  const { runtime, spy } = await spiedRuntime();
  const dim = 24;
  const count = 3;
  const query = randomFloats(dim, 7);
  const tileWithMargin = randomFloats(dim * count + 10, 8);
  const tile = tileWithMargin.subarray(5, 5 + dim * count);
  const { status, outputs } = runtime.call("tile_batch_distance", METRIC_DOT, input(query), input(tile), count,
    dim, output(Float32Array, count));
  assert.equal(status, count);
  assert.equal(outputs.length, 1);
  assert.ok(outputs[0] instanceof Float32Array);
  const expected = [0, 1, 2].map((row) => -dotF32(query, tile.subarray(row * dim, (row + 1) * dim)));
  assert.deepEqual([...outputs[0]], expected);
  assert.notEqual(outputs[0].buffer, runtime.memory.buffer, "outputs are copies, not views");
  spy.assertAllFreed("success", 3);

  const fromBuffer = runtime.call("tile_dot_f32", input(query.slice().buffer), input(query), dim,
    output(Float32Array, 1));
  assert.deepEqual([...fromBuffer.outputs[0]], [-dotF32(query, query)]);
  spy.assertAllFreed("ArrayBuffer input", 3);
});

test("call throws RvfError with the module's message for a negative status and frees every block", async () => {
  const { runtime, spy } = await spiedRuntime();
  const a = randomFloats(4, 9);
  const cases = [
    ["dim past the inputs", [input(a), input(a), 5, output(Float32Array, 1)], "BAD_POINTER",
      "pointer or length outside a live allocated block - tile_dot_f32: a ["],
    ["dim 0", [input(a), input(a), 0, output(Float32Array, 1)], "INVALID_ARGUMENT",
      "invalid argument - tile_dot_f32: dim 0 is not positive"],
    ["an empty input", [input(new Float32Array(0)), input(a), 4, output(Float32Array, 1)], "BAD_POINTER",
      ": a ["],
    ["an output too small", [input(a), input(a), 4, output(Uint8Array, 3)], "BAD_POINTER", ": out ["],
  ];
  for (const [name, args, code, messagePart] of cases) {
    assert.throws(() => runtime.call("tile_dot_f32", ...args), expectRvfError(code, messagePart), name);
    spy.assertAllFreed(name, 3);
  }
});

test("call frees the blocks it already has when a later allocation fails", async () => {
  const { runtime, spy } = await spiedRuntime();
  const a = randomFloats(16, 10);
  // 1 GiB of output on top of a live input exceeds the module's cap: refused before anything is allocated.
  assert.throws(() => runtime.call("tile_dot_f32", input(a), input(a), 16, output(Float32Array, 2 ** 28)),
    expectRvfError("OUT_OF_MEMORY", "rvf_alloc: 1073741824 more bytes would exceed the cap"));
  spy.assertAllFreed("failed allocation", 2);
});

test("call turns a trap into RvfError INTERNAL and frees every block", async () => {
  const trap = new WebAssembly.RuntimeError("unreachable");
  const { runtime, spy } = await spiedRuntime({ crash: () => { throw trap; } });
  assert.throws(() => runtime.call("crash", input(new Float32Array(4)), output(Float32Array, 1)), (error) => {
    expectRvfError("INTERNAL", "rvf.wasm failed inside crash: unreachable")(error);
    assert.equal(error.cause, trap);
    return true;
  });
  spy.assertAllFreed("trap", 2);
});

test("call reports a block it cannot free, unless the call already failed", async () => {
  const { runtime, real, spy } = await spiedRuntime();
  const a = randomFloats(4, 14);
  spy.refuseNextFree = true;
  assert.throws(() => runtime.call("tile_dot_f32", input(a), input(a), 4, output(Float32Array, 1)),
    expectRvfError("BAD_POINTER", `rvf_free(${spy.allocated[0] ?? ""}`));
  spy.refuseNextFree = true;
  assert.throws(() => runtime.call("tile_dot_f32", input(a), input(a), 0, output(Float32Array, 1)),
    expectRvfError("INVALID_ARGUMENT", "dim 0"), "the call's own failure wins");
  for (const ptr of spy.refused) {
    assert.equal(real.rvf_free(ptr), 0, "the refused block was still live");
  }
});

test("call rejects bad arguments before touching the module", async () => {
  const runtime = await load(WASM_BYTES);
  assert.throws(() => runtime.call("no_such_export", 1), expectRvfError("UNSUPPORTED", "no export no_such_export"));
  assert.throws(() => input(42), expectRvfError("INVALID_ARGUMENT", "not number"));
  assert.throws(() => input([1, 2]), expectRvfError("INVALID_ARGUMENT", "not Array"));
  assert.throws(() => output(Float32Array, -1), expectRvfError("INVALID_ARGUMENT"));
  assert.throws(() => output(Float32Array, 1.5), expectRvfError("INVALID_ARGUMENT"));
  assert.throws(() => output(Object, 1), expectRvfError("INVALID_ARGUMENT"));
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
