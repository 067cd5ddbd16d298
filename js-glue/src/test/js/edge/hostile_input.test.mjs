// Issue 8, hostile input and limits in JS runtimes: inputs of 200 MB to RvfStore.open and an ingest beyond the
// module's 1 GiB block cap. Every one fails with a clear RvfError, copies the input at most once into Wasm memory,
// and leaves the module usable: stores made before keep their data, new stores work.
import { test } from "node:test";
import assert from "node:assert/strict";
import init, { ERROR_CODES, RvfError, RvfStore } from "../../../../target/dist/rvf.js";

const { exports: raw, memory } = await init();
const MIB = 2 ** 20;
const BIG = 200 * MIB;
const MAGIC = [0x53, 0x46, 0x56, 0x52];

/** Seeded xorshift32 bytes: noise with no segment magic in it (asserted), as a non-RVF file would be. */
function noise(length, seed) {
  const out = new Uint8Array(length);
  const words = new Uint32Array(out.buffer);
  let x = seed;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x;
  }
  return out;
}

function hasMagic(bytes) {
  for (let at = bytes.indexOf(MAGIC[0]); at >= 0; at = bytes.indexOf(MAGIC[0], at + 1)) {
    if (bytes[at + 1] === MAGIC[1] && bytes[at + 2] === MAGIC[2] && bytes[at + 3] === MAGIC[3]) {
      return true;
    }
  }
  return false;
}

function rvfError(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof RvfError, `not an RvfError: ${e?.stack ?? e}`);
    assert.ok(e.message.length > 0);
    return e;
  }
  assert.fail("no error");
}

function seconds(start) {
  return ((performance.now() - start) / 1000).toFixed(2);
}

/** A small store whose answers must survive everything else. */
function witnessStore() {
  const store = RvfStore.create(4, "l2");
  store.ingest([[0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0], [1, 0, 0, 0]], [10, 11, 12, 13], [{ a: 1 }, null, null,
    { b: "x" }]);
  return store;
}

function assertWitness(store) {
  assert.deepEqual(store.query([0, 0, 0.9, 0.1], 2).map((h) => h.id), [11, 10]);
  const copy = RvfStore.open(store.export());
  try {
    assert.equal(copy.status().totalVectors, 4);
    assert.deepEqual(copy.query([0.9, 0, 0, 0.1], 2, { exact: true }).map((h) => h.id), [13, 10]);
    assert.deepEqual(copy.metadata(13), { b: "x" });
  } finally {
    copy.close();
  }
}

test("200 MB of bytes that hold no segment header are refused without being copied into Wasm memory", () => {
  const witness = witnessStore();
  const input = noise(BIG, 0x9e3779b9);
  assert.ok(!hasMagic(input), "the seed must give noise without the segment magic");
  const before = memory.buffer.byteLength;
  const start = performance.now();
  const e = rvfError(() => RvfStore.open(input));
  const took = seconds(start);
  assert.equal(e.code, "NO_MANIFEST");
  assert.match(e.message, /no segment header/);
  const grown = memory.buffer.byteLength - before;
  console.log(`[hostile] 200 MB noise: ${e.code} in ${took} s, Wasm memory grew by ${grown} bytes`);
  assert.ok(grown < MIB, `Wasm memory grew by ${grown} bytes`);
  assertWitness(witness);
  witness.close();
});

test("a 200 MB truncated file (valid segments, then a VEC payload cut short) is one copy, freed after", () => {
  const witness = witnessStore();
  // A real file: a store of dimension 1024, then the header of its VEC segment made to claim 400 MB of payload
  // and the file cut at 200 MB, as if the writer died in the middle of a large ingest.
  const dim = 1024;
  const source = RvfStore.create(dim, "l2");
  source.ingest(new Float32Array(8 * dim).map((_, i) => (i % 13) / 13), [1, 2, 3, 4, 5, 6, 7, 8]);
  const file = source.export();
  const vec = source.segments().find((s) => s.segType === "vec");
  source.close();
  const input = new Uint8Array(BIG);
  input.set(file.subarray(0, vec.offset + 64));
  new DataView(input.buffer).setBigUint64(vec.offset + 16, 400n * BigInt(MIB), true);
  input.fill(0x3f, vec.offset + 64);
  const before = memory.buffer.byteLength;
  for (const round of [1, 2]) {
    const start = performance.now();
    const e = rvfError(() => RvfStore.open(input));
    const took = seconds(start);
    assert.equal(e.code, "LENGTH_OUT_OF_RANGE", e.message);
    const grown = memory.buffer.byteLength - before;
    console.log(`[hostile] 200 MB truncated file, open #${round}: ${e.code} (${e.message}) in ${took} s, Wasm `
      + `memory grew by ${(grown / MIB).toFixed(1)} MiB in all`);
    // One copy of the input; the second open reuses the freed block instead of growing again.
    assert.ok(grown <= BIG + 2 * MIB, `Wasm memory grew by ${grown} bytes`);
  }
  assertWitness(witness);
  witness.close();
});

