// The store API (rvf.js RvfStore over the control-plane exports) under `deno test` and `node --test`: every
// operation replayed against the answers of the same core code on the JVM (target/store-fixture/expected.json,
// written by StoreFixture), exact search against an independent float64 brute force, lineage, metadata, the
// reference samples, and a leak check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import * as rvf from "../../../target/dist/rvf.js";
import init, { _internal, RvfStore } from "../../../target/dist/rvf.js";
import { STORE_CHECKS } from "./store_checks.mjs";
import fixture from "../../../target/store-fixture/expected.json" with { type: "json" };
import { expectRvfError } from "./rvf_assert.mjs";

const instance = await init();
const { exports: e, memory } = instance;
const SAMPLES = new URL("../../../../../shared/samples/", import.meta.url);

const sample = async (name) => new Uint8Array(await readFile(new URL(name, SAMPLES)));
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (text) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));

/** Segment type names by code, written out here independently of rvf.js's table. */
const SEGMENT_TYPES = { 1: "vec", 2: "index", 4: "journal", 5: "manifest", 7: "meta", 10: "witness", 14: "kernel",
  15: "ebpf" };

/** Hits compared with === (not Object.is): a dot distance may be -0 on one side and 0 in the JSON. */
function sameHits(actual, expected, where) {
  const a = actual.map((h) => `${h.id}:${h.distance}`);
  const x = expected.map((h) => `${h.id}:${h.distance}`);
  assert.deepEqual(a, x, where);
  actual.forEach((h, i) => assert.ok(h.distance === expected[i].distance, `${where}: hit ${i}`));
}

/** The fields of `actual` that `expected` names (recursively), so extra fields of the JS status are ignored. */
function pick(actual, expected) {
  if (expected === null || typeof expected !== "object") {
    return actual;
  }
  return Object.fromEntries(Object.keys(expected).map((k) => [k, pick(actual?.[k], expected[k])]));
}

test("every operation answers exactly as the same core code on the JVM (StoreFixture replay)", async () => {
  const stores = new Map();
  const files = new Map();
  const parentOf = new Map();
  const seen = new Map();
  for (const [i, op] of fixture.ops.entries()) {
    const where = `op ${i}: ${op.op} on ${op.store}`;
    const s = stores.get(op.store);
    seen.set(op.op, (seen.get(op.op) ?? 0) + 1);
    switch (op.op) {
      case "create":
        stores.set(op.store, RvfStore.create(op.dimension, op.metric, op.options));
        break;
      case "open":
        stores.set(op.store, RvfStore.open(op.sample ? await sample(op.sample) : files.get(op.export)));
        break;
      case "ingest":
        assert.deepEqual(s.ingest(new Float32Array(op.vectors), op.ids, op.metadata ?? undefined), op.expect, where);
        break;
      case "query":
        sameHits(s.query(new Float32Array(op.vector), op.k, op.options), op.expect, where);
        break;
      case "delete":
        assert.deepEqual(s.delete(op.ids), op.expect, where);
        break;
      case "deleteByFilter":
        assert.deepEqual(s.deleteByFilter(op.filter), op.expect, where);
        break;
      case "compact":
        assert.deepEqual(s.compact(), op.expect, where);
        break;
      case "status":
        assert.deepEqual(pick(s.status(), op.expect), op.expect, where);
        break;
      case "segments":
        assert.deepEqual(s.segments().map(({ offset, id, payloadLength, segType, hashStatus }) =>
          ({ offset, id, payloadLength, segType, hashStatus })),
        op.expect.map(({ offset, id, payloadLength, type, hashStatus }) =>
          ({ offset, id, payloadLength, segType: SEGMENT_TYPES[type], hashStatus })), where);
        break;
      case "metadata":
        assert.deepEqual(s.metadata(op.id), op.expect, where);
        break;
      case "embedKernel":
        assert.equal(s.embedKernel(op.arch, op.kernelType, op.flags, unhex(op.image), op.apiPort, op.cmdline),
          op.expect, where);
        break;
      case "extractKernel": {
        const k = s.extractKernel();
        assert.deepEqual(k === null ? null : { header: hex(k.header), image: hex(k.image) }, op.expect, where);
        break;
      }
      case "embedEbpf":
        assert.equal(s.embedEbpf(op.programType, op.attachType, op.maxDimension, unhex(op.program), unhex(op.btf)),
          op.expect, where);
        break;
      case "extractEbpf": {
        const x = s.extractEbpf();
        assert.deepEqual(x === null ? null : { header: hex(x.header), payload: hex(x.payload) }, op.expect, where);
        break;
      }
      case "verifyWitness":
        assert.deepEqual(s.verifyWitness(), op.expect, where);
        break;
      case "export": {
        const bytes = s.export();
        assert.equal(bytes.length, op.expect.length, where);
        if (op.name !== null) {
          files.set(op.name, bytes);
        }
        break;
      }
      case "derive":
        stores.set(op.child, s.derive(op.derivationType));
        parentOf.set(op.child, s.fileId());
        break;
      case "lineage": {
        assert.equal(s.lineageDepth(), op.expect.depth, where);
        assert.match(s.fileId(), /^[0-9a-f]{32}$/, where);
        assert.equal(s.parentId(), op.expect.parentId ?? parentOf.get(op.store), where);
        if (op.expect.fileId !== null) {
          assert.equal(s.fileId(), op.expect.fileId, where);
        }
        break;
      }
      case "close":
        s.close();
        stores.delete(op.store);
        break;
      default:
        assert.fail(`unknown fixture op ${op.op}`);
    }
  }
  assert.equal(stores.size, 0, "the script closes every store");
  for (const name of ["create", "open", "ingest", "query", "delete", "deleteByFilter", "compact", "status",
    "segments", "metadata", "embedKernel", "extractKernel", "embedEbpf", "extractEbpf", "verifyWitness", "export",
    "derive", "lineage", "close"]) {
    assert.ok(seen.get(name) > 0, `the fixture has no ${name}`);
  }
  assert.ok(seen.get("query") >= 60, `only ${seen.get("query")} queries`);
});

