// The raw-ABI checks (abi_checks.mjs) against the packaged rvf.js + rvf.wasm, under `deno test` and `node --test`,
// plus checks that need files: the 48 reference samples in ../shared/samples (expected values from SUMMARY.txt and
// from this file's own decoding) and docs/ABI.md.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import init from "../../../target/dist/rvf.js";
import { ABI_CHECKS, distanceF32, METRIC_COSINE, METRIC_L2, RVF_EXPORTS, runOne, topkOracle }
  from "./abi_checks.mjs";

const instance = await init();
const { exports: e, memory } = instance;

for (const { name, run } of ABI_CHECKS) {
  test(name, () => {
    const result = runOne(name, run, instance);
    if (!result.ok) {
      throw result.thrown;
    }
  });
}

const SAMPLES = new URL("../../../../../shared/samples/", import.meta.url);
const ABI_DOC = new URL("../../../../docs/ABI.md", import.meta.url);
const TYPE_NAMES = { 1: "VEC", 5: "MANIFEST", 10: "WITNESS", 14: "KERNEL", 15: "EBPF" };

/** SUMMARY.txt rows: file -> { size, segments, live, dim, hashes, lineage }. */
async function summary() {
  const text = await readFile(new URL("SUMMARY.txt", SAMPLES), "utf8");
  const rows = new Map();
  for (const line of text.split("\n").slice(2)) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 10) {
      continue;
    }
    const [file, size, segments, live, dim, , hashes, , lineage] = cells;
    rows.set(file, { size: Number(size), segments, live: Number(live), dim: Number(dim), hashes, lineage });
  }
  return rows;
}

/** fold256 of rvf-format.md section 4.3, written independently of the Java core. */
function fold256(bytes) {
  const out = new Uint8Array(32);
  bytes.forEach((byte, i) => {
    const k = i % 32;
    out[k] = (out[k] + byte) & 0xff;
    const j = (i + 13) % 32;
    out[j] = (out[j] + (((out[k] << 3) | (out[k] >> 5)) & 0xff)) & 0xff;
  });
  return out;
}

const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The bytes in a fresh block; returns [ptr, free]. */
function place(bytes) {
  const ptr = e.rvf_alloc(Math.max(1, bytes.length));
  assert.ok(ptr > 0, `rvf_alloc(${bytes.length}) = ${ptr}`);
  new Uint8Array(memory.buffer).set(bytes, ptr);
  return [ptr, () => assert.equal(e.rvf_free(ptr), 0)];
}

function block(size) {
  const ptr = e.rvf_alloc(size);
  assert.ok(ptr > 0);
  return ptr;
}

/** What the module says about one file: its segments, latest manifest, directory and live ids. */
function describeFile(bytes) {
  const [ptr, free] = place(bytes);
  const header = block(80);
  const summaryPtr = block(136);
  try {
    const view = () => new DataView(memory.buffer);
    const segments = [];
    for (let at = 0; at < bytes.length;) {
      assert.equal(e.parse_segment_header(ptr + at, bytes.length - at, header), 64, `header at ${at}`);
      const type = view().getUint32(header + 4, true);
      const length = Number(view().getBigUint64(header + 24, true));
      segments.push({ at, type, length, hash: view().getInt32(header + 60, true) });
      at += 64 + length;
    }
    assert.equal(e.parse_manifest(ptr, bytes.length, 0, summaryPtr, 0, 0), 0);
    const entries = view().getUint32(summaryPtr + 16, true);
    const dir = block(Math.max(1, entries * 32));
    assert.equal(e.parse_manifest(ptr, bytes.length, 0, summaryPtr, dir, entries), entries);
    const s = view();
    const manifest = {
      dim: s.getUint32(summaryPtr + 4, true),
      deleted: s.getUint32(summaryPtr + 28, true),
      hasIdentity: s.getUint32(summaryPtr + 32, true),
      depth: s.getUint32(summaryPtr + 36, true),
      fileId: hex(new Uint8Array(memory.buffer, summaryPtr + 72, 16)),
      parentId: hex(new Uint8Array(memory.buffer, summaryPtr + 88, 16)),
      parentHash: hex(new Uint8Array(memory.buffer, summaryPtr + 104, 32)),
      directory: Array.from({ length: entries }, (_, i) => ({
        offset: Number(s.getBigUint64(dir + 32 * i + 8, true)),
        length: Number(s.getBigUint64(dir + 32 * i + 16, true)),
        type: s.getUint32(dir + 32 * i + 24, true),
      })),
    };
    assert.equal(e.rvf_free(dir), 0);
    // The vectors the reference loads: those of the VEC segments the directory lists, later ids winning.
    const vec = block(24);
    const live = new Map();
    for (const entry of manifest.directory.filter((d) => d.type === 1)) {
      const payload = entry.offset + 64;
      assert.equal(e.parse_vec_header(ptr + payload, entry.length, vec), 6, `VEC at ${entry.offset}`);
      const [dim, count, recordSize, recordsOffset] = new Int32Array(memory.buffer, vec, 4);
      assert.equal(dim, manifest.dim, "VEC dimension");
      const data = new DataView(bytes.buffer, bytes.byteOffset);
      for (let r = 0; r < count; r++) {
        const at = payload + recordsOffset + r * recordSize;
        live.set(data.getBigUint64(at, true), Float32Array.from({ length: dim },
          (_, d) => data.getFloat32(at + 8 + 4 * d, true)));
      }
    }
    assert.equal(e.rvf_free(vec), 0);
    return { segments, manifest, vectors: live };
  } finally {
    free();
    assert.equal(e.rvf_free(header), 0);
    assert.equal(e.rvf_free(summaryPtr), 0);
  }
}

