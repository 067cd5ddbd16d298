// RvfDatabase (the reference SDK's async API over RvfStore + storage), RvfStore.vector/vectors and
// RvfStore.save/load/removeSaved/listSaved on real files, under `deno test` and `node --test`. Under Node the files are also
// opened by the reference binding (@ruvector/rvf-node-linux-x64-gnu), and reference-written files by RvfDatabase.
// Files go to js-glue/target/db-tests (JsRuntimeTest lets Deno read and write there).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import init, { ERROR_CODES, RvfDatabase, RvfError, RvfStore } from "../../../target/dist/rvf.js";

await init();
const DIR = fileURLToPath(new URL("../../../target/db-tests/", import.meta.url));
const RUNTIME = typeof Deno === "object" ? "deno" : "node";
let counter = 0;
// An earlier run of this runtime left its files for inspection; they go now.
for (const name of await readdir(DIR).catch(() => [])) {
  if (name.startsWith(`${RUNTIME}-`)) {
    await rm(DIR + name, { recursive: true, force: true });
  }
}

/** A fresh directory of this test run (per runtime, so Deno and Node can run at the same time). */
async function freshDir() {
  const dir = `${DIR}${RUNTIME}-${process.pid ?? 0}-${++counter}/`;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

function lcg(seed) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

/** n entries `{ id: "doc-i", vector, metadata: { "0": i % 3, "1": "even"|"odd" } }` of dimension dim. */
function entries(n, dim, seed = 7, prefix = "doc-") {
  const next = lcg(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    vector: Float32Array.from({ length: dim }, () => next() * 2 - 1),
    metadata: { 0: i % 3, 1: i % 2 === 0 ? "even" : "odd" },
  }));
}

/** The ids of the exact k nearest entries by squared L2 in float64, for checking answers independently. */
function bruteForce(all, query, k) {
  return all.map((e) => ({ id: e.id, d: e.vector.reduce((s, v, j) => s + (v - query[j]) ** 2, 0) }))
    .sort((a, b) => a.d - b.d).slice(0, k).map((h) => h.id);
}