// ---------------------------------------------------------------------------------------------------------------
// Independent checks

function lcg(seed) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x / 2 ** 32) * 2 - 1;
  };
}

function randomVectors(count, dim, seed) {
  const next = lcg(seed);
  return Float32Array.from({ length: count * dim }, next);
}

/** Distances in float64 from the f32 inputs, with the store's definitions (smaller is nearer). */
const DISTANCE64 = {
  l2: (a, b) => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0),
  dotproduct: (a, b) => -a.reduce((s, x, i) => s + x * b[i], 0),
  cosine: (a, b) => {
    let dot = 0;
    let na = 0;
    let nb = 0;
    a.forEach((x, i) => {
      dot += x * b[i];
      na += x * x;
      nb += b[i] * b[i];
    });
    return 1 - dot / Math.sqrt(na * nb);
  },
};

test("exact search agrees with a float64 brute force for every metric", () => {
  const dim = 19;
  const count = 300;
  for (const metric of ["l2", "dotproduct", "cosine"]) {
    using s = RvfStore.create(dim, metric);
    const vectors = randomVectors(count, dim, 7);
    const ids = Array.from({ length: count }, (_, i) => 5000 + i * 2);
    s.ingest(vectors, ids);
    for (let q = 0; q < 6; q++) {
      const query = randomVectors(1, dim, 100 + q);
      const truth = ids.map((id, i) => ({ id, d: DISTANCE64[metric](query, vectors.subarray(i * dim, (i + 1) * dim)) }))
        .sort((x, y) => x.d - y.d);
      const hits = s.query(query, 10, { exact: true });
      assert.equal(hits.length, 10);
      const byId = new Map(truth.map((t) => [t.id, t.d]));
      const tolerance = 1e-5 * Math.max(1, Math.abs(truth[9].d));
      hits.forEach((h, i) => {
        assert.ok(Math.abs(h.distance - byId.get(h.id)) <= tolerance, `${metric}: distance of ${h.id}`);
        assert.ok(h.distance <= truth[9].d + tolerance, `${metric}: hit ${i} (${h.id}) is not among the 10 nearest`);
        assert.ok(i === 0 || hits[i - 1].distance <= h.distance, `${metric}: hits are not sorted`);
      });
      const approximate = s.query(query, 10, { efSearch: 64 });
      const recall = approximate.filter((h) => hits.some((x) => x.id === h.id)).length;
      assert.ok(recall >= 8, `${metric}: HNSW recall ${recall}/10`);
    }
  }
});

