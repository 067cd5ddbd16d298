// Two principal components of a set of vectors, by power iteration on the centred data (never forms the
// dim x dim covariance, so it stays cheap for 768-dimensional files).
import { seededRandom } from "./vectors.js";

const ITERATIONS = 60;

/**
 * @param {Float32Array[]} rows at least one vector, all of the same length
 * @returns {{mean: Float64Array, axes: Float64Array[], explained: number[], project(v): [number, number]}}
 *   explained: share of the total variance along each axis (0..1)
 */
export function principalPlane(rows) {
  const n = rows.length;
  const dim = rows[0].length;
  const mean = new Float64Array(dim);
  for (const r of rows) {
    for (let d = 0; d < dim; d++) {
      mean[d] += r[d];
    }
  }
  for (let d = 0; d < dim; d++) {
    mean[d] /= n;
  }
  let total = 0;
  const centred = rows.map((r) => {
    const c = new Float64Array(dim);
    for (let d = 0; d < dim; d++) {
      c[d] = r[d] - mean[d];
      total += c[d] * c[d];
    }
    return c;
  });
  total /= n;

  const rng = seededRandom(0x5eed);
  const axes = [];
  const variances = [];
  for (let component = 0; component < Math.min(2, dim); component++) {
    let v = normalise(Float64Array.from({ length: dim }, () => rng() - 0.5));
    let lambda = 0;
    for (let it = 0; it < ITERATIONS; it++) {
      const next = new Float64Array(dim);
      for (const c of centred) {
        const s = dot(c, v);
        for (let d = 0; d < dim; d++) {
          next[d] += s * c[d];
        }
      }
      for (const a of axes) { // deflation: stay orthogonal to the components already found
        const s = dot(next, a);
        for (let d = 0; d < dim; d++) {
          next[d] -= s * a[d];
        }
      }
      lambda = Math.sqrt(dot(next, next)) / n;
      if (lambda === 0) {
        break;
      }
      v = normalise(next);
    }
    // A fixed sign (largest coordinate positive) keeps the picture from flipping between recomputations.
    let big = 0;
    for (let d = 1; d < dim; d++) {
      if (Math.abs(v[d]) > Math.abs(v[big])) {
        big = d;
      }
    }
    if (v[big] < 0) {
      v = v.map((x) => -x);
    }
    axes.push(v);
    variances.push(lambda);
  }
  while (axes.length < 2) { // one-dimensional data: a flat second axis
    axes.push(new Float64Array(dim));
    variances.push(0);
  }
  return {
    mean,
    axes,
    explained: variances.map((l) => (total > 0 ? l / total : 0)),
    project(vector) {
      let x = 0;
      let y = 0;
      for (let d = 0; d < dim; d++) {
        const c = vector[d] - mean[d];
        x += c * axes[0][d];
        y += c * axes[1][d];
      }
      return [x, y];
    },
  };
}

function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i] * b[i];
  }
  return s;
}

function normalise(v) {
  const norm = Math.sqrt(dot(v, v));
  return norm === 0 ? v : v.map((x) => x / norm);
}
