'use strict';
// Probe: the reference's exact distance definitions and float behaviour. For each metric and dimension, a
// query over every stored vector is compared bit for bit with candidate formulas computed here:
//   scalarF32  - float32, sequential accumulation (l2: sum (a-b)^2; ip: -sum a*b;
//                cosine: 1 - dot / sqrt(|a|^2 * |b|^2), 1 when that root < f32::EPSILON)
//   f64        - the same in float64, rounded to float32 at the end
//   avx2Fma    - 8 float32 lanes with fused multiply-add, lanes (i, i+4) added, then (0+1)+(2+3), scalar tail
// Below 1024 vectors the reference scans exactly; from 1024 on it answers through HNSW (see probe-exactness).
// Also: zero / tiny / NaN / infinite vectors. Usage: node probe-distances.cjs [WORKDIR]; prints one JSON object.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { RvfDatabase } = require('@ruvector/rvf-node-linux-x64-gnu');
const bytes = require('./rvf-bytes.cjs');
const { jsonNumber } = require('./ref-common.cjs');

const dir = process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'rvf-probe-dist-'));
fs.mkdirSync(dir, { recursive: true });
process.chdir(dir);
const f32 = Math.fround;
const EPS = f32(1.1920929e-7);

function cosineFrom(dot, na, nb, round) {
  const denom = round(Math.sqrt(round(na * nb)));
  if (denom < EPS) return 1;
  return round(1 - round(dot / denom));
}

const candidates = {
  scalarF32(metric, a, b) {
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
    return cosineFrom(dot, na, nb, f32);
  },
  f64(metric, a, b) {
    let s = 0, dot = 0, na = 0, nb = 0;
    for (let i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    if (metric === 'l2') return f32(s);
    if (metric === 'inner_product') return f32(-dot);
    const denom = Math.sqrt(na * nb);
    return denom < EPS ? 1 : f32(1 - dot / denom);
  },
  avx2Fma(metric, a, b) {
    const dot = avx2Sum(a, b, (x, y) => x * y);
    if (metric === 'l2') return avx2Sum(a, b, (x, y) => f32(x - y) * f32(x - y));
    if (metric === 'inner_product') return -dot;
    return cosineFrom(dot, avx2Sum(a, a, (x) => x * x), avx2Sum(b, b, (x) => x * x), f32);
  },
};

/**
 * 8 float32 lanes with fused multiply-add over whole chunks of 8, horizontal sum (i + i+4, then (0+1)+(2+3)),
 * then the tail added one rounded term at a time. term(x, y) returns the exact product in float64, so
 * f32(acc + term) is a fused multiply-add (up to a rare double rounding).
 */
function avx2Sum(a, b, term) {
  const acc = new Array(8).fill(0);
  const chunks = Math.floor(a.length / 8);
  for (let c = 0; c < chunks; c++) {
    for (let j = 0; j < 8; j++) acc[j] = f32(acc[j] + term(a[c * 8 + j], b[c * 8 + j]));
  }
  const h = [0, 1, 2, 3].map((j) => f32(acc[j] + acc[j + 4]));
  let t = f32(f32(h[0] + h[1]) + f32(h[2] + h[3]));
  for (let i = chunks * 8; i < a.length; i++) t = f32(t + f32(term(a[i], b[i])));
  return t;
}

function store(name, metric, dim, vectors, ids) {
  fs.rmSync(name, { force: true });
  const db = RvfDatabase.create(name, { dimension: dim, metric });
  db.ingestBatch(vectors, ids);
  return db;
}

function compare(metric, dim, n, seed) {
  const rnd = bytes.prng(seed);
  const vectors = bytes.randomVectors(rnd, n, dim);
  const q = bytes.randomVectors(rnd, 1, dim);
  const db = store('d.rvf', metric, dim, vectors, Array.from({ length: n }, (_, i) => i + 1));
  const hits = db.query(q, n);
  db.close();
  const counts = { results: hits.length, float32Representable: 0 };
  for (const name of Object.keys(candidates)) counts[name] = 0;
  let ordered = true;
  for (let r = 0; r < hits.length; r++) {
    const h = hits[r];
    const v = vectors.subarray((h.id - 1) * dim, h.id * dim);
    if (f32(h.distance) === h.distance) counts.float32Representable++;
    for (const [name, fn] of Object.entries(candidates)) if (Object.is(fn(metric, q, v), h.distance)) counts[name]++;
    if (r > 0 && (hits[r - 1].distance > h.distance || (hits[r - 1].distance === h.distance && hits[r - 1].id > h.id))) ordered = false;
  }
  counts.sortedByDistanceThenId = ordered;
  return counts;
}

const report = { exactPath: {}, hnswPath: {}, special: {} };
for (const metric of ['l2', 'cosine', 'inner_product']) {
  for (const dim of [1, 7, 8, 13, 16, 100, 128, 384]) {
    report.exactPath[metric + '/dim' + dim] = compare(metric, dim, 300, dim * 31 + metric.length);
  }
  for (const dim of [16, 128]) {
    report.hnswPath[metric + '/dim' + dim + '/n1100'] = compare(metric, dim, 1100, dim * 17 + metric.length);
  }
}

function run(metric, dim, vectors, ids, queries) {
  const db = store('s.rvf', metric, dim, Float32Array.from(vectors), ids);
  const out = queries.map((q) => db.query(Float32Array.from(q), ids.length).map((h) => [h.id, jsonNumber(h.distance), Object.is(h.distance, -0) ? '-0' : undefined].filter((x) => x !== undefined)));
  db.close();
  return out;
}

report.special.cosineZeroAndTiny = run('cosine', 2, [0, 0, 1, 0, -1, 0, 1e-20, 1e-20, 0, 1], [1, 2, 3, 4, 5],
  [[1, 0], [0, 0], [1e-20, 0]]);
report.special.innerProductOrthogonalSign = run('inner_product', 2, [0, 1, 1, 0], [1, 2], [[1, 0]]);
report.special.l2NaNAndInfinityStored = run('l2', 2, [NaN, 0, 1, 1, Infinity, 0, 2, 2, -Infinity, 5], [1, 2, 3, 4, 5], [[0, 0]]);
report.special.l2NaNQuery = run('l2', 2, [1, 0, 0, 1, 2, 2], [1, 2, 3], [[NaN, 0], [Infinity, 0]]);
report.special.cosineNaNStored = run('cosine', 2, [NaN, 0, 1, 1, 1, 0], [1, 2, 3], [[1, 0]]);
report.special.l2Overflow = run('l2', 1, [3e38, -3e38], [1, 2], [[0]]);
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