/** The module's squared-L2 kernel in f32 (two lanes: even and odd elements, an odd last one to lane 0). */
function kernelL2(a, b) {
  const f = Math.fround;
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (; i + 1 < a.length; i += 2) {
    const e0 = f(a[i] - b[i]);
    const e1 = f(a[i + 1] - b[i + 1]);
    s0 = f(s0 + f(e0 * e0));
    s1 = f(s1 + f(e1 * e1));
  }
  if (i < a.length) {
    const e = f(a[i] - b[i]);
    s0 = f(s0 + f(e * e));
  }
  return f(s0 + s1);
}

test("exact L2 answers are the kernel's bits, whether the scan stops early or takes the norm form", () => {
  // Clustered data lets the scan stop summing most vectors after a chunk; data without clusters sends it to
  // the norm form and back. Either way the hits must be the kernel's brute force: same ids, same f32 distances.
  for (const [what, dim, clustered] of [["clustered", 64, true], ["clustered, odd dim", 37, true],
    ["no clusters", 64, false]]) {
    const count = 4000;
    const centres = randomVectors(20, dim, 3);
    const noise = randomVectors(count + 8, dim, 4);
    const point = (i) => Float32Array.from({ length: dim }, (_, j) =>
      (clustered ? centres[(i % 20) * dim + j] * 4 : 0) + noise[i * dim + j]);
    const vectors = new Float32Array(count * dim);
    for (let i = 0; i < count; i++) vectors.set(point(i), i * dim);
    const ids = Array.from({ length: count }, (_, i) => count - i); // ties go by id, against the ordinal order
    using s = RvfStore.create(dim, "l2");
    s.ingest(vectors, ids);
    for (let q = 0; q < 8; q++) {
      const query = point(count + q);
      const want = ids.map((id, i) => ({ id, distance: kernelL2(query, vectors.subarray(i * dim, (i + 1) * dim)) }))
        .sort((x, y) => x.distance - y.distance || x.id - y.id).slice(0, 10);
      const got = s.query(query, 10, { exact: true }).map((h) => ({ id: Number(h.id), distance: h.distance }));
      assert.deepEqual(got, want, `${what}: query ${q}`);
    }
  }
});

test("vectors ingested in batches of every size, across the module's blocks, come back and rank exactly", () => {
  const dim = 300; // 1,200-byte rows: a 1 MB block holds 873, so batches below cross block ends
  const batches = [1, 7, 900, 3000, 13, 2000];
  for (const metric of ["l2", "cosine"]) {
    using s = RvfStore.create(dim, metric, { m: 8, efConstruction: 32 });
    const blocksBefore = e.rvf_debug_live_blocks();
    const all = [];
    let next = 1;
    batches.forEach((size, b) => {
      const vectors = randomVectors(size, dim, 40 + b);
      const ids = Array.from({ length: size }, () => next++);
      s.ingest(vectors, ids);
      all.push({ vectors, ids });
    });
    assert.ok(e.rvf_debug_live_blocks() >= blocksBefore + 3, `${metric}: rows spread over several blocks`);
    for (const { vectors, ids } of all) {
      ids.forEach((id, i) => {
        assert.deepEqual(s.vector(id), vectors.subarray(i * dim, (i + 1) * dim), `${metric}: vector ${id}`);
      });
    }
    const flat = all.flatMap(({ vectors, ids }) => ids.map((id, i) => ({ id, v: vectors.subarray(i * dim, (i + 1) * dim) })));
    for (let q = 0; q < 3; q++) {
      const query = randomVectors(1, dim, 90 + q);
      const truth = flat.map(({ id, v }) => ({ id, d: DISTANCE64[metric](query, v) })).sort((x, y) => x.d - y.d);
      const tolerance = 1e-5 * Math.max(1, Math.abs(truth[9].d));
      const hits = s.query(query, 10, { exact: true });
      hits.forEach((h, i) => {
        assert.ok(Math.abs(h.distance - truth.find((t) => t.id === h.id).d) <= tolerance, `${metric}: distance of ${h.id}`);
        assert.ok(h.distance <= truth[9].d + tolerance, `${metric}: hit ${i} (${h.id}) is not among the 10 nearest`);
      });
    }
  }
});