/** SUMMARY.txt's segment column: each type in order of first appearance, with its count ("MANIFESTx2,VEC"). */
function typeCounts(types) {
  const counts = new Map();
  for (const t of types) {
    const name = TYPE_NAMES[t] ?? `0x${t.toString(16)}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([n, c]) => (c > 1 ? `${n}x${c}` : n)).join(",");
}

test("the 48 reference samples: segments, hashes, manifest, vectors and lineage as SUMMARY.txt says", async () => {
  assert.equal(hex(fold256(new TextEncoder().encode("abc"))),
    "616263000000000000000000000b131b00000000000000000000000000000000", "fold256 test vector");
  const rows = await summary();
  assert.equal(rows.size, 48);
  const files = new Map();
  for (const [file, expected] of rows) {
    const bytes = new Uint8Array(await readFile(new URL(file, SAMPLES)));
    assert.equal(bytes.length, expected.size, file);
    const found = describeFile(bytes);
    files.set(file, { bytes, found });
    assert.equal(typeCounts(found.segments.map((s) => s.type)), expected.segments, `${file}: segments`);
    const ok = found.segments.filter((s) => s.hash === 1).length;
    assert.equal(`ok ${ok}/${found.segments.length}`, expected.hashes, `${file}: content hashes`);
    assert.equal(found.manifest.dim, expected.dim, `${file}: dimension`);
    assert.equal(found.manifest.hasIdentity, 1, `${file}: identity`);
    assert.equal(found.vectors.size - found.manifest.deleted, expected.live, `${file}: live vectors`);
    const depth = /depth (\d+)/.exec(expected.lineage);
    assert.equal(found.manifest.depth, depth ? Number(depth[1]) : 0, `${file}: lineage depth`);
    if (expected.lineage === "root") {
      assert.equal(found.manifest.parentId, "0".repeat(32), `${file}: root has no parent`);
      assert.equal(found.manifest.parentHash, "0".repeat(64), `${file}: root has no parent hash`);
    }
  }
  let pairs = 0;
  for (const [file, expected] of rows) {
    const parent = /^ok: parent (\S+)/.exec(expected.lineage);
    if (parent) {
      const child = files.get(file).found.manifest;
      const { bytes, found } = files.get(parent[1]);
      assert.equal(child.parentId, found.manifest.fileId, `${file}: parent id = ${parent[1]}'s file id`);
      assert.equal(child.parentHash, hex(fold256(bytes.subarray(Math.max(0, bytes.length - 65536)))),
        `${file}: parent hash = fold256 of ${parent[1]}'s last 64 KiB`);
      pairs++;
    }
  }
  assert.equal(pairs, 5, "lineage pairs checked");
});

test("a scan of a real file's vectors: tile_batch_distance and tile_topk agree with JS", async () => {
  const bytes = new Uint8Array(await readFile(new URL("basic_store.rvf", SAMPLES)));
  const vectors = [...describeFile(bytes).vectors.values()];
  const dim = 384;
  assert.equal(vectors.length, 100);
  const tile = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => tile.set(v, i * dim));
  const [tPtr, freeTile] = place(new Uint8Array(tile.buffer));
  const out = block(vectors.length * 4);
  const idx = block(40);
  const dist = block(40);
  try {
    for (const metric of [METRIC_L2, METRIC_COSINE]) {
      assert.equal(e.tile_batch_distance(metric, tPtr + 7 * dim * 4, tPtr, vectors.length, dim, out), 100);
      const got = [...new Float32Array(memory.buffer, out, 100)];
      assert.deepEqual(got, vectors.map((v) => distanceF32(metric, vectors[7], v)), `metric ${metric}`);
      assert.equal(e.tile_topk(out, 100, 10, idx, dist), 10);
      const expected = topkOracle(got, 10);
      assert.deepEqual([...new Int32Array(memory.buffer, idx, 10)], expected.idx);
      assert.equal(expected.idx[0], 7, "the query vector itself is nearest");
    }
  } finally {
    freeTile();
    [out, idx, dist].forEach((p) => assert.equal(e.rvf_free(p), 0));
  }
});

test("docs/ABI.md documents exactly the module's exports", async () => {
  const doc = await readFile(ABI_DOC, "utf8");
  const documented = [...doc.matchAll(/^### `([a-z0-9_]+)\(/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...RVF_EXPORTS].sort());
  const module = await WebAssembly.compile(await readFile(new URL("../../../target/dist/rvf.wasm",
    import.meta.url)));
  const exported = WebAssembly.Module.exports(module).map((x) => x.name).filter((n) => !n.startsWith("teavm"));
  assert.deepEqual(exported.sort(), [...RVF_EXPORTS].sort());
  assert.match(doc, /^## Control plane \(rvf_\*\)/m, "the control-plane section is there");
});