async function rejects(promiseOrFn, code, part = "") {
  await assert.rejects(async () => (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn), (error) => {
    assert.ok(error instanceof RvfError, `expected an RvfError, got ${error?.stack ?? error}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.status, ERROR_CODES[code]);
    assert.ok(error.message.includes(part), `"${error.message}" lacks "${part}"`);
    return true;
  });
}

const readJson = async (path) => JSON.parse(await readFile(path, "utf8"));

test("RvfDatabase: create, ingest, query, delete, filter, compact, persisted on every call and reopened", async () => {
  const dir = await freshDir();
  const path = `${dir}main.rvf`;
  const all = entries(120, 8);
  const db = await RvfDatabase.create(path, { dimensions: 8, metric: "l2" });
  assert.equal(await db.dimension(), 8);
  assert.deepEqual(await db.ingestBatch([]), { accepted: 0, rejected: 0, epoch: 0 });
  const ingested = await db.ingestBatch(all);
  assert.equal(ingested.accepted, 120);
  assert.equal(ingested.rejected, 0);
  assert.ok(ingested.epoch > 0);

  // Written before ingestBatch resolved: the file on disk alone holds the 120 vectors, the sidecar their ids.
  const onDisk = RvfStore.open(await readFile(path));
  assert.equal(onDisk.status().totalVectors, 120);
  onDisk.close();
  const idmap = await readJson(`${path}.idmap.json`);
  assert.deepEqual(Object.keys(idmap).sort(), ["idToLabel", "labelToId", "nextLabel"]);
  assert.equal(idmap.nextLabel, 121);
  assert.equal(idmap.idToLabel["doc-0"], 1);
  assert.equal(idmap.labelToId["120"], "doc-119");

  const query = all[5].vector;
  const hits = await db.query(Array.from(query), 10);
  assert.deepEqual(hits.map((h) => h.id), bruteForce(all, query, 10));
  assert.equal(hits[0].distance, 0);
  assert.ok(hits.every((h) => typeof h.id === "string"));

  const status = await db.status();
  assert.deepEqual(Object.keys(status).sort(), ["compactionState", "deadSpaceRatio", "epoch", "fileSizeBytes",
    "profileId", "readOnly", "totalSegments", "totalVectors"]);
  assert.equal(status.totalVectors, 120);
  assert.equal(status.readOnly, false);
  assert.equal(status.fileSizeBytes, (await readFile(path)).length);

  // delete: unknown ids are skipped as in the SDK; deleted ids leave the id map
  assert.deepEqual(await db.delete(["nope"]), { deleted: 0, epoch: 0 });
  const deleted = await db.delete(["doc-5", "doc-6", "nope"]);
  assert.equal(deleted.deleted, 2);
  assert.ok(!("doc-5" in (await readJson(`${path}.idmap.json`)).idToLabel));
  assert.ok(!(await db.query(query, 120)).some((h) => h.id === "doc-5" || h.id === "doc-6"));

  // metadata is kept (the SDK drops it over the native binding); a fieldId filter names the field String(fieldId)
  const filtered = await db.query(query, 200, { filter: { op: "eq", fieldId: 0, value: 1 } });
  assert.equal(filtered.length, all.filter((e, i) => i % 3 === 1 && i !== 5 && i !== 6).length);
  assert.ok(filtered.every((h) => Number(h.id.slice(4)) % 3 === 1));
  const byFilter = await db.deleteByFilter({ op: "eq", fieldId: 1, value: "odd" });
  assert.equal(byFilter.deleted, 59); // 60 odd ids minus doc-5
  assert.equal((await db.status()).totalVectors, 120 - 2 - 59);
  const compacted = await db.compact();
  assert.deepEqual(Object.keys(compacted).sort(), ["bytesReclaimed", "epoch", "segmentsCompacted"]);
  const before = await db.query(query, 10);
  const fileId = await db.fileId();
  await db.close();
  assert.equal(db.isClosed, true);
  await db.close(); // twice is harmless

  const again = await RvfDatabase.open(path);
  assert.equal((await again.status()).totalVectors, 59);
  assert.deepEqual(await again.query(query, 10), before);
  assert.equal(await again.fileId(), fileId);
  // a re-used string id keeps its label; a new one gets the next label
  await again.ingestBatch([{ id: "doc-0", vector: all[1].vector }, { id: "new", vector: all[2].vector }]);
  assert.deepEqual((await readJson(`${path}.idmap.json`)).idToLabel["new"], 121);
  assert.equal((await again.query(all[1].vector, 1))[0].id, "doc-0");
  await again.close();
  assert.deepEqual((await readdir(dir)).sort(), ["main.rvf", "main.rvf.idmap.json"], "no temporary files left");
});

test("RvfDatabase: mutations not awaited one by one all reach the file, in call order", async () => {
  const dir = await freshDir();
  const path = `${dir}busy.rvf`;
  const all = entries(40, 4, 3);
  const db = await RvfDatabase.create(path, { dimensions: 4 });
  const calls = [];
  for (let i = 0; i < 40; i += 5) {
    calls.push(db.ingestBatch(all.slice(i, i + 5)));
  }
  calls.push(db.delete(["doc-0", "doc-39"]));
  const results = await Promise.all(calls);
  assert.equal(results.at(-1).deleted, 2);
  const onDisk = RvfStore.open(await readFile(path));
  assert.equal(onDisk.status().totalVectors, 38, "the file holds every batch and the delete");
  onDisk.close();
  assert.equal((await readJson(`${path}.idmap.json`)).nextLabel, 41);
  await db.close();
  const again = await RvfDatabase.openReadonly(path);
  assert.deepEqual((await again.query(all[7].vector, 1)).map((h) => h.id), ["doc-7"]);
  await again.close();
});

test("RvfDatabase: derive, lineage, kernel and eBPF survive a reopen; segments have the SDK's fields", async () => {
  const dir = await freshDir();
  const parent = await RvfDatabase.create(`${dir}parent.rvf`, { dimensions: 4, metric: "cosine", m: 8 });
  await parent.ingestBatch(entries(10, 4));
  const child = await parent.derive(`${dir}child.rvf`);
  assert.equal(await child.parentId(), await parent.fileId());
  assert.equal(await child.lineageDepth(), 1);
  assert.equal(await parent.lineageDepth(), 0);
  assert.equal(await parent.parentId(), "0".repeat(32));
  assert.deepEqual(await readJson(`${dir}child.rvf.idmap.json`), await readJson(`${dir}parent.rvf.idmap.json`));

  const image = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const kernelSegment = await child.embedKernel(1, 2, 0, image, 8080, "console=ttyS0");
  const bytecode = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
  const ebpfSegment = await child.embedEbpf(1, 2, 4, bytecode);
  assert.ok(kernelSegment > 0 && ebpfSegment > kernelSegment);
  const childFileId = await child.fileId();
  await child.close();
  await parent.close();

  const reopened = await RvfDatabase.openReadonly(`${dir}child.rvf`);
  assert.equal(await reopened.fileId(), childFileId);
  assert.equal(await reopened.lineageDepth(), 1);
  const kernel = await reopened.extractKernel();
  assert.equal(kernel.header.length, 128);
  assert.deepEqual(kernel.image.subarray(0, 300), image);
  const ebpf = await reopened.extractEbpf();
  assert.deepEqual(ebpf.payload.subarray(0, 64), bytecode);
  const segments = await reopened.segments();
  assert.ok(segments.some((s) => s.segType === "kernel" && s.id === kernelSegment));
  assert.ok(segments.some((s) => s.segType === "ebpf" && s.id === ebpfSegment));
  for (const s of segments) {
    assert.deepEqual(["id", "offset", "payloadLength", "segType"].map((k) => typeof s[k]),
      ["number", "number", "number", "string"]);
  }
  await reopened.close();
});

test("RvfDatabase: read-only opens refuse every mutation with READ_ONLY and leave the file untouched", async () => {
  const dir = await freshDir();
  const path = `${dir}ro.rvf`;
  const db = await RvfDatabase.create(path, { dimensions: 3 });
  await db.ingestBatch([{ id: "x", vector: [1, 2, 3] }]);
  await db.close();
  const bytes = await readFile(path);
  const sidecar = await readFile(`${path}.idmap.json`);
  const ro = await RvfDatabase.openReadonly(path);
  assert.equal((await ro.status()).readOnly, true);
  await rejects(() => ro.ingestBatch([{ id: "y", vector: [0, 0, 0] }]), "READ_ONLY");
  await rejects(() => ro.delete(["x"]), "READ_ONLY");
  await rejects(() => ro.deleteByFilter({ op: "eq", fieldId: 0, value: 1 }), "READ_ONLY");
  await rejects(() => ro.compact(), "READ_ONLY");
  await rejects(() => ro.embedKernel(1, 1, 0, new Uint8Array(8), 0), "READ_ONLY");
  await rejects(() => ro.embedEbpf(1, 1, 3, new Uint8Array(8)), "READ_ONLY");
  assert.deepEqual((await ro.query([1, 2, 3], 1)).map((h) => h.id), ["x"]);
  await ro.close();
  assert.deepEqual(await readFile(path), bytes);
  assert.deepEqual(await readFile(`${path}.idmap.json`), sidecar);
});

test("RvfDatabase: failures are RvfErrors with specific codes", async () => {
  const dir = await freshDir();
  await rejects(RvfDatabase.open(`${dir}missing.rvf`), "NOT_FOUND", "missing.rvf");
  await rejects(RvfDatabase.openReadonly(`${dir}missing.rvf`), "NOT_FOUND");
  await rejects(RvfDatabase.create(`${dir}a.rvf`, { dimensions: 0 }), "INVALID_ARGUMENT");
  await writeFile(`${dir}taken.rvf`, "precious");
  await rejects(RvfDatabase.create(`${dir}taken.rvf`, { dimensions: 2 }), "INVALID_ARGUMENT", "exists");
  assert.equal(await readFile(`${dir}taken.rvf`, "utf8"), "precious", "create never overwrites");
  await rejects(RvfDatabase.create(`${dir}a.rvf`, null), "INVALID_ARGUMENT");
  await rejects(RvfDatabase.create(`${dir}a.rvf`, { dimensions: 2 }, { storage: "floppy" }), "INVALID_ARGUMENT");
  await rejects(RvfDatabase.create(`${dir}no/such/dir/a.rvf`, { dimensions: 2 }), "INTERNAL", "a.rvf");
  await writeFile(`${dir}garbage.rvf`, new Uint8Array(100).fill(7));
  await assert.rejects(RvfDatabase.open(`${dir}garbage.rvf`),
    (e) => e instanceof RvfError && e.status <= -20 && e.status >= -49);
  const db = await RvfDatabase.create(`${dir}b.rvf`, { dimensions: 2 });
  await rejects(db.ingestBatch([{ id: "a", vector: [1, 2, 3] }]), "DIMENSION_MISMATCH");
  await rejects(db.ingestBatch([{ vector: [1, 2] }]), "INVALID_ARGUMENT");
  await rejects(db.query([1], 1), "DIMENSION_MISMATCH");
  await rejects(db.query([1, 2], 0), "INVALID_ARGUMENT");
  assert.equal((await readJson(`${dir}b.rvf.idmap.json`)).nextLabel, 1, "a refused batch takes no labels");
  await db.close();
  for (const call of [() => db.status(), () => db.query([1, 2], 1), () => db.ingestBatch([]), () => db.fileId(),
    () => db.segments(), () => db.derive(`${dir}c.rvf`)]) {
    await rejects(call, "CLOSED");
  }
});

test("RvfStore.vector / vectors return live vectors in id order", () => {
  const store = RvfStore.create(3, "l2");
  assert.deepEqual(store.vectors(), { ids: [], vectors: new Float32Array(0) });
  store.ingest(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), [30, 10, 2n ** 53n + 2n]);
  assert.deepEqual(store.vector(10), Float32Array.of(4, 5, 6));
  assert.deepEqual(store.vector(2n ** 53n + 2n), Float32Array.of(7, 8, 9));
  assert.equal(store.vector(11), null);
  store.delete([30]);
  assert.equal(store.vector(30), null);
  const { ids, vectors } = store.vectors();
  assert.deepEqual(ids, [10, 2n ** 53n + 2n]);
  assert.deepEqual(vectors, Float32Array.of(4, 5, 6, 7, 8, 9));
  assert.throws(() => store.vector(-1), (e) => e instanceof RvfError && e.code === "INVALID_ARGUMENT");
  store.close();
  assert.throws(() => store.vector(10), (e) => e instanceof RvfError && e.code === "CLOSED");
  assert.throws(() => store.vectors(), (e) => e instanceof RvfError && e.code === "CLOSED");
});

test("RvfStore.save / load / removeSaved keep a store in a file (Deno, Node)", async () => {
  const dir = await freshDir();
  const name = `${dir}saved.rvf`;
  const store = RvfStore.create(4, "dotproduct");
  store.ingest([[1, 0, 0, 0], [0, 1, 0, 0]], [1, 2], [{ tag: "a" }, { tag: "b" }]);
  await store.save(name);
  store.ingest([[0, 0, 1, 0]], [3]);
  await store.save(name); // replaces the first copy
  const loaded = await RvfStore.load(name);
  assert.equal(loaded.status().totalVectors, 3);
  assert.deepEqual(loaded.query([0, 0, 1, 0], 1), store.query([0, 0, 1, 0], 1));
  assert.deepEqual(loaded.metadata(2), { tag: "b" });
  const readOnly = await RvfStore.load(name, { readOnly: true });
  assert.equal(readOnly.status().readOnly, true);
  assert.deepEqual((await readdir(dir)).sort(), ["saved.rvf"], "no temporary files left");
  assert.equal(await RvfStore.removeSaved(name), true);
  assert.equal(await RvfStore.removeSaved(name), false);
  await rejects(RvfStore.load(name), "NOT_FOUND", "saved.rvf");
  await rejects(() => store.save(""), "INVALID_ARGUMENT");
  await rejects(() => store.save(name, { storage: "opfs" }), "UNSUPPORTED");
  for (const s of [store, loaded, readOnly]) {
    s.close();
  }
});

test("RvfStore.listSaved lists the .rvf files of a directory, newest first, without temporaries or id maps",
  async () => {
    const dir = await freshDir();
    const store = RvfStore.create(2, "l2");
    store.ingest([[1, 1]], [1]);
    await store.save(`${dir}old.rvf`);
    store.ingest([[2, 2], [3, 3]], [2, 3]);
    await store.save(`${dir}new.rvf`);
    await utimes(`${dir}old.rvf`, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const db = await RvfDatabase.create(`${dir}db.rvf`, { dimensions: 2 });
    await db.ingestBatch([{ id: "a", vector: [1, 1] }]);
    await db.close();
    await utimes(`${dir}db.rvf`, new Date(2021, 0, 1), new Date(2021, 0, 1));
    await writeFile(`${dir}new.rvf.tmp-abcdef12`, "an unfinished save");
    await mkdir(`${dir}nested.rvf`); // a directory, however named, is no saved store
    await writeFile(`${dir}notes.txt`, "not a store");

    const saved = await RvfStore.listSaved({ directory: dir });
    assert.deepEqual(saved.map((f) => f.name), ["new.rvf", "db.rvf", "old.rvf"]);
    for (const f of saved) {
      assert.equal(f.size, (await readFile(`${dir}${f.name}`)).length, f.name);
    }
    assert.equal(saved[2].lastModified, new Date(2020, 0, 1).getTime());
    assert.ok(saved[0].lastModified > saved[1].lastModified);
    assert.deepEqual(await RvfStore.listSaved({ directory: `${dir}missing` }), []);
    assert.ok((await RvfStore.listSaved()).every((f) => f.name.endsWith(".rvf")), "the working directory");
    await rejects(() => RvfStore.listSaved({ directory: 7 }), "INVALID_ARGUMENT");
    await rejects(() => RvfStore.listSaved({ directory: dir, storage: "opfs" }), "UNSUPPORTED");
    store.close();
  });

/** Makes the next file write of this runtime's file backend write half its bytes, then fail; returns undo. */
async function breakNextFileWrite() {
  if (RUNTIME === "deno") {
    const proto = Deno.FsFile.prototype;
    const write = proto.write;
    proto.write = async function (bytes) {
      proto.write = write;
      await write.call(this, bytes.subarray(0, bytes.length >> 1));
      throw new Error("disk unplugged (test)");
    };
    return () => {
      proto.write = write;
    };
  }
  const { open } = await import("node:fs/promises");
  const probe = await open(fileURLToPath(import.meta.url), "r");
  const proto = Object.getPrototypeOf(probe);
  await probe.close();
  const writeFile = proto.writeFile;
  proto.writeFile = async function (bytes) {
    proto.writeFile = writeFile;
    await writeFile.call(this, bytes.subarray(0, bytes.length >> 1));
    throw new Error("disk unplugged (test)");
  };
  return () => {
    proto.writeFile = writeFile;
  };
}

test("an interrupted save or database write leaves the previous file whole and no temporary file; close() "
  + "writes what a failed write left out", async () => {
  const dir = await freshDir();
  const name = `${dir}keep.rvf`;
  const store = RvfStore.create(2, "l2");
  store.ingest([[1, 1]], [1]);
  await store.save(name);
  const before = await readFile(name);
  store.ingest([[2, 2], [3, 3]], [2, 3]);
  let undo = await breakNextFileWrite();
  try {
    await rejects(() => store.save(name), "INTERNAL", "disk unplugged");
  } finally {
    undo();
  }
  assert.deepEqual(await readFile(name), before);
  using loaded = await RvfStore.load(name);
  assert.equal(loaded.status().totalVectors, 1);

  const db = await RvfDatabase.create(`${dir}db.rvf`, { dimensions: 2 });
  await db.ingestBatch([{ id: "a", vector: [1, 1] }]);
  const dbBefore = await readFile(`${dir}db.rvf`);
  undo = await breakNextFileWrite(); // the id map is written first: that write fails
  try {
    await rejects(db.ingestBatch([{ id: "b", vector: [2, 2] }]), "INTERNAL", "db.rvf.idmap.json");
  } finally {
    undo();
  }
  assert.deepEqual(await readFile(`${dir}db.rvf`), dbBefore);
  assert.deepEqual((await readJson(`${dir}db.rvf.idmap.json`)).idToLabel, { a: 1 });
  await db.close(); // writes what the failed write left out
  assert.deepEqual((await readdir(dir)).sort(), ["db.rvf", "db.rvf.idmap.json", "keep.rvf"]);
  const reopened = await RvfDatabase.openReadonly(`${dir}db.rvf`);
  assert.deepEqual((await reopened.query([2, 2], 2)).map((h) => h.id), ["b", "a"]);
  await reopened.close();
  store.close();
});

// ---------------------------------------------------------------------------------------------------------------
// The reference binding (Node only): the files and id maps cross in both directions

const reference = await loadReference();

async function loadReference() {
  if (RUNTIME !== "node") {
    return null;
  }
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  return require("../../../../node_modules/@ruvector/rvf-node-linux-x64-gnu").RvfDatabase;
}

/** What the SDK does with a native hit: the sidecar's labelToId, else the label as a string. */
const sdkId = (idmap, label) => idmap.labelToId[String(label)] ?? String(label);

test("a file RvfDatabase wrote opens in the reference binding with the same status and k-NN answers",
  { skip: RUNTIME !== "node" && "the reference binding is a Node addon" }, async () => {
    const dir = await freshDir();
    const path = `${dir}ours.rvf`;
    const all = entries(200, 16, 11, "item/");
    const db = await RvfDatabase.create(path, { dimensions: 16, metric: "l2" });
    await db.ingestBatch(all.slice(0, 150));
    await db.ingestBatch(all.slice(150));
    await db.delete(["item/3", "item/4"]);
    const queries = [all[0].vector, all[77].vector, Float32Array.from({ length: 16 }, (_, i) => i / 16)];
    const ours = [];
    for (const q of queries) {
      ours.push(await db.query(q, 10));
    }
    const ourStatus = await db.status();
    await db.close();

    const idmap = await readJson(`${path}.idmap.json`);
    const ref = reference.openReadonly(path);
    try {
      const refStatus = ref.status();
      assert.equal(refStatus.totalVectors, ourStatus.totalVectors);
      assert.equal(refStatus.totalVectors, 198);
      assert.equal(refStatus.fileSize, ourStatus.fileSizeBytes);
      assert.equal(refStatus.currentEpoch, ourStatus.epoch);
      assert.equal(ref.fileId(), await (async () => {
        const again = await RvfDatabase.openReadonly(path);
        try {
          return again.fileId();
        } finally {
          await again.close();
        }
      })());
      queries.forEach((q, i) => {
        const hits = ref.query(q, 10, {}).map((h) => ({ id: sdkId(idmap, h.id), distance: h.distance }));
        assert.deepEqual(hits.map((h) => h.id), ours[i].map((h) => h.id), `query ${i}`);
        assert.deepEqual(hits.map((h) => h.id), bruteForce(all.filter((e) => e.id !== "item/3" && e.id !== "item/4"),
          q, 10), `query ${i} against brute force`);
        hits.forEach((h, j) => assert.ok(Math.abs(h.distance - ours[i][j].distance) <= 1e-5 * (1 + h.distance)));
      });
    } finally {
      ref.close();
    }
  });

test("a file and id map written the reference SDK's way open in RvfDatabase, which appends to them",
  { skip: RUNTIME !== "node" && "the reference binding is a Node addon" }, async () => {
    const dir = await freshDir();
    const path = `${dir}theirs.rvf`;
    const all = entries(60, 8, 5, "k");
    const ref = reference.create(path, { dimension: 8, metric: "L2", m: 16, efConstruction: 200 });
    const flat = new Float32Array(60 * 8);
    all.forEach((e, i) => flat.set(e.vector, i * 8));
    ref.ingestBatch(flat, all.map((_, i) => i + 1));
    // the sidecar exactly as @ruvector/rvf 0.2.3 writes it (NodeBackend.saveMappings)
    await writeFile(`${path}.idmap.json`, JSON.stringify({
      idToLabel: Object.fromEntries(all.map((e, i) => [e.id, i + 1])),
      labelToId: Object.fromEntries(all.map((e, i) => [String(i + 1), e.id])),
      nextLabel: 61,
    }));
    const refHits = ref.query(all[9].vector, 5, {}).map((h) => h.id);
    ref.close();

    const db = await RvfDatabase.open(path);
    assert.equal((await db.status()).totalVectors, 60);
    const hits = await db.query(all[9].vector, 5);
    assert.deepEqual(hits.map((h) => h.id), refHits.map((label) => all[label - 1].id));
    assert.deepEqual(hits.map((h) => h.id), bruteForce(all, all[9].vector, 5));
    const extra = entries(5, 8, 99, "extra-");
    await db.ingestBatch(extra);
    await db.close();

    const idmap = await readJson(`${path}.idmap.json`);
    assert.equal(idmap.nextLabel, 66);
    const back = reference.openReadonly(path);
    try {
      assert.equal(back.status().totalVectors, 65);
      assert.equal(sdkId(idmap, back.query(extra[2].vector, 1, {})[0].id), "extra-2");
    } finally {
      back.close();
    }
  });

test("a reference file without id map: RvfDatabase reports labels as strings and never reuses them",
  { skip: RUNTIME !== "node" && "the reference binding is a Node addon" }, async () => {
    const dir = await freshDir();
    const path = `${dir}bare.rvf`;
    const ref = reference.create(path, { dimension: 2, metric: "L2" });
    ref.ingestBatch(Float32Array.of(0, 0, 1, 1, 5, 5), [4, 9, 2]);
    ref.close();
    const db = await RvfDatabase.open(path);
    assert.deepEqual((await db.query([1, 1], 3)).map((h) => h.id), ["9", "4", "2"]);
    await db.ingestBatch([{ id: "fresh", vector: [1, 1.1] }]);
    assert.equal((await readJson(`${path}.idmap.json`)).idToLabel.fresh, 10);
    assert.equal((await db.status()).totalVectors, 4);
    await db.close();
  });