test("ids are u64: beyond 2^53 they come back as bigint, below as number", () => {
  using s = RvfStore.create(2, "l2");
  const big = 2n ** 64n - 1n;
  const past53 = 2n ** 53n + 1n;
  s.ingest([[0, 0], [1, 0], [5, 5]], [big, past53, 7], [{ tag: "max" }, null, { tag: "seven" }]);
  assert.deepEqual(s.query([0, 0], 3, { exact: true }).map((h) => h.id), [big, past53, 7]);
  assert.deepEqual(s.metadata(big), { tag: "max" });
  assert.deepEqual(s.metadata(past53), {}, "a live id without metadata");
  assert.deepEqual(s.delete([big, 123]), { deleted: 1, epoch: 2 });
  assert.equal(s.metadata(big), null, "a deleted id");
  assert.throws(() => s.ingest([[0, 0]], [2n ** 64n]), expectRvfError("INVALID_ARGUMENT", "outside 0..2^64-1"));
  assert.throws(() => s.ingest([[0, 0]], [2 ** 53]), expectRvfError("INVALID_ARGUMENT", "ids[0]"));
  assert.throws(() => s.ingest([[0, 0]], [-1]), expectRvfError("INVALID_ARGUMENT"));
});

test("metadata keeps strings (any Unicode), numbers and booleans; re-ingesting replaces it", () => {
  using s = RvfStore.create(3, "cosine");
  const row = { name: "Zoë 🚀 \u0000 ✓", count: -12.5, huge: 1e300, tiny: -0, ok: true, no: false, empty: "" };
  s.ingest([[1, 2, 3], [3, 2, 1]], [1, 2], [row, { only: 1 }]);
  assert.deepEqual(s.metadata(1), row);
  s.ingest([[1, 1, 1]], [1], [{ replaced: "yes" }]);
  assert.deepEqual(s.metadata(1), { replaced: "yes" });
  assert.deepEqual(s.query([1, 1, 1], 2, { filter: { op: "eq", field: "replaced", value: "yes" } }).map((h) => h.id),
    [1]);
  assert.deepEqual(s.query([1, 1, 1], 2, { filter: { op: "eq", field: "name", value: row.name } }), [],
    "the old row is gone with the old vector");
  assert.equal(s.metadata(99), null);
  const reopened = RvfStore.open(s.export());
  assert.deepEqual(reopened.metadata(2), { only: 1 }, "metadata survives export/open (META segment)");
  reopened.close();
});

test("filters in the reference SDK's form: fieldId, valueType strings, children/child, JSON text", () => {
  using s = RvfStore.create(2, "l2");
  const meta = [];
  for (let i = 0; i < 20; i++) {
    meta.push({ 0: `cat_${"abc"[i % 3]}`, 1: i });
  }
  s.ingest(Array.from({ length: 20 }, (_, i) => [i, 0]), Array.from({ length: 20 }, (_, i) => i + 1), meta);
  const ids = (filter) => s.query([0, 0], 20, { exact: true, filter }).map((h) => h.id).sort((a, b) => a - b);
  const catA = ids({ op: "eq", fieldId: 0, valueType: "string", value: "cat_a" });
  assert.deepEqual(catA, [1, 4, 7, 10, 13, 16, 19]);
  assert.deepEqual(ids('{"op":"eq","fieldId":0,"valueType":"string","value":"cat_a"}'), catA);
  assert.deepEqual(ids({ op: "range", fieldId: 1, valueType: "u64", low: "10", high: "13" }), [11, 12, 13]);
  assert.deepEqual(ids({ op: "in", fieldId: 1, valueType: "u64", values: ["0", "19"] }), [1, 20]);
  assert.deepEqual(ids({ op: "and", children: [{ op: "eq", fieldId: 0, valueType: "string", value: "cat_b" },
    { op: "not", child: { op: "lt", fieldId: 1, valueType: "f64", value: "10" } }] }), [11, 14, 17, 20]);
  assert.deepEqual(ids({ op: "or", exprs: [{ op: "ge", field: "1", value: 18 }, { op: "le", field: "1", value: 0 }] }),
    [1, 19, 20]);
  assert.deepEqual(ids({ op: "ne", field: "missing", value: 1 }), [], "a missing field matches no comparison");
  assert.deepEqual(ids({ op: "eq", field: "1", value: "1" }), [], "the string \"1\" is not the number 1");
  assert.deepEqual(s.deleteByFilter({ op: "eq", fieldId: 0, value: "cat_c" }), { deleted: 6, epoch: 2 });
  assert.equal(s.status().totalVectors, 14);
});

