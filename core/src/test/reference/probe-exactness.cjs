'use strict';
// Probe: is the reference's query exact or approximate? Compares its top-10 with a float32 brute force
// (same scalar formulas as ref-write.cjs) over seeded random vectors at several store sizes, and records
// when it writes an INDEX segment, whether results are deterministic, and the effect of efSearch and of a
// large deleted fraction. Usage: node probe-exactness.cjs [WORKDIR]; prints one JSON object (takes ~1 min).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { RvfDatabase } = require('@ruvector/rvf-node-linux-x64-gnu');
const bytes = require('./rvf-bytes.cjs');

const dir = process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'rvf-probe-exact-'));
fs.mkdirSync(dir, { recursive: true });
process.chdir(dir);
const f32 = Math.fround;
const K = 10;
const QUERIES = 20;

function distance(metric, a, b) {
  let s = 0, dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    const d = f32(a[i] - b[i]);
    s = f32(s + f32(d * d));
    dot = f32(dot + f32(a[i] * b[i]));
    na = f32(na + f32(a[i] * a[i]));
    nb = f32(nb + f32(b[i] * b[i]));
  }
  if (metric === 'l2') return s;
  if (metric === 'inner_product') return -dot;
  const denom = f32(Math.sqrt(f32(na * nb)));
  return denom < 1.1920929e-7 ? 1 : f32(1 - f32(dot / denom));
}

function bruteForce(metric, vectors, dim, live, q) {
  const all = [];
  for (const id of live) all.push({ id, distance: distance(metric, q, vectors.subarray((id - 1) * dim, id * dim)) });
  all.sort((x, y) => x.distance - y.distance || x.id - y.id);
  return all.slice(0, K);
}

function measure({ metric = 'l2', n, dim, deleteFraction = 0, efSearch, seed = 1 }) {
  const rnd = bytes.prng(seed);
  const vectors = bytes.randomVectors(rnd, n, dim);
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  fs.rmSync('e.rvf', { force: true });
  const db = RvfDatabase.create('e.rvf', { dimension: dim, metric });
  db.ingestBatch(vectors, ids);
  let live = ids;
  if (deleteFraction > 0) {
    const doomed = ids.filter((id) => id % Math.round(1 / deleteFraction) === 0);
    db.delete(doomed);
    const gone = new Set(doomed);
    live = ids.filter((id) => !gone.has(id));
  }
  let exact = 0, sameIds = 0, recall = 0, deterministic = true;
  const started = Date.now();
  for (let i = 0; i < QUERIES; i++) {
    const q = bytes.randomVectors(rnd, 1, dim);
    const hits = db.query(q, K, efSearch ? { efSearch } : undefined);
    const again = db.query(q, K, efSearch ? { efSearch } : undefined);
    if (JSON.stringify(hits) !== JSON.stringify(again)) deterministic = false;
    const truth = bruteForce(metric, vectors, dim, live, q);
    if (hits.length === K && hits.every((h, j) => h.id === truth[j].id && h.distance === truth[j].distance)) exact++;
    if (hits.length === K && hits.every((h, j) => h.id === truth[j].id)) sameIds++;
    const want = new Set(truth.map((t) => t.id));
    recall += hits.filter((h) => want.has(h.id)).length / K;
  }
  const elapsedMs = Date.now() - started;
  const stats = db.indexStats();
  db.close();
  return { metric, n, dim, deleteFraction, efSearch: efSearch || null, exactTop10: exact + '/' + QUERIES,
    sameIdsTop10: sameIds + '/' + QUERIES, recallAt10: recall / QUERIES, deterministic, elapsedMs, indexStats: stats };
}

function indexSegmentOnClose(queryBeforeClose) {
  const n = 1100, dim = 8;
  fs.rmSync('i.rvf', { force: true });
  const db = RvfDatabase.create('i.rvf', { dimension: dim });
  db.ingestBatch(bytes.randomVectors(bytes.prng(5), n, dim), Array.from({ length: n }, (_, i) => i + 1));
  const q = bytes.randomVectors(bytes.prng(6), 1, dim);
  const before = queryBeforeClose ? db.query(q, K) : null;
  db.close();
  const types = bytes.listSegments(fs.readFileSync('i.rvf')).map((s) => '0x' + s.segType.toString(16));
  const ro = RvfDatabase.openReadonly('i.rvf');
  const after = ro.query(q, K);
  ro.close();
  return { queryBeforeClose, segmentTypes: types, sameResultsAfterReopen: before ? JSON.stringify(before) === JSON.stringify(after) : null };
}

const report = { sizes: [], efSearch: [], deletes: [], metrics: [], indexSegment: [] };
for (const n of [1000, 1023, 1024, 2000, 10000]) report.sizes.push(measure({ n, dim: 32 }));
report.sizes.push(measure({ n: 10000, dim: 128 }));
for (const efSearch of [10, 100, 256, 1000]) report.efSearch.push(measure({ n: 10000, dim: 128, efSearch, seed: 2 }));
for (const metric of ['cosine', 'inner_product']) report.metrics.push(measure({ metric, n: 10000, dim: 32, seed: 3 }));
for (const deleteFraction of [0.2, 0.34]) report.deletes.push(measure({ n: 4000, dim: 64, deleteFraction, seed: 4 }));
report.indexSegment.push(indexSegmentOnClose(false), indexSegmentOnClose(true));
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
