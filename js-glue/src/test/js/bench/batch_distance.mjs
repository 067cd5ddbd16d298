// Benchmark entry point (not a test): one query against 100,000 x 384 f32 vectors through tile_batch_distance,
// per metric, and the same dot-product scan as a plain JS loop for scale. Prints medians.
//   node js-glue/src/test/js/bench/batch_distance.mjs [rvf.wasm]      (Node 24; Deno: deno run --allow-read)
import { readFile } from "node:fs/promises";
import { _internal } from "../../../../target/dist/rvf.js";

const COUNT = 100_000;
const DIM = 384;
const REPEATS = 9;

const wasmPath = globalThis.process?.argv?.[2] ?? new URL("../../../../target/dist/rvf.wasm", import.meta.url);
const wasm = await readFile(wasmPath);
const { exports: e, memory } = (await _internal.load(new Uint8Array(wasm))).instance;

function median(fn) {
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[REPEATS >> 1];
}

const tilePtr = e.rvf_alloc(COUNT * DIM * 4);
const queryPtr = e.rvf_alloc(DIM * 4);
const outPtr = e.rvf_alloc(COUNT * 4);
if (tilePtr < 0 || queryPtr < 0 || outPtr < 0) {
  throw new Error(`allocation failed: ${tilePtr} ${queryPtr} ${outPtr}`);
}
const f32 = new Float32Array(memory.buffer);
let x = 1;
for (let i = 0; i < COUNT * DIM; i++) {
  x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  f32[tilePtr / 4 + i] = x / 2 ** 32 - 0.5;
}
f32.copyWithin(queryPtr / 4, tilePtr / 4, tilePtr / 4 + DIM);

const results = {};
for (const [name, metric] of [["l2", 0], ["dot", 1], ["cosine", 2]]) {
  results[name] = median(() => {
    const status = e.tile_batch_distance(metric, queryPtr, tilePtr, COUNT, DIM, outPtr);
    if (status !== COUNT) {
      throw new Error(`status ${status}`);
    }
  });
}
const tile = new Float32Array(memory.buffer, tilePtr, COUNT * DIM);
const query = new Float32Array(memory.buffer, queryPtr, DIM);
const out = new Float32Array(COUNT);
results["plain JS dot"] = median(() => {
  for (let r = 0, off = 0; r < COUNT; r++, off += DIM) {
    let s = 0;
    for (let d = 0; d < DIM; d++) {
      s += query[d] * tile[off + d];
    }
    out[r] = -s;
  }
});
console.log(`tile_batch_distance ${COUNT} x ${DIM}, median of ${REPEATS} (ms), module ${wasm.length} bytes:`);
for (const [name, ms] of Object.entries(results)) {
  console.log(`  ${name.padEnd(14)} ${ms.toFixed(1)}`);
}