test("export -> open -> export gives the same bytes; the reopened store loads its index", () => {
  using s = RvfStore.create(8, "l2", { m: 8 });
  s.ingest(randomVectors(64, 8, 3), Array.from({ length: 64 }, (_, i) => i), Array.from({ length: 64 },
    (_, i) => (i % 2 ? { odd: true } : null)));
  const first = s.export();
  assert.deepEqual(s.export(), first, "a second export changes nothing");
  using reopened = RvfStore.open(first);
  assert.deepEqual(reopened.export(), first);
  const status = reopened.status();
  assert.equal(status.index.state, "loaded");
  assert.equal(status.index.loadedNodes, 64);
  assert.equal(reopened.fileId(), s.fileId(), "the file keeps its identity");
  const q = randomVectors(1, 8, 9);
  assert.deepEqual(reopened.query(q, 5), s.query(q, 5));
});

test("a VEC payload over 64 KiB (hashed as two halves, combined) opens; a flipped byte anywhere in it is a HASH_MISMATCH", () => {
  const dim = 48;
  const n = 701; // payload ~140 KB, not a multiple of 16: the second half has bytes past the interleaved part
  const vectors = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i * 0.37));
  const created = RvfStore.create(dim, "l2");
  created.ingest(vectors, Array.from({ length: n }, (_, i) => i + 1));
  const file = created.export();
  created.close();
  const vec = RvfStore.open(file).segments().find((seg) => seg.segType === "vec");
  assert.ok(vec.payloadLength > 2 * 65536 && vec.payloadLength % 16 !== 0, `payload ${vec.payloadLength}`);
  const reopened = RvfStore.open(file);
  assert.equal(vec.hashStatus, "ok");
  assert.deepEqual(reopened.query(vectors.subarray(5 * dim, 6 * dim), 1).map((h) => h.id), [6]);
  reopened.close();
  const start = vec.offset + 64; // the 64-byte segment header
  const half = Math.floor(vec.payloadLength / 2) & ~7;
  for (const at of [0, 7, half - 1, half, half + 8, 2 * half - 1, 2 * half, vec.payloadLength - 1]) {
    const corrupt = file.slice();
    corrupt[start + at] ^= 0x10;
    assert.throws(() => RvfStore.open(corrupt), expectRvfError("HASH_MISMATCH"), `payload byte ${at}`);
  }
});

