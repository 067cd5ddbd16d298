// Issue 8, leaks: 10,000 cycles of create / ingest / query / export / open / query / close in one instance, with
// misuse interleaved (use after close, wrong dimensions, bytes that are not a .rvf). After a warm-up, neither the
// Wasm linear memory nor the JS heap (which holds the module's Wasm GC objects: stores, arrays) may grow beyond a
// small bound. Needs a collectable heap: Node `--expose-gc`, Deno `--v8-flags=--expose-gc` (JsEdgeTest passes it).
import { test } from "node:test";
import assert from "node:assert/strict";
import init, { RvfError, RvfStore } from "../../../../target/dist/rvf.js";

const CYCLES = 10_000;
const WARM_UP = 1_000;
const DIMENSION = 8;
const BATCH = 24;
/** Allowed JS heap growth between the end of the warm-up and the end, after full collections. */
const HEAP_SLACK = 4 * 2 ** 20;

const { memory } = await init();

function heapUsed() {
  assert.equal(typeof globalThis.gc, "function", "run with --expose-gc (Node) or --v8-flags=--expose-gc (Deno)");
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
  }
  return globalThis.Deno?.memoryUsage().heapUsed ?? globalThis.process.memoryUsage().heapUsed;
}

/** A seeded generator (xorshift32), so every run ingests the same vectors. */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function expectRvfError(fn, code) {
  assert.throws(fn, (e) => e instanceof RvfError && e.code === code && e.message.length > 0);
}

/** One cycle; returns nothing but throws on any wrong answer. */
function cycle(i, next) {
  const vectors = new Float32Array(BATCH * DIMENSION).map(() => next());
  const ids = Array.from({ length: BATCH }, (_, j) => i * BATCH + j);
  const store = RvfStore.create(DIMENSION, i % 3 === 0 ? "cosine" : "l2");
  store.ingest(vectors, ids, i % 5 === 0 ? ids.map((id) => ({ n: id, tag: `t${id % 7}` })) : undefined);
  const probe = vectors.subarray(5 * DIMENSION, 6 * DIMENSION);
  const hits = store.query(probe, 3);
  assert.equal(hits[0].id, ids[5]);
  expectRvfError(() => store.query(new Float32Array(DIMENSION + 1), 1), "DIMENSION_MISMATCH");
  expectRvfError(() => store.ingest(new Float32Array(DIMENSION - 1), [1]), "DIMENSION_MISMATCH");
  const bytes = store.export();
  store.close();
  expectRvfError(() => store.query(probe, 1), "CLOSED");
  expectRvfError(() => store.export(), "CLOSED");
  const reopened = RvfStore.open(bytes);
  assert.equal(reopened.status().totalVectors, BATCH);
  assert.deepEqual(reopened.query(probe, 3, { exact: true }).map((h) => h.id), hits.map((h) => h.id));
  if (i % 4 === 0) {
    reopened.delete([ids[0], ids[1]]);
    assert.equal(reopened.status().totalVectors, BATCH - 2);
  }
  reopened.close();
  reopened.close();
  expectRvfError(() => reopened.ingest(vectors, ids), "CLOSED");
  if (i % 10 === 0) {
    expectRvfError(() => RvfStore.open(bytes.subarray(0, bytes.length - 7)), "LENGTH_OUT_OF_RANGE");
    expectRvfError(() => RvfStore.open(new Uint8Array(4096).fill(i & 0xff)), "NO_MANIFEST");
  }
}

test(`${CYCLES} store cycles keep Wasm memory and the JS heap bounded`, () => {
  const next = random(20261124);
  const start = performance.now();
  for (let i = 0; i < WARM_UP; i++) {
    cycle(i, next);
  }
  const linearAfterWarmUp = memory.buffer.byteLength;
  const heapAfterWarmUp = heapUsed();
  for (let i = WARM_UP; i < CYCLES; i++) {
    cycle(i, next);
  }
  const linearAtEnd = memory.buffer.byteLength;
  const heapAtEnd = heapUsed();
  const seconds = (performance.now() - start) / 1000;
  console.log(`[soak] ${CYCLES} cycles in ${seconds.toFixed(1)} s; Wasm memory ${linearAfterWarmUp} -> `
    + `${linearAtEnd} bytes; JS heap after GC ${(heapAfterWarmUp / 2 ** 20).toFixed(2)} -> `
    + `${(heapAtEnd / 2 ** 20).toFixed(2)} MiB (bound +${HEAP_SLACK / 2 ** 20} MiB)`);
  assert.equal(linearAtEnd, linearAfterWarmUp, "Wasm linear memory grew after the warm-up");
  assert.ok(heapAtEnd - heapAfterWarmUp <= HEAP_SLACK, `the JS heap grew by ${heapAtEnd - heapAfterWarmUp} bytes`);
});
