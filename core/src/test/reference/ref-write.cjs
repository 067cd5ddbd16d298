'use strict';
// Has the reference binding WRITE a catalogue of .rvf files into OUTDIR and describes, in OUTDIR/expected.json,
// what a reader must find in each. Vectors come from a seeded PRNG, so the vectors (not the file ids, which
// the reference derives from the clock) are the same on every run.
//
//   node ref-write.cjs OUTDIR        (prints a one-line JSON summary on stdout; diagnostics on stderr)
//
// expected.json = {generator, files: [entry...]}; entry:
//   name, description, handcrafted (built by hand from a reference file), requiresParent (file name or null),
//   dimension, metric, liveCount, liveIds (sorted), deletedIds (the manifest's deleted list),
//   vectors [{id, values}] for every live id (for a COW child: inherited ones too), fileId, parentId,
//   lineageDepth, status, segments, kernel {header, image} | null, ebpf {header, payload} | null, witness,
//   manifest (latest MANIFEST decoded from the bytes), fileSegments (physical segment walk), ops (every call
//   made and what the reference answered), queries [{vector, k, approximate, results [{id, distance}]}],
//   selfCheck {ok, problems}: the model of what the reference does (later id wins, deletes stick until
//   compaction, squared L2 / 1 - cos / -dot in sequential float32) checked against a query over every vector.
const fs = require('node:fs');
const path = require('node:path');
const common = require('./ref-common.cjs');
const bytes = require('./rvf-bytes.cjs');

const { RvfDatabase } = common.loadBinding();
const f32 = Math.fround;

// The reference answers queries exactly (brute force) below this many vectors, with HNSW at or above it.
const INDEX_MIN_VECTORS = 1024;

/** Distances as the reference's exact scan computes them: float32, sequential accumulation. */
function distance(metric, a, b) {
  if (metric === 'l2') {
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const d = f32(a[i] - b[i]);
      s = f32(s + f32(d * d));
    }
    return s;
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot = f32(dot + f32(a[i] * b[i]));
    na = f32(na + f32(a[i] * a[i]));
    nb = f32(nb + f32(b[i] * b[i]));
  }
  if (metric === 'inner_product') return -dot;
  const denom = f32(Math.sqrt(f32(na * nb)));
  if (denom < 1.1920929e-7) return 1;
  return f32(1 - f32(dot / denom));
}

/** One catalogue file: the reference handle plus a model of what it must contain. */
class Scenario {
  constructor(catalogue, name, description, options) {
    this.catalogue = catalogue;
    this.name = name;
    this.description = description;
    this.dimension = options.dimension;
    this.metric = options.metric || 'l2';
    this.vectors = new Map(); // id -> Float32Array: last write wins, deleted ones included
    this.deleted = new Set(); // ids hidden until the next compaction (re-ingesting does not revive them)
    this.inherited = null; // Scenario of a COW parent
    this.requiresParent = null;
    this.handcrafted = false;
    this.ops = [];
    this.queries = [];
    this.extraNotes = [];
    this.db = null;
    this.rnd = bytes.prng(catalogue.files.length * 7919 + 17);
  }

  create(options = {}) {
    const opts = { dimension: this.dimension, metric: this.metric, ...options };
    fs.rmSync(this.name, { force: true });
    this.db = RvfDatabase.create(this.name, opts);
    this.ops.push({ op: 'create', options: opts });
    return this;
  }

  random(count) {
    return bytes.randomVectors(this.rnd, count, this.dimension);
  }

  ingest(vectors, ids, note) {
    const result = this.db.ingestBatch(vectors, ids);
    this.ops.push({ op: 'ingestBatch', ids, vectorFloats: vectors.length, note, result });
    if (result.accepted === ids.length) {
      ids.forEach((id, i) => this.vectors.set(id, vectors.slice(i * this.dimension, (i + 1) * this.dimension)));
    } else if (result.accepted !== 0) {
      throw new Error(this.name + ': partial ingest not modelled: ' + JSON.stringify(result));
    }
    return result;
  }

  ingestRange(first, count, note) {
    const ids = Array.from({ length: count }, (_, i) => first + i);
    return this.ingest(this.random(count), ids, note);
  }

  delete(ids, note) {
    const result = this.db.delete(ids);
    let expected = 0;
    for (const id of ids) {
      if (this.isLive(id)) {
        this.deleted.add(id);
        expected++;
      }
    }
    this.ops.push({ op: 'delete', ids, note, result, modelDeleted: expected });
    return result;
  }