test("an opened file's vectors stay in it: no second copy; ingest, delete, compact and close answer as a created store", () => {
  for (const metric of ["cosine", "l2", "dotproduct"]) {
    const dim = 13; // odd: the kernels' tail element
    const baseline = e.rvf_debug_live_blocks();
    const created = RvfStore.create(dim, metric, { m: 8 });
    created.ingest(randomVectors(700, dim, 21), Array.from({ length: 700 }, (_, i) => i + 1));
    const file = created.export();
    const withCreated = e.rvf_debug_live_blocks();
    const readOnly = RvfStore.open(file); // its graph's level 0 is read in the file: closing gives the file back
    assert.equal(readOnly.status().index.state, "loaded", `${metric}: the file's graph is used`);
    assert.equal(readOnly.query(randomVectors(1, dim, 24), 5).length, 5);
    readOnly.close();
    assert.equal(e.rvf_debug_live_blocks(), withCreated, `${metric}: a store that only searched its file freed it`);
    const opened = RvfStore.open(file);
    try {
      assert.equal(e.rvf_debug_live_blocks(), withCreated + 1, `${metric}: opening adds the file's block only`);
      const queries = randomVectors(12, dim, 22);
      const same = (what) => {
        for (let i = 0; i < 12; i++) {
          const q = queries.subarray(i * dim, (i + 1) * dim);
          assert.deepEqual(opened.query(q, 9), created.query(q, 9), `${metric} ${what}: approximate, query ${i}`);
          assert.deepEqual(opened.query(q, 9, { exact: true }), created.query(q, 9, { exact: true }),
            `${metric} ${what}: exact, query ${i}`);
        }
      };
      same("as opened");
      const more = randomVectors(150, dim, 23);
      const moreIds = Array.from({ length: 150 }, (_, i) => 1000 + i);
      created.ingest(more, moreIds);
      opened.ingest(more, moreIds);
      assert.ok(e.rvf_debug_live_blocks() > withCreated + 1, `${metric}: ingested vectors take a block of their own`);
      same("after an ingest");
      const gone = Array.from({ length: 200 }, (_, i) => 3 * i + 1);
      created.delete(gone);
      opened.delete(gone);
      same("after a delete");
      created.compact();
      opened.compact();
      same("after compaction, which let the file go");
      assert.deepEqual(opened.vector(1000), created.vector(1000), `${metric}: an ingested vector`);
      assert.deepEqual(opened.vector(2), created.vector(2), `${metric}: a vector of the file`);
    } finally {
      opened.close();
      created.close();
    }
    assert.equal(e.rvf_debug_live_blocks(), baseline, `${metric}: closing freed the file and every block of vectors`);
  }
});

test("openStream: a Response, Blob or chunked stream opens as open(bytes) does, without leaking on failure", async () => {
  using s = RvfStore.create(8, "cosine", { m: 8 });
  s.ingest(randomVectors(300, 8, 5), Array.from({ length: 300 }, (_, i) => i + 1));
  const file = s.export();
  const q = randomVectors(1, 8, 11);
  const expected = RvfStore.open(file);
  const want = { hits: expected.query(q, 7), status: expected.status(), bytes: expected.export() };
  expected.close();
  /** A stream of `file` cut into chunks of `size` bytes (a new array each: the store must copy, not keep them). */
  const chunked = (bytes, size) => new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += size) {
        controller.enqueue(bytes.slice(at, at + size));
      }
      controller.close();
    },
  });
  using small = RvfStore.create(2, "l2");
  small.ingest(new Float32Array([1, 2, 3, 4]), [1, 2]);
  const tiny = small.export();
  const blocks = e.rvf_debug_live_blocks(); // after the ingests: stored vectors take blocks of the module's
  const sources = [
    ["Response with Content-Length", () => new Response(file, { headers: { "content-length": String(file.length) } })],
    ["Response, too small a length", () => new Response(file, { headers: { "content-length": "10" } })],
    ["Blob", () => new Blob([file])],
    ["stream of 1000-byte chunks", () => chunked(file, 1000)],
  ];
  for (const [what, make] of sources) {
    const store = await RvfStore.openStream(make());
    assert.deepEqual(store.query(q, 7), want.hits, what);
    assert.deepEqual(store.status(), want.status, what);
    assert.deepEqual(store.export(), want.bytes, what);
    store.close();
  }
  const fromBytes = await RvfStore.openStream(chunked(tiny, 1), { length: 1 });
  assert.deepEqual(fromBytes.export(), tiny, "1-byte chunks, growing from a 1-byte hint");
  fromBytes.close();
  const readOnly = await RvfStore.openStream(new Blob([file]), { readOnly: true });
  assert.throws(() => readOnly.ingest(new Float32Array(8), [9]), expectRvfError("READ_ONLY"));
  readOnly.close();
  assert.equal(e.rvf_debug_live_blocks(), blocks, "closed stores freed their files");

  const corrupt = file.slice();
  corrupt[2000] ^= 0xff; // inside the VEC records: HASH_MISMATCH
  const failures = [
    [() => new Response(new Uint8Array(0)), "TRUNCATED"],
    [() => new Blob([new Uint8Array(100_000).fill(7)]), "NO_MANIFEST"],
    [() => new Blob([corrupt]), "HASH_MISMATCH"],
    [() => new ReadableStream({ start(c) { c.enqueue("text"); c.close(); } }), "INVALID_ARGUMENT"],
    [() => new ReadableStream({ start(c) { c.enqueue(file.slice(0, 100)); c.error(new Error("network down")); } }),
      "network down"],
  ];
  for (const [make, code] of failures) {
    await assert.rejects(RvfStore.openStream(make()), (error) => (code === "network down" ? error.message : error.code)
      === code);
    assert.equal(e.rvf_debug_live_blocks(), blocks, `no block left behind (${code})`);
  }
  const used = new Response(file);
  await used.arrayBuffer();
  await assert.rejects(RvfStore.openStream(used), expectRvfError("INVALID_ARGUMENT", "already read"));
  await assert.rejects(RvfStore.openStream(file), expectRvfError("INVALID_ARGUMENT", "Response, Blob or ReadableStream"));
  await assert.rejects(RvfStore.openStream(new Blob([file]), { length: -1 }), expectRvfError("INVALID_ARGUMENT"));
  let cancelled = null;
  const endless = () => new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(16)); },
    cancel(reason) { cancelled = reason; } });
  for (const length of [2 ** 30 + 1, 2 ** 31, 2 ** 40]) { // past the 1 GiB block cap; past i32
    cancelled = null;
    await assert.rejects(RvfStore.openStream(endless(), { length }), expectRvfError("OUT_OF_MEMORY"), `${length}`);
    assert.equal(cancelled?.code, "OUT_OF_MEMORY", "the stream is cancelled with the error");
  }
  assert.equal(e.rvf_debug_live_blocks(), blocks);
});

