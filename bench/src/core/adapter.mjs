// The contract between the runner and one library under test (see bench/README.md for the full description).
//
// An adapter module exports `adapter`:
//   name          stable key, e.g. "hnswlib-wasm"
//   label         what the report prints, e.g. "hnswlib-wasm 0.8.2"
//   kind          "exact" | "hnsw" | "exact+hnsw" (decides the default search modes)
//   runtimes      where it can run: ["node", "browser"] or ["node"]
//   load(platform)                 async; loads the library once. Throws SkipError when it cannot run here.
//   build(spec)                    async; returns an Index holding the n vectors of spec (timed as "build").
//                                  spec = { dim, metric: "cosine"|"l2", n, vectors: Float32Array n*dim,
//                                           m, efConstruction }. Vector i has ordinal i.
//   modes?(options)                search modes to measure: [{ label, params }]; default from `kind`.
//   open?(serialized, spec)        async; an Index from what Index.serialize returned (timed as "open").
//   info?()                        extra facts for the report (versions, SIMD, ...).
//
// An Index:
//   search(query, k, params)       ordinals of the k nearest, nearest first (an array-like of numbers).
//   prepare?(params)               untimed; called once before measuring a mode (e.g. set efSearch).
//   serialize?()                   async; { bytes: Uint8Array | null, size, ...anything open() needs }.
//   wasmMemoryBytes?()             current size of the library's Wasm memory.
//   stats?()                       library-reported figures (index size, memory usage...).
//   close?()                       frees the index.

/** Thrown by load() (or build()) when an adapter cannot run in this runtime or with this input. */
export class SkipError extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'SkipError';
  }
}

export const DEFAULT_EF_SWEEP = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512];

export function defaultModes(kind, options) {
  const exact = [{ label: 'exact', params: { exact: true } }];
  const hnsw = (options.efSweep ?? DEFAULT_EF_SWEEP).map((efSearch) => ({ label: `ef=${efSearch}`, params: { efSearch } }));
  if (kind === 'exact') return exact;
  if (kind === 'hnsw') return hnsw;
  return [...exact, ...hnsw];
}
