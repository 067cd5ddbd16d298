// Exact ground truth in float64: every query against every vector, both metrics in one pass.
// L2 ranks by the squared distance sum((x - q)^2); cosine by 1 - x.q / (|x| |q|) (a zero vector is at 1).
import { TopK } from './topk.mjs';

export const METRICS = ['cosine', 'l2'];

/**
 * Returns { cosine: { ids: Int32Array queries*k, distances: Float64Array }, l2: { ... } }; ids are vector
 * ordinals (0..n-1), nearest first. `progress(doneQueries)` is called now and then.
 */
export function computeGroundTruth(vectors, queries, dim, k, progress) {
  const n = vectors.length / dim;
  const q = queries.length / dim;
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * dim, end = j + dim; j < end; j++) s += vectors[j] * vectors[j];
    norms[i] = Math.sqrt(s);
  }
  const out = {};
  for (const metric of METRICS) out[metric] = { ids: new Int32Array(q * k), distances: new Float64Array(q * k) };
  const cosTop = new TopK(k), l2Top = new TopK(k);
  const query = new Float64Array(dim);
  for (let qi = 0; qi < q; qi++) {
    let qNorm = 0;
    for (let j = 0; j < dim; j++) { query[j] = queries[qi * dim + j]; qNorm += query[j] * query[j]; }
    qNorm = Math.sqrt(qNorm);
    cosTop.reset(); l2Top.reset();
    for (let i = 0; i < n; i++) {
      let dot = 0, l2 = 0;
      for (let j = 0, base = i * dim; j < dim; j++) {
        const x = vectors[base + j], d = x - query[j];
        dot += x * query[j];
        l2 += d * d;
      }
      const denominator = norms[i] * qNorm;
      cosTop.push(denominator > 0 ? 1 - dot / denominator : 1, i);
      l2Top.push(l2, i);
    }
    cosTop.drainSorted(out.cosine.ids.subarray(qi * k), out.cosine.distances.subarray(qi * k));
    l2Top.drainSorted(out.l2.ids.subarray(qi * k), out.l2.distances.subarray(qi * k));
    if (progress && (qi % 25 === 24 || qi === q - 1)) progress(qi + 1);
  }
  return out;
}

/** Mean recall@k of `resultIds` (queries*k ordinals, -1 = missing) against `truthIds`. */
export function recallAtK(resultIds, truthIds, queries, k) {
  let hits = 0;
  const truth = new Set();
  for (let qi = 0; qi < queries; qi++) {
    truth.clear();
    for (let j = 0; j < k; j++) truth.add(truthIds[qi * k + j]);
    for (let j = 0; j < k; j++) if (truth.delete(resultIds[qi * k + j])) hits++;   // a repeated id counts once
  }
  return hits / (queries * k);
}