test("a read-only store answers, exports the bytes it was opened from, and refuses every mutation", async () => {
  const bytes = await sample("sealed_engine.rvf");
  using s = RvfStore.open(bytes, { readOnly: true });
  const status = s.status();
  assert.equal(status.readOnly, true);
  assert.equal(status.totalVectors, 200);
  assert.equal(s.dimension, 256);
  assert.deepEqual(s.export(), bytes);
  assert.equal(s.query(new Float32Array(256), 3).length, 3);
  assert.equal(s.extractKernel().header.length, 128);
  assert.ok(s.extractEbpf().payload.length > 0);
  for (const [name, call] of [
    ["ingest", () => s.ingest(new Float32Array(256), [1])],
    ["delete", () => s.delete([1])],
    ["deleteByFilter", () => s.deleteByFilter({ op: "eq", field: "x", value: 1 })],
    ["compact", () => s.compact()],
    ["embedKernel", () => s.embedKernel(1, 1, 0, new Uint8Array(4))],
    ["embedEbpf", () => s.embedEbpf(1, 1, 1, new Uint8Array(4))],
  ]) {
    assert.throws(call, expectRvfError("READ_ONLY"), name);
  }
  assert.deepEqual(s.export(), bytes, "unchanged by the refused calls");
});

test("derive: an empty child with the parent's shape, one level deeper, named or numbered types", () => {
  using parent = RvfStore.create(5, "dotproduct", { efSearch: 40 });
  parent.ingest(randomVectors(10, 5, 1), Array.from({ length: 10 }, (_, i) => i));
  using clone = parent.derive();
  using snapshot = parent.derive("snapshot");
  using numbered = parent.derive(255);
  using grandchild = clone.derive("filter");
  for (const child of [clone, snapshot, numbered]) {
    assert.equal(child.parentId(), parent.fileId());
    assert.equal(child.lineageDepth(), 1);
    assert.notEqual(child.fileId(), parent.fileId());
    assert.equal(child.dimension, 5);
    assert.equal(child.metric, "dotproduct");
    assert.equal(child.status().totalVectors, 0);
    assert.equal(child.status().index.efSearch, 40, "the child keeps the parent's options");
  }
  assert.equal(grandchild.parentId(), clone.fileId());
  assert.equal(grandchild.lineageDepth(), 2);
  assert.equal(parent.parentId(), "0".repeat(32));
  assert.equal(parent.lineageDepth(), 0);
  assert.throws(() => parent.derive("sideways"), expectRvfError("INVALID_ARGUMENT", "unknown derivation type"));
  assert.throws(() => parent.derive(7), expectRvfError("INVALID_ARGUMENT", "derivation type 7"));
});