  compact() {
    const result = this.db.compact();
    this.ops.push({ op: 'compact', result });
    for (const id of this.deleted) this.vectors.delete(id);
    this.deleted.clear();
    return result;
  }

  isLive(id) {
    if (this.deleted.has(id)) return false;
    return this.vectors.has(id) || (this.inherited !== null && this.inherited.liveVector(id) !== undefined);
  }

  liveVector(id) {
    if (this.deleted.has(id)) return undefined;
    if (this.vectors.has(id)) return this.vectors.get(id);
    return this.inherited ? this.inherited.liveVector(id) : undefined;
  }

  liveIds() {
    const ids = new Set(this.vectors.keys());
    if (this.inherited) for (const id of this.inherited.liveIds()) ids.add(id);
    return [...ids].filter((id) => this.isLive(id)).sort((a, b) => a - b);
  }

  close() {
    if (this.db) {
      this.db.close();
      this.db = null;
      this.ops.push({ op: 'close' });
    }
    return this;
  }

  reopen() {
    this.db = RvfDatabase.open(this.name);
    this.ops.push({ op: 'open' });
    return this;
  }

  /** Queries run on the finished file (read-only). k = 0 means "every live vector". */
  query(vector, k) {
    this.queries.push({ vector: Array.from(vector), k });
    return this;
  }

  defaultQueries() {
    const live = this.liveIds();
    if (live.length === 0) return this.query(this.random(1), 5);
    this.query(this.random(1), 5);
    this.query(this.liveVector(live[Math.floor(live.length / 2)]), 3);
    return this.query(this.random(1), live.length + 3);
  }
}

class Catalogue {
  constructor(dir) {
    this.dir = dir;
    this.files = [];
  }

  scenario(name, description, options) {
    const s = new Scenario(this, name, description, options);
    this.files.push(s);
    return s;
  }

  /** A copy of an existing file with one hand-built segment appended (rvf-format.md §2, §4.1, §6). */
  handcrafted(name, description, source, build) {
    const s = this.scenario(name, description, { dimension: source.dimension, metric: source.metric });
    s.handcrafted = true;
    s.vectors = new Map(source.vectors);
    s.deleted = new Set(source.deleted);
    s.ops.push({ op: 'handcrafted', from: source.name });
    fs.writeFileSync(name, build(fs.readFileSync(source.name)));
    return s;
  }
}

