// edgevec 0.9.0: Rust HNSW via wasm-bindgen (edgevec.d.ts). What it needs, found by running it under Node 24:
// * Its default init() fetches `new URL('edgevec_bg.wasm', import.meta.url)`, which Node's fetch refuses for
//   file: URLs: pass the bytes instead (initSync({ module: bytes })); a page can use the same path.
// * Build: new EdgeVec(config) with config.metric / m / m0 / ef_construction / ef_search, then
//   insertBatchFlat(Float32Array, count) -> ids 1..n (u32, assigned by the library).
// * efSearch is fixed at construction (EdgeVecConfig.ef_search). search(query, k) has no ef argument and the
//   `efSearch` option that edgevec-wrapper.js forwards to searchFiltered() is ignored by the module (no such
//   field name in the binary; recall does not change). A sweep by rebuilding would cost one build per ef
//   value, so the adapter builds once with a sentinel ef_search and, per mode, rewrites that u32 inside the
//   index's config in Wasm memory (located by the unique pattern m, m0, ef_construction, sentinel, dim).
//   Checked against fresh builds with the same ef_search: identical results (see selfCheck).
// * Persistence: save(name) writes a postcard snapshot to IndexedDB (memory-idb.mjs stands in); the bytes are
//   measured there. EdgeVec.load(name) fails on every snapshot 0.9.0 writes, even of an empty index:
//   "corrupted data: Deserialization failed: This is a feature that PostCard will never implement", so
//   open-from-bytes is reported as unsupported with that message.
// * getSimdBackend() says "scalar": the published binary has no SIMD (no v128 locals either).
import { installMemoryIndexedDB } from './memory-idb.mjs';

const SENTINEL_EF = 987_653;               // an ef_search no real config uses, to find the field in memory
let ev = null;
let wasm = null;
let idb = null;
let saveCounter = 0;

export const adapter = {
  name: 'edgevec',
  label: 'edgevec 0.9.0',
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
    const db = create(spec, SENTINEL_EF);
    const fields = locateEfSearch(spec, SENTINEL_EF);
    return new EdgeVecIndex(db, spec, fields, this.platform);
  },
  async open() {
    throw new Error('EdgeVec.load() cannot read snapshots that save() writes in 0.9.0');
  },
  info() { return { simdBackend: ev?.getSimdBackend(), m0: 'set to 2*M (edgevec default 24), as hnswlib uses' }; },
};

function create({ dim, metric, n, vectors, m, efConstruction }, efSearch) {
  const config = new ev.EdgeVecConfig(dim);
  config.metric = metric;
  config.m = m;
  config.m0 = 2 * m;
  config.ef_construction = efConstruction;
  config.ef_search = efSearch;
  const db = new ev.EdgeVec(config);
  config.free();
  const ids = db.insertBatchFlat(vectors, n);
  for (let i = 0; i < n; i++) {
    if (ids[i] !== i + 1) throw new Error(`edgevec assigned id ${ids[i]} to vector ${i}`);
  }
  return db;
}

/** Word offsets of the sentinel ef_search preceded by m, m0, efConstruction and followed by dim. */
function locateEfSearch({ dim, m, efConstruction }, sentinel) {
  const words = new Uint32Array(wasm.memory.buffer);
  const found = [];
  for (let i = 3; i < words.length - 1; i++) {
    if (words[i] === sentinel && words[i - 1] === efConstruction && words[i - 2] === 2 * m && words[i - 3] === m
        && words[i + 1] === dim) found.push(i);
  }
  if (found.length === 0) throw new Error('edgevec: ef_search field not found in Wasm memory');
  return found;
}

class EdgeVecIndex {
  constructor(db, spec, fields, platform) {
    this.db = db; this.spec = spec; this.fields = fields; this.platform = platform; this.efSearch = SENTINEL_EF;
  }

  prepare({ efSearch }) {
    const words = new Uint32Array(wasm.memory.buffer);
    for (const i of this.fields) {
      if (words[i] !== this.efSearch) throw new Error('edgevec: ef_search field moved');
      words[i] = efSearch;
    }
    this.efSearch = efSearch;
  }

  search(query, k) {
    const hits = this.db.search(query, k);
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
    const fresh = create(this.spec, efSearch);
    this.prepare({ efSearch });
    let same = 0;
    const count = queries.length / this.spec.dim;
    for (let i = 0; i < count; i++) {
      const q = queries.subarray(i * this.spec.dim, (i + 1) * this.spec.dim);
      const a = this.search(q, k), b = fresh.search(q, k).map((h) => h.id - 1);
      if (a.length === b.length && a.every((x, j) => x === b[j])) same++;
    }
    fresh.free();
    return { efSearch, queries: count, identical: same };
  }

  async serialize() {
    const name = `edgevec-${++saveCounter}`;
    const start = this.platform.now();
    await this.db.save(name);
    const saveMs = this.platform.now() - start;
    const bytes = idb.store('EdgeVecDB', 'files').get(name);
    return { bytes, size: bytes.length, serializeMs: saveMs, note: 'save() to IndexedDB (in-memory stand-in), whole promise timed' };
  }

  wasmMemoryBytes() { return wasm.memory.buffer.byteLength; }
  stats() { return { memoryUsage: this.db.memoryUsage(), serializedSizeEstimate: this.db.serializedSize() }; }
  close() { this.db.free(); }
}
