// edgevec 0.9.0: Rust HNSW via wasm-bindgen (edgevec.d.ts). What it needs, found by running it under Node 24:
// * Its default init() fetches `new URL('edgevec_bg.wasm', import.meta.url)`, which Node's fetch refuses for
//   file: URLs: pass the bytes instead (initSync({ module: bytes })); a page can use the same path.
// * Build: new EdgeVec(config) with config.metric / m / m0 / ef_construction / ef_search, then
//   insertBatchFlat(Float32Array, count) -> ids 1..n (u32, assigned by the library).
// * efSearch is fixed at construction (EdgeVecConfig.ef_search). search(query, k) has no ef argument and the
//   `efSearch` option that edgevec-wrapper.js forwards to searchFiltered() is ignored by the module (no such
//   field name in the binary; recall does not change). A sweep by rebuilding would cost one build per ef
//   value, so the adapter builds once with a sentinel ef_search and, per mode, rewrites that u32 inside the
//   index's config in Wasm memory (the one copy above the stack with the pattern m, m0, ef_construction,
//   sentinel, dim).
//   Checked against fresh builds with the same ef_search: identical results (see selfCheck).
// * Persistence: save(name) writes a postcard snapshot to IndexedDB (memory-idb.mjs stands in); the bytes are
//   measured there. EdgeVec.load(name) fails on every snapshot 0.9.0 writes, even of an empty index:
//   "corrupted data: Deserialization failed: This is a feature that PostCard will never implement", so
//   open-from-bytes is reported as unsupported with that message.
// * getSimdBackend() says "scalar": the published binary has no SIMD (no v128 locals either).
// * Its "cosine" (and "dot") metric ranks by ascending raw dot product, i.e. the LEAST similar vectors first
//   (vectors [1,0],[0,1],[1,1],[-1,0] for query [1,0] come back as [-1,0] first; recall@10 = 0 on the
//   workload). For cosine the adapter therefore stores unit vectors, normalises each query (inside the
//   timed call) and uses the L2 metric: for unit vectors |a-b|^2 = 2 - 2 cos, the same ranking.
import { installMemoryIndexedDB } from './memory-idb.mjs';

const SENTINEL_EF = 987_653;               // an ef_search no real config uses, to find the field in memory
// edgevec_bg.wasm's stack pointer (global 0) starts at 1 MiB and grows down: copies of the config below it
// are dead stack data; the live ef_search is the single copy above it (patching it alone matches a fresh build).
const STACK_TOP = 1 << 20;
let ev = null;
let wasm = null;
let idb = null;
let saveCounter = 0;

export const adapter = {
  name: 'edgevec',
  label: 'edgevec 0.9.0',
  package: 'edgevec 0.9.0 (Rust via wasm-bindgen)',
  kind: 'hnsw',
  runtimes: ['node', 'browser'],
  async load(platform) {
    if (ev) return;
    idb = installMemoryIndexedDB();
    ev = await import(platform.url('node_modules/edgevec/edgevec.js'));
    wasm = ev.initSync({ module: await platform.readBytes('node_modules/edgevec/edgevec_bg.wasm') });
    this.platform = platform;
  },
  async build(spec) {
    const { db, config } = create(spec, SENTINEL_EF);
    return new EdgeVecIndex(db, config, spec, null, this.platform);     // ef_search located by prepare(), untimed
  },
  /** EdgeVec.load() from the saved bytes (fails in 0.9.0 with the postcard error quoted above). */
  async open(serialized, spec) {
    const name = `edgevec-open-${++saveCounter}`;
    idb.store('EdgeVecDB', 'files').set(name, serialized.bytes);
    const db = await ev.EdgeVec.load(name);
    const fields = locateEfSearch(spec, serialized.efSearch, serialized.fields);   // not the original's copy
    return new EdgeVecIndex(db, null, spec, fields, this.platform, serialized.efSearch);
  },
  info() {
    return { simdBackend: ev?.getSimdBackend(), m0: 'set to 2*M (edgevec default 24), as hnswlib uses',
      efSearch: 'fixed per index by the library: set per mode by rewriting it in Wasm memory (checked, see selfCheck)',
      cosine: 'its cosine metric ranks least similar first: unit vectors + L2 metric used instead' };
  },
};

/**
 * A new EdgeVec holding the vectors (unit vectors for cosine, see above). The config object stays alive with
 * the index: it holds one of the two ef_search copies that prepare() rewrites, which must not be freed memory.
 */