function pattern(length, seed) {
  const b = Buffer.alloc(length);
  const rnd = bytes.prng(seed);
  for (let i = 0; i < length; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

function buildCatalogue(cat) {
  cat.scenario('empty.rvf', 'create only: a single MANIFEST', { dimension: 8 }).create().close().defaultQueries();

  {
    const s = cat.scenario('metric_l2.rvf', 'l2, one batch of 40', { dimension: 16, metric: 'l2' }).create();
    s.ingestRange(1, 40);
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('metric_cosine.rvf', 'cosine, 29 random vectors and a zero vector (id 129)', { dimension: 8, metric: 'cosine' }).create();
    const v = s.random(30);
    v.fill(0, 29 * 8);
    s.ingest(v, Array.from({ length: 30 }, (_, i) => 100 + i));
    s.close().defaultQueries();
    s.query(new Float32Array(8), 5); // zero query: every distance is 1, ties ordered by id
  }
  {
    const s = cat.scenario('metric_ip.rvf', 'inner_product, two batches of 30', { dimension: 32, metric: 'inner_product' }).create();
    s.ingestRange(1, 30);
    s.ingestRange(31, 30);
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('ids_batches.rvf', 'ids above 2^32 and up to 2^53-1, ids re-used across and within batches, a rejected batch', { dimension: 12 }).create();
    s.ingestRange(1, 30, 'ids 1..30');
    const big = [2 ** 32, 2 ** 32 + 1, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER];
    s.ingest(s.random(24), big.concat(Array.from({ length: 20 }, (_, i) => 31 + i)), 'ids > 2^32 and 31..50');
    const reused = [5, 2 ** 32, 51, 52, 55, 55];
    s.ingest(s.random(reused.length), reused, 're-used 5 and 2^32 (later batch wins); 55 twice in one batch (second wins)');
    s.ingest(s.random(2).subarray(0, 20), [60, 61], 'vector length 20 for 2 ids of dim 12: whole batch rejected');
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('deletes.rvf', 'deletes incl. ids that do not exist, a repeated delete, and a re-ingest of a deleted id (stays deleted)', { dimension: 8 }).create();
    s.ingestRange(1, 50);
    s.delete([3, 4, 5, 999999, 2 ** 33], 'ids 999999 and 2^33 do not exist');
    s.delete([4, 10, 10], '4 is already deleted, 10 twice');
    s.ingest(s.random(2), [3, 60], 're-ingest deleted id 3 (stays hidden until compaction) and new id 60');
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('compacted.rvf', 'two batches, 10 deletes, compact, then new ids and a previously deleted id re-ingested', { dimension: 8, metric: 'cosine' }).create();
    s.ingestRange(1, 40);
    s.ingestRange(41, 20);
    s.delete([2, 4, 6, 8, 10, 41, 43, 45, 47, 49]);
    s.compact();
    s.ingestRange(61, 5);
    s.ingest(s.random(1), [2], 'id 2 was deleted and compacted away: visible again');
    s.close().defaultQueries();
  }
  {
    const parent = cat.scenario('lineage_parent.rvf', 'inner_product parent of a derive chain', { dimension: 16, metric: 'inner_product' }).create();
    parent.ingestRange(1, 20);
    const child = cat.scenario('lineage_child.rvf', 'derive(parent): depth 1, own vectors only', { dimension: 16, metric: 'inner_product' });
    child.db = parent.db.derive('lineage_child.rvf');
    child.ops.push({ op: 'derive', from: parent.name });
    parent.close().defaultQueries();
    child.ingestRange(1001, 10);
    const grandchild = cat.scenario('lineage_grandchild.rvf', 'derive(child): depth 2, empty', { dimension: 16, metric: 'inner_product' });
    grandchild.db = child.db.derive('lineage_grandchild.rvf');
    grandchild.ops.push({ op: 'derive', from: child.name });
    child.close().defaultQueries();
    grandchild.close().defaultQueries();
  }
  {
    const s = cat.scenario('kernel_cmdline.rvf', 'embedKernel with a cmdline', { dimension: 8 }).create();
    s.ingestRange(1, 10);
    const segId = s.db.embedKernel(0, 0xfe, 0x31, pattern(512, 1), 8080, 'console=ttyS0 quiet');
    s.ops.push({ op: 'embedKernel', arch: 0, kernelType: 0xfe, flags: 0x31, imageBytes: 512, apiPort: 8080, cmdline: 'console=ttyS0 quiet', result: segId });
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('kernel_ebpf.rvf', 'embedKernel without cmdline, embedEbpf with BTF, then a second kernel (extractKernel returns the first)', { dimension: 8 }).create();
    s.ingestRange(1, 10);
    let id = s.db.embedKernel(1, 1, 0, pattern(300, 2), 0);
    s.ops.push({ op: 'embedKernel', arch: 1, kernelType: 1, flags: 0, imageBytes: 300, apiPort: 0, cmdline: null, result: id });
    id = s.db.embedEbpf(0, 0, 8, pattern(64, 3), pattern(40, 4));
    s.ops.push({ op: 'embedEbpf', programType: 0, attachType: 0, maxDimension: 8, bytecodeBytes: 64, btfBytes: 40, result: id });
    id = s.db.embedKernel(2, 3, 0x10, pattern(64, 5), 9090, 'second');
    s.ops.push({ op: 'embedKernel', arch: 2, kernelType: 3, flags: 0x10, imageBytes: 64, apiPort: 9090, cmdline: 'second', result: id });
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('ebpf_nobtf.rvf', 'embedEbpf without BTF on an empty store', { dimension: 8 }).create();
    const id = s.db.embedEbpf(1, 1, 8, pattern(24, 6));
    s.ops.push({ op: 'embedEbpf', programType: 1, attachType: 1, maxDimension: 8, bytecodeBytes: 24, btfBytes: 0, result: id });
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('kernel_ebpf_compacted.rvf', 'kernel + ebpf, deletes, compact (kernel/ebpf/witness segments are preserved)', { dimension: 8, metric: 'l2' }).create();
    s.ingestRange(1, 20);
    let id = s.db.embedKernel(0, 0, 0, pattern(128, 7), 8080, 'ro');
    s.ops.push({ op: 'embedKernel', arch: 0, kernelType: 0, flags: 0, imageBytes: 128, apiPort: 8080, cmdline: 'ro', result: id });
    id = s.db.embedEbpf(0, 0, 8, pattern(16, 8), pattern(8, 9));
    s.ops.push({ op: 'embedEbpf', programType: 0, attachType: 0, maxDimension: 8, bytecodeBytes: 16, btfBytes: 8, result: id });
    s.delete([1, 2, 3, 4, 5]);
    s.compact();
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('reopened.rvf', 'create+ingest+close, open+ingest(re-used id)+delete+close, open+ingest+close', { dimension: 10 }).create();
    s.ingestRange(1, 25);
    s.close().reopen();
    s.ingest(s.random(11), [7].concat(Array.from({ length: 10 }, (_, i) => 26 + i)), 're-used id 7 after reopen');
    s.delete([1, 2]);
    s.close().reopen();
    s.ingestRange(36, 5);
    s.close().defaultQueries();
  }
  {
    const s = cat.scenario('profile_options.rvf', 'profile 3 with signing/compression/m/efConstruction options (only the profile is stored)', { dimension: 8 })
      .create({ profile: 3, signing: true, compression: 'Scalar', m: 8, efConstruction: 50 });
    s.ingestRange(1, 5);
    s.close().defaultQueries();
  }
  {
    const parent = cat.scenario('cow_parent.rvf', 'frozen parent of a branch()', { dimension: 8, metric: 'l2' }).create();
    parent.ingestRange(1, 12);
    const epoch = parent.db.freeze();
    parent.ops.push({ op: 'freeze', result: epoch });
    const child = cat.scenario('cow_child.rvf', 'branch() COW child: overrides id 2, adds 100/101, deletes inherited id 5; needs cow_parent.rvf beside it', { dimension: 8, metric: 'l2' });
    child.db = parent.db.branch('cow_child.rvf');
    child.ops.push({ op: 'branch', from: parent.name });
    child.inherited = parent;
    child.requiresParent = parent.name;
    child.ingest(child.random(3), [2, 100, 101], 'id 2 overrides the inherited vector');
    child.delete([5], 'inherited id');
    parent.close().defaultQueries();
    child.close().defaultQueries();
  }
  {
    const s = cat.scenario('hnsw_1100.rvf', '1100 vectors queried before close: the query builds the HNSW graph and close() appends it as an INDEX segment + MANIFEST; queries take the approximate path', { dimension: 8 }).create();
    s.ingestRange(1, 1100);
    const hits = s.db.query(s.random(1), 5);
    s.ops.push({ op: 'query', k: 5, results: hits.length });
    s.close().defaultQueries();
  }

  const base = cat.files.find((f) => f.name === 'metric_l2.rvf');
  cat.handcrafted('unknown_f0_listed.rvf', 'metric_l2.rvf + a segment of type 0xF0 listed in a new MANIFEST', base,
    (b) => bytes.appendSegment(b, 0xf0, Buffer.from('extension segment payload')).file).defaultQueries();
  cat.handcrafted('meta_listed.rvf', 'metric_l2.rvf + a META (0x07) segment listed in a new MANIFEST', base,
    (b) => bytes.appendSegment(b, 0x07, Buffer.from('{"note":"not written by the reference"}')).file).defaultQueries();
  cat.handcrafted('unknown_f0_trailing.rvf', 'metric_l2.rvf + a 0xF0 segment after the last MANIFEST, not listed', base,
    (b) => bytes.appendSegment(b, 0xf0, Buffer.from('trailing'), { listed: false }).file).defaultQueries();
  {
    const src = cat.files.find((f) => f.name === 'unknown_f0_listed.rvf');
    fs.copyFileSync(src.name, 'unknown_f0_compacted.rvf');
    const s = cat.scenario('unknown_f0_compacted.rvf', 'unknown_f0_listed.rvf opened and compacted by the reference (0xF0 is kept)', { dimension: src.dimension, metric: src.metric });
    s.vectors = new Map(src.vectors);
    s.ops.push({ op: 'copy', from: src.name });
    s.reopen();
    s.delete([1, 2]);
    s.compact();
    s.close().defaultQueries();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Recording what the finished files contain.

function manifestJson(file) {
  const { manifest } = bytes.lastManifest(file);
  return {
    epoch: manifest.epoch,
    dimension: manifest.dimension,
    totalVectors: manifest.totalVectors,
    profileId: manifest.profileId,
    metricByte: manifest.metricByte,
    deletedIds: manifest.deleted,
    directory: manifest.directory,
    identity: manifest.identity ? manifest.identity.toString('hex') : null,
  };
}

function selfCheck(s, db, liveIds) {
  const problems = [];
  const probe = s.random(1);
  const hits = db.query(probe, Math.max(1, liveIds.length + 5));
  const got = hits.map((h) => h.id).sort((a, b) => a - b);
  if (JSON.stringify(got) !== JSON.stringify(liveIds)) {
    problems.push('ids: reference ' + JSON.stringify(got) + ' model ' + JSON.stringify(liveIds));
  } else if (liveIds.length < INDEX_MIN_VECTORS) {
    const model = liveIds
      .map((id) => ({ id, distance: distance(s.metric, probe, s.liveVector(id)) }))
      .sort((a, b) => a.distance - b.distance || a.id - b.id);
    hits.forEach((h, i) => {
      if (h.id !== model[i].id || !Object.is(h.distance, model[i].distance)) {
        problems.push('rank ' + i + ': reference ' + JSON.stringify(h) + ' model ' + JSON.stringify(model[i]));
      }
    });
  }
  for (const op of s.ops) {
    if (op.op === 'delete' && op.result.deleted !== op.modelDeleted) {
      problems.push('delete ' + JSON.stringify(op.ids) + ': reference deleted ' + op.result.deleted + ', model ' + op.modelDeleted);
    }
  }
  return { ok: problems.length === 0, problems };
}

function describe(s) {
  const errors = {};
  const db = RvfDatabase.openReadonly(s.name);
  try {
    const liveIds = s.liveIds();
    const entry = {
      name: s.name,
      description: s.description,
      handcrafted: s.handcrafted,
      requiresParent: s.requiresParent,
      dimension: db.dimension(),
      metric: db.metric(),
      liveCount: liveIds.length,
      liveIds,
      deletedIds: null,
      vectors: liveIds.map((id) => ({ id, values: Array.from(s.liveVector(id)) })),
      fileId: db.fileId(),
      parentId: db.parentId(),
      lineageDepth: db.lineageDepth(),
      status: db.status(),
      segments: db.segments(),
      kernel: common.guarded(errors, 'kernel', () => common.kernelJson(db.extractKernel())),
      ebpf: common.guarded(errors, 'ebpf', () => common.ebpfJson(db.extractEbpf())),
      witness: common.guarded(errors, 'witness', () => db.verifyWitness()),
      manifest: null,
      fileSegments: null,
      ops: s.ops,
      queries: s.queries.map((q) => ({
        vector: q.vector,
        k: q.k,
        approximate: liveIds.length >= INDEX_MIN_VECTORS,
        results: db.query(Float32Array.from(q.vector), q.k).map(common.hitJson),
      })),
      selfCheck: selfCheck(s, db, liveIds),
      errors,
    };
    if (entry.dimension !== s.dimension) entry.selfCheck.problems.push('dimension ' + entry.dimension);
    const file = fs.readFileSync(s.name);
    entry.manifest = manifestJson(file);
    entry.deletedIds = entry.manifest.deletedIds;
    entry.fileSegments = bytes.listSegments(file);
    entry.selfCheck.ok = entry.selfCheck.problems.length === 0;
    return entry;
  } finally {
    db.close();
  }
}

function main() {
  const outDir = process.argv[2];
  if (!outDir) throw new Error('usage: ref-write.cjs OUTDIR');
  fs.mkdirSync(outDir, { recursive: true });
  // Bare file names: branch() records the parent path as given and the reference resolves it beside the child.
  process.chdir(outDir);
  const cat = new Catalogue(path.resolve('.'));
  buildCatalogue(cat);
  const files = cat.files.map(describe);
  const expected = {
    generator: {
      script: 'ref-write.cjs',
      binding: '@ruvector/rvf-node-linux-x64-gnu@' + require('@ruvector/rvf-node-linux-x64-gnu/package.json').version,
      node: process.version,
      indexMinVectors: INDEX_MIN_VECTORS,
    },
    files,
  };
  fs.writeFileSync('expected.json', JSON.stringify(expected, common.bigintReplacer) + '\n');
  const failed = files.filter((f) => !f.selfCheck.ok).map((f) => f.name);
  return { ok: failed.length === 0, outDir: cat.dir, files: files.map((f) => f.name), selfCheckFailed: failed };
}

let summary;
try {
  summary = main();
} catch (e) {
  process.stderr.write((e && e.stack) || String(e));
  process.stderr.write('\n');
  summary = { ok: false, error: common.errorMessage(e) };
  process.exitCode = 2;
}
process.stdout.write(JSON.stringify(summary) + '\n');
