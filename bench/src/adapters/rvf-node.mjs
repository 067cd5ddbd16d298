// The reference native binding: @ruvector/rvf-node-linux-x64-gnu 0.2.2 (the .node file that
// @ruvector/rvf-node 0.2.3 loads), Node only. API read from the binary's N-API names and the project's probes
// (core/src/test/reference):
//   RvfDatabase.create(path, { dimension, metric, m, efConstruction }) -> db     (a file-backed store)
//   db.ingestBatch(Float32Array n*dim, ids: number[])  db.query(Float32Array, k, { efSearch }) -> [{ id, distance }]
//   db.close()  RvfDatabase.openReadonly(path)  db.indexStats() -> { indexedVectors, layers, m, efConstruction, ... }
// From 1024 vectors on it answers through its HNSW index (probe-exactness.cjs), so it is swept like the HNSW peers,
// with two facts found here:
// * the HNSW graph is built lazily by the first query after ingest (seconds: see "first query"), not by ingest;
// * efSearch values below 256 act as 256: efSearch 1 and 256 give identical results (100 queries, k = 10 and
//   k = 50), 257 differs at k = 50. The sweep therefore runs max(efSearch, 256), each effective value once.
// Its persistence is the file itself: "serialized size" is the file size after close, "open" is openReadonly
// of that file (the page cache is warm: the file was just written).
const PACKAGE = '@ruvector/rvf-node-linux-x64-gnu';
const INGEST_CHUNK = 10_000;
const EF_FLOOR = 256;

let binding = null;
let fileCounter = 0;

export const adapter = {
  name: 'rvf-node',
  label: 'rvf-node 0.2.3 (native)',
  package: '@ruvector/rvf-node 0.2.3 = @ruvector/rvf-node-linux-x64-gnu 0.2.2 (reference, N-API)',
  kind: 'hnsw',
  runtimes: ['node'],
  async load(platform) {
    if (binding) return;
    binding = platform.node.require(PACKAGE).RvfDatabase;
    this.platform = platform;
  },
  async build({ dim, metric, n, vectors, m, efConstruction }) {
    const path = this.platform.node.tempPath(`rvf-node-${process.pid}-${++fileCounter}.rvf`);
    const db = binding.create(path, { dimension: dim, metric, m, efConstruction });
    for (let start = 0; start < n; start += INGEST_CHUNK) {
      const end = Math.min(n, start + INGEST_CHUNK);
      const ids = [];
      for (let i = start; i < end; i++) ids.push(i + 1);             // ids 1..n; ordinal = id - 1
      const result = db.ingestBatch(vectors.subarray(start * dim, end * dim), ids);
      if (Number(result.accepted) !== end - start) throw new Error(`ingestBatch accepted ${result.accepted} of ${end - start}`);
    }
    return new RvfNodeIndex(db, path, this.platform);
  },
  modes(options) {
    const effective = [...new Set(options.efSweep.map((ef) => Math.max(ef, EF_FLOOR)))].sort((a, b) => a - b);
    return effective.map((efSearch) => ({ label: `ef=${efSearch}`, params: { efSearch } }));
  },
  async open(serialized) {
    const db = binding.openReadonly(serialized.path);
    return new RvfNodeIndex(db, serialized.path, this.platform, true);
  },
  info() {
    return { binding: PACKAGE, storage: 'file-backed (temp file); HNSW from 1024 vectors, built by the first query',
      efSearch: `values below ${EF_FLOOR} act as ${EF_FLOOR}: swept from ${EF_FLOOR}` };
  },
};

class RvfNodeIndex {
  constructor(db, path, platform, reopened = false) {
    this.db = db; this.path = path; this.platform = platform; this.reopened = reopened; this.options = {};
  }

  prepare({ efSearch }) { this.options = { efSearch }; }

  search(query, k) {
    const hits = this.db.query(query, k, this.options);
    const out = new Int32Array(hits.length);
    for (let i = 0; i < hits.length; i++) out[i] = hits[i].id - 1;
    return out;
  }

  stats() {
    try { return this.db.indexStats(); } catch (error) { return { error: String(error) }; }
  }

  /** Closing writes what the file still lacks (its INDEX segment); the index is unusable afterwards. */
  async serialize() {
    const start = this.platform.now();
    this.db.close();
    const serializeMs = this.platform.now() - start;
    this.closed = true;
    return { bytes: null, path: this.path, size: this.platform.node.fileSize(this.path), serializeMs,
      consumesIndex: true, note: 'close() of the file-backed store; size = file size' };
  }

  close() {
    if (!this.closed) this.db.close();
    this.closed = true;
    if (this.reopened) this.platform.node.remove(this.path);
  }
}