function create({ dim, metric, n, vectors, m, efConstruction }, efSearch) {
  const config = new ev.EdgeVecConfig(dim);
  config.metric = 'l2';
  config.m = m;
  config.m0 = 2 * m;
  config.ef_construction = efConstruction;
  config.ef_search = efSearch;
  const db = new ev.EdgeVec(config);
  const ids = db.insertBatchFlat(metric === 'cosine' ? normalizedCopy(vectors, dim) : vectors, n);
  for (let i = 0; i < n; i++) {
    if (ids[i] !== i + 1) throw new Error(`edgevec assigned id ${ids[i]} to vector ${i}`);
  }
  return { db, config };
}

function normalizedCopy(vectors, dim) {
  const out = new Float32Array(vectors);
  for (let base = 0; base < out.length; base += dim) normalizeInPlace(out, base, dim);
  return out;
}

function normalizeInPlace(v, base, dim) {
  let s = 0;
  for (let j = base; j < base + dim; j++) s += v[j] * v[j];
  const scale = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let j = base; j < base + dim; j++) v[j] *= scale;
}

/** Word offset of the live sentinel ef_search: after m, m0, efConstruction, before dim, above the stack. */
function locateEfSearch({ dim, m, efConstruction }, sentinel, exclude = []) {
  const words = new Uint32Array(wasm.memory.buffer);
  const found = [];
  for (let i = STACK_TOP / 4; i < words.length - 1; i++) {
    if (words[i] === sentinel && words[i - 1] === efConstruction && words[i - 2] === 2 * m && words[i - 3] === m
        && words[i + 1] === dim && !exclude.includes(i)) found.push(i);
  }
  if (found.length !== 1) throw new Error(`edgevec: ${found.length} ef_search fields found in Wasm memory (expected 1)`);
  return found;
}

class EdgeVecIndex {
  constructor(db, config, spec, fields, platform, efSearch = SENTINEL_EF) {
    this.db = db; this.config = config; this.spec = spec; this.fields = fields; this.platform = platform;
    this.efSearch = efSearch;
    this.unitQuery = spec.metric === 'cosine' ? new Float32Array(spec.dim) : null;
  }

  prepare({ efSearch }) {
    this.fields ??= locateEfSearch(this.spec, this.efSearch);
    const words = new Uint32Array(wasm.memory.buffer);
    for (const i of this.fields) {
      if (words[i] !== this.efSearch) throw new Error('edgevec: ef_search field moved');
      words[i] = efSearch;
    }
    this.efSearch = efSearch;
  }

  search(query, k) {
    let q = query;
    if (this.unitQuery) {
      q = this.unitQuery;
      q.set(query);
      normalizeInPlace(q, 0, q.length);
    }
    const hits = this.db.search(q, k);
    const out = new Int32Array(hits.length);
    for (let i = 0; i < hits.length; i++) out[i] = hits[i].id - 1;
    return out;
  }

  /**
   * Checks the ef_search patch: builds a second index with `efSearch` configured normally and compares its
   * answers with the patched one (skipped above 20k vectors: it costs a second build).
   */
  selfCheck({ queries, k, efSearch = 64 }) {
    if (this.spec.n > 20_000) return { skipped: 'costs a second build above 20k vectors' };
    const { db: fresh, config } = create(this.spec, efSearch);
    this.prepare({ efSearch });
    let same = 0;
    const count = queries.length / this.spec.dim;
    for (let i = 0; i < count; i++) {
      const q = queries.subarray(i * this.spec.dim, (i + 1) * this.spec.dim);
      const a = Array.from(this.search(q, k));
      const b = fresh.search(this.unitQuery ? this.unitQuery : q, k).map((h) => h.id - 1);   // unitQuery = q normalised by search()
      if (a.length === b.length && a.every((x, j) => x === b[j])) same++;
    }
    fresh.free();
    config.free();
    return { efSearch, queries: count, identical: same };
  }

  async serialize() {
    const name = `edgevec-${++saveCounter}`;
    const start = this.platform.now();
    await this.db.save(name);
    const saveMs = this.platform.now() - start;
    const bytes = idb.store('EdgeVecDB', 'files').get(name);
    return { bytes, size: bytes.length, serializeMs: saveMs, efSearch: this.efSearch, fields: this.fields,
      note: 'save() to IndexedDB (in-memory stand-in), whole promise timed' };
  }

  wasmMemoryBytes() { return wasm.memory.buffer.byteLength; }
  stats() {
    return { memoryUsage: this.db.memoryUsage(), serializedSizeEstimate: this.db.serializedSize(), efSearchCopiesPatched: this.fields.length };
  }
  close() { this.db.free(); this.config?.free(); }
}
