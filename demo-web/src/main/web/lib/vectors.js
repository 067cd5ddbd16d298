// The vectors the page knows for one store (read from its file, then kept in step with every ingest and delete),
// a small seeded random generator, and the synthetic batches the "Ingest" button adds.

/** Live vectors by id (numbers, or bigints above 2^53 as the store returns them). */
export class VectorSet {
  #rows = new Map();

  constructor(dimension) {
    this.dimension = dimension;
    /** Largest id ever added: new generated ids start above it, so they never revive a deleted id. */
    this.maxId = -1;
  }

  /** Adds or replaces vectors; `flat` is row-major, ids.length x dimension (rows are copied). */
  addFlat(ids, flat) {
    const dim = this.dimension;
    ids.forEach((id, i) => {
      this.#rows.set(id, flat.slice(i * dim, (i + 1) * dim));
      if (typeof id === "number" && id > this.maxId) {
        this.maxId = id;
      }
    });
  }

  delete(ids) {
    for (const id of ids) {
      this.#rows.delete(id);
    }
  }

  get(id) {
    return this.#rows.get(id);
  }

  has(id) {
    return this.#rows.has(id);
  }

  get size() {
    return this.#rows.size;
  }

  ids() {
    return Array.from(this.#rows.keys());
  }

  /** Up to n ids: all of them when there are at most n, else a random subset (stable for a given rng). */
  sample(n, rng) {
    const all = this.ids();
    if (all.length <= n) {
      return all;
    }
    for (let i = 0; i < n; i++) { // partial Fisher-Yates
      const j = i + Math.floor(rng() * (all.length - i));
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, n);
  }
}

/** mulberry32: a tiny seeded generator of floats in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal deviate (Box-Muller). */
export function gaussian(rng) {
  let u = 0;
  while (u === 0) {
    u = rng();
  }
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * Makes batches of new vectors that look like the store's: each one is a random stored vector plus Gaussian noise
 * (it inherits that vector's `cluster` and `label`), or, for an empty store, a point of one of ten random clusters.
 */
export class BatchGenerator {
  /**
   * @param {VectorSet} vectors
   * @param {(id) => object|null} metadataOf metadata of a stored id
   * @param {number} noise standard deviation of the noise added to a stored vector
   */
  constructor(vectors, metadataOf, noise, seed = Date.now()) {
    this.vectors = vectors;
    this.metadataOf = metadataOf;
    this.noise = noise;
    this.rng = seededRandom(seed);
    this.nextId = Math.max(0, vectors.maxId + 1);
    this.bases = vectors.sample(5000, this.rng);
    if (this.bases.length === 0) {
      const dim = vectors.dimension;
      this.centers = Array.from({ length: 10 }, () => Float32Array.from({ length: dim }, () => gaussian(this.rng)));
    }
  }

  /** `{ ids, vectors, metadata }` for n new vectors with fresh ids. */
  next(n) {
    const dim = this.vectors.dimension;
    const ids = new Array(n);
    const flat = new Float32Array(n * dim);
    const metadata = new Array(n);
    for (let i = 0; i < n; i++) {
      const id = this.nextId++;
      let base;
      let sigma = this.noise;
      let row;
      if (this.centers) {
        const c = Math.floor(this.rng() * this.centers.length);
        base = this.centers[c];
        sigma = 0.3;
        row = { cluster: c, label: `generated-${c}` };
      } else {
        const from = this.bases[Math.floor(this.rng() * this.bases.length)];
        base = this.vectors.get(from);
        const meta = this.metadataOf(from) ?? {};
        row = {};
        if (meta.cluster !== undefined) {
          row.cluster = meta.cluster;
        }
        row.label = meta.label ?? "generated";
      }
      for (let d = 0; d < dim; d++) {
        flat[i * dim + d] = base[d] + sigma * gaussian(this.rng);
      }
      row.score = Math.round(this.rng() * 1000) / 1000;
      row.even = id % 2 === 0;
      ids[i] = id;
      metadata[i] = row;
    }
    return { ids, vectors: flat, metadata };
  }
}