test("an ingest beyond the 1 GiB block cap is OUT_OF_MEMORY and the store keeps its data", () => {
  const witness = witnessStore();
  const dim = 4096;
  const store = RvfStore.create(dim, "l2");
  const few = new Float32Array(3 * dim).map((_, i) => (i % 7) - 3);
  store.ingest(few, [1, 2, 3]);
  const exported = store.export();
  const statusBefore = store.status();
  const count = 2 ** 30 / (dim * 4) + 1; // one vector more than 1 GiB
  const huge = new Float32Array(count * dim); // zeros: valid vectors, never touched by the failing call
  const ids = Array.from({ length: count }, (_, i) => 1000 + i);
  const before = memory.buffer.byteLength;
  const start = performance.now();
  const e = rvfError(() => store.ingest(huge, ids));
  console.log(`[hostile] ingest of ${(huge.byteLength / MIB).toFixed(0)} MiB: ${e.code} (${e.message}) in `
    + `${seconds(start)} s, Wasm memory grew by ${memory.buffer.byteLength - before} bytes`);
  assert.equal(e.code, "OUT_OF_MEMORY");
  assert.ok(memory.buffer.byteLength - before < MIB);
  assert.deepEqual(store.status(), statusBefore);
  assert.deepEqual(store.query(few.subarray(dim, 2 * dim), 3, { exact: true }).map((h) => h.id)[0], 2);
  assert.deepEqual(store.export(), exported, "the export changed after the failed ingest");
  const copy = RvfStore.open(store.export());
  assert.equal(copy.status().totalVectors, 3);
  copy.close();
  store.close();
  assertWitness(witness);
  witness.close();
  // A new store still works.
  const fresh = RvfStore.create(2, "cosine");
  fresh.ingest([[1, 0], [0, 1]], [1, 2]);
  assert.equal(fresh.query([0.1, 1], 1)[0].id, 2);
  fresh.close();
});

test("the check before copying gives the module's own answer, and bytes with the magic still reach the module", () => {
  const rawOpen = (bytes) => {
    const ptr = raw.rvf_alloc(bytes.length);
    new Uint8Array(memory.buffer).set(bytes, ptr);
    try {
      return raw.rvf_open(ptr, bytes.length, 0);
    } finally {
      raw.rvf_free(ptr);
    }
  };
  const cases = [noise(4096, 7), new Uint8Array(100).fill(0x53), new Uint8Array([0x53, 0x46, 0x56])];
  const magicInside = noise(4096, 7);
  magicInside.set(MAGIC, 1000);
  cases.push(magicInside);
  for (const bytes of cases) {
    const status = rawOpen(bytes);
    assert.ok(status < 0, `the module opened ${bytes.length} bytes`);
    const e = rvfError(() => RvfStore.open(bytes));
    assert.equal(ERROR_CODES[e.code], status, `${bytes.length} bytes: rvf.js ${e.code}, module ${status}`);
  }
  // The magic alone does not make a file: that case reached the module, which named what it found there.
  assert.notEqual(rvfError(() => RvfStore.open(magicInside)).code, "NO_MANIFEST");
});

test("an ingest whose input fits but whose vectors find no room left is OUT_OF_MEMORY and changes nothing", () => {
  const witness = witnessStore();
  const dim = 256;
  const store = RvfStore.create(dim, "cosine");
  const few = new Float32Array(3 * dim).map((_, i) => (i % 5) - 2);
  store.ingest(few, [1, 2, 3]);
  const exported = store.export();
  const statusBefore = store.status();
  // take the 1 GiB cap down to a few MB: 64 MiB blocks until refused, then the largest block that still fits
  const fillers = [];
  for (let p; (p = raw.rvf_alloc(64 * MIB)) > 0;) {
    fillers.push(p);
  }
  let room = 0;
  for (let step = 64 * MIB; step >= 4096; step /= 2) {
    const p = raw.rvf_alloc(room + step);
    if (p > 0) {
      raw.rvf_free(p);
      room += step;
    }
  }
  for (let keep = room - 6 * MIB; keep > 0;) { // leave ~6 MB: room for a 4 MB input, not for its 4 MB of rows too
    const p = raw.rvf_alloc(Math.min(keep, 64 * MIB));
    assert.ok(p > 0);
    fillers.push(p);
    keep -= Math.min(keep, 64 * MIB);
  }
  try {
    const count = (4 * MIB) / (dim * 4);
    const vectors = new Float32Array(count * dim).map((_, i) => (i % 11) - 5);
    const ids = Array.from({ length: count }, (_, i) => 100 + i);
    const e = rvfError(() => store.ingest(vectors, ids));
    console.log(`[hostile] ingest of 4 MiB with ~6 MiB of the cap left: ${e.code} (${e.message})`);
    assert.equal(e.code, "OUT_OF_MEMORY");
    assert.deepEqual(store.status(), statusBefore);
    assert.deepEqual(store.export(), exported, "the log got records the store has no room for");
    assert.equal(store.query(few.subarray(dim, 2 * dim), 1, { exact: true })[0].id, 2);
  } finally {
    for (const p of fillers) {
      assert.equal(raw.rvf_free(p), 0);
    }
  }
  const more = new Float32Array(2 * dim).fill(0.5);
  store.ingest(more, [7, 8]);
  assert.equal(store.status().totalVectors, 5, "with the room back, the same store ingests");
  store.close();
  assertWitness(witness);
  witness.close();
});
