// Workloads: clustered Gaussian vectors from a seeded PRNG. Data and queries come from the same mixture but
// from different PRNG streams, so no query is a stored vector.
import { Prng } from './prng.mjs';

/** Bump when the generator changes: cached data and ground truth are keyed by it. */
export const GENERATOR_VERSION = 1;

export const WORKLOADS = {
  '10k-128': { n: 10_000, dim: 128, clusters: 100, seed: 20260101 },
  '100k-384': { n: 100_000, dim: 384, clusters: 100, seed: 20260102 },
};

/**
 * The full description of one workload run; `key` names its cached files. Metric is not part of the data:
 * both metrics search the same vectors.
 */
export function describeWorkload(name, queries) {
  const base = WORKLOADS[name];
  if (!base) throw new Error(`unknown workload ${name} (known: ${Object.keys(WORKLOADS).join(', ')})`);
  const spec = { name, ...base, queries, centerSd: 1.0, spreadMin: 0.25, spreadMax: 0.75, generator: GENERATOR_VERSION };
  spec.key = `${name}-q${queries}-s${spec.seed}-g${GENERATOR_VERSION}`;
  return spec;
}

/**
 * Cluster c has a center with N(0, centerSd^2) coordinates and an isotropic spread drawn uniformly from
 * [spreadMin, spreadMax]; every vector (stored or query) picks a cluster uniformly and adds N(0, spread^2) noise.
 * Returns { vectors: Float32Array n*dim, queries: Float32Array queries*dim }.
 */
export function generateWorkload(spec) {
  const { n, dim, clusters, queries } = spec;
  const clusterRng = new Prng(spec.seed);
  const centers = new Float64Array(clusters * dim);
  const spreads = new Float64Array(clusters);
  for (let c = 0; c < clusters; c++) {
    for (let j = 0; j < dim; j++) centers[c * dim + j] = clusterRng.nextNormal() * spec.centerSd;
    spreads[c] = spec.spreadMin + (spec.spreadMax - spec.spreadMin) * clusterRng.nextDouble();
  }
  const sample = (rng, count) => {
    const out = new Float32Array(count * dim);
    for (let i = 0; i < count; i++) {
      const c = rng.nextInt(clusters);
      const spread = spreads[c];
      const base = c * dim;
      for (let j = 0; j < dim; j++) out[i * dim + j] = centers[base + j] + rng.nextNormal() * spread;
    }
    return out;
  };
  return {
    vectors: sample(new Prng(spec.seed ^ 0x5eed0001), n),
    queries: sample(new Prng(spec.seed ^ 0x5eed0002), queries),
  };
}