test("stores created in the same millisecond, in one instance or two, get different file ids", async () => {
  const stores = Array.from({ length: 40 }, () => RvfStore.create(2));
  const ids = new Set(stores.map((s) => s.fileId()));
  assert.equal(ids.size, stores.length);
  stores.forEach((s) => s.close());
  // A second instance starts its counter at 1 too: only the random part of the seed tells them apart.
  const other = await _internal.load();
  const lineage = (rt, handle) => {
    const { outputs } = rt.call("rvf_lineage", handle, _internal.output(Uint8Array, 72));
    return hex(outputs[0].subarray(0, 16));
  };
  const here = _internal.runtime();
  const a = here.call("rvf_create", 2, 0, 0, 0).status;
  const b = other.call("rvf_create", 2, 0, 0, 0).status;
  assert.notEqual(lineage(here, a), lineage(other, b));
  here.call("rvf_close", a);
  other.call("rvf_close", b);
});

test("close(), `using` and Symbol.dispose release the store; later calls throw CLOSED", () => {
  const openBefore = e.rvf_debug_open_stores();
  let escaped;
  {
    using s = RvfStore.create(3);
    escaped = s;
    assert.equal(e.rvf_debug_open_stores(), openBefore + 1);
  }
  assert.equal(e.rvf_debug_open_stores(), openBefore, "`using` closed it");
  assert.equal(escaped.closed, true);
  for (const call of [() => escaped.status(), () => escaped.query([0, 0, 0], 1), () => escaped.export(),
    () => escaped.ingest([[0, 0, 0]], [1]), () => escaped.derive(), () => escaped.fileId()]) {
    assert.throws(call, expectRvfError("CLOSED"));
  }
  escaped.close();
  escaped[Symbol.dispose]();
  const s = RvfStore.create(3);
  s[Symbol.dispose]();
  assert.equal(s.closed, true);
  assert.equal(e.rvf_debug_open_stores(), openBefore);
});

test("leak check: 1,000 create/ingest/query/export/close cycles leave memory and live blocks where they were", () => {
  const cycle = (i) => {
    const s = RvfStore.create(12, i % 2 ? "cosine" : "l2", { m: 8 });
    s.ingest(randomVectors(30, 12, i), Array.from({ length: 30 }, (_, j) => i * 100 + j), i % 3 ? undefined
      : Array.from({ length: 30 }, (_, j) => ({ j })));
    assert.equal(s.query(randomVectors(1, 12, i + 7), 5, { filter: i % 3 ? null : { op: "lt", field: "j", value: 9 } })
      .length, 5);
    assert.ok(s.export().length > 1000);
    s.close();
  };
  const blocks = e.rvf_debug_live_blocks();
  const stores = e.rvf_debug_open_stores();
  for (let i = 0; i < 100; i++) {
    cycle(i);
  }
  const warmedUp = memory.buffer.byteLength;
  for (let i = 100; i < 1000; i++) {
    cycle(i);
  }
  assert.equal(memory.buffer.byteLength, warmedUp, "memory grew after warm-up");
  assert.equal(e.rvf_debug_live_blocks(), blocks, "live blocks");
  assert.equal(e.rvf_debug_open_stores(), stores, "open stores");
});

// The checks workerd and Chromium run (store_checks.mjs), here too.
for (const { name, run } of STORE_CHECKS) {
  test(`store check: ${name}`, async () => run(rvf, instance));
}
