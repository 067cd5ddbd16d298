// @ruvector/rvf-wasm 0.1.9, the reference Wasm, through its raw C-ABI exports (the package's JS only
// instantiates the module). Facts read from its rvf_wasm.d.ts and checked by running it:
// * no imports; exports `memory`, rvf_alloc(size) / rvf_free(ptr, size), a handle-based in-memory store;
// * rvf_store_ingest(h, vecsPtr, idsPtr, count): f32 vectors, u64 ids; returns the accepted count;
// * rvf_store_query(h, queryPtr, k, metric, outPtr): the metric is chosen per query (0 L2 squared,
//   1 inner product, 2 cosine distance) whatever the store was created with; results are 12-byte records
//   (u64 id, f32 distance), nearest first; an exact scan with a full sort per query;
// * rvf_store_export(h, outPtr, outLen): returns -(needed size) while the buffer is too small;
// * rvf_store_open(ptr, len): a new store from exported bytes (metric not kept: queries pass it anyway).
// * The export writes the vector count as u16 (rvf-format.md §8.3), so a store of more than 65,535 vectors
//   reopens with count mod 65,536 vectors (100,000 -> 34,464): the reopen check shows it.
const PACKAGE_WASM = 'node_modules/@ruvector/rvf-wasm/pkg/rvf_wasm_bg.wasm';
const METRIC_CODE = { l2: 0, cosine: 2 };
const INGEST_CHUNK = 4096;     // vectors copied into Wasm memory per ingest call

let exports = null;

export const adapter = {
  name: 'rvf-wasm',
  label: 'rvf-wasm 0.1.9',
  package: '@ruvector/rvf-wasm 0.1.9 (reference Wasm)',
  kind: 'exact',
  runtimes: ['node', 'browser'],
  async load(platform) {
    if (exports) return;
    const { instance } = await WebAssembly.instantiate(await platform.readBytes(PACKAGE_WASM), {});
    exports = instance.exports;
  },
  async build({ dim, metric, n, vectors }) {
    const handle = exports.rvf_store_create(dim, METRIC_CODE[metric]);
    if (handle <= 0) throw new Error(`rvf_store_create returned ${handle}`);
    const chunk = Math.min(INGEST_CHUNK, n);
    const vecBytes = chunk * dim * 4, idBytes = chunk * 8;
    const vecPtr = exports.rvf_alloc(vecBytes), idPtr = exports.rvf_alloc(idBytes);
    try {
      for (let start = 0; start < n; start += chunk) {
        const count = Math.min(chunk, n - start);
        new Float32Array(exports.memory.buffer, vecPtr, count * dim).set(vectors.subarray(start * dim, (start + count) * dim));
        const ids = new BigUint64Array(exports.memory.buffer, idPtr, count);
        for (let i = 0; i < count; i++) ids[i] = BigInt(start + i + 1);      // ids 1..n; ordinal = id - 1
        const accepted = exports.rvf_store_ingest(handle, vecPtr, idPtr, count);
        if (accepted !== count) throw new Error(`rvf_store_ingest accepted ${accepted} of ${count}`);
      }
    } finally {
      exports.rvf_free(vecPtr, vecBytes);
      exports.rvf_free(idPtr, idBytes);
    }
    return new RvfWasmIndex(handle, dim, METRIC_CODE[metric]);
  },
  async open(serialized, { dim, metric }) {
    const bytes = serialized.bytes;
    const ptr = exports.rvf_alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
    const handle = exports.rvf_store_open(ptr, bytes.length);
    exports.rvf_free(ptr, bytes.length);
    if (handle <= 0) throw new Error(`rvf_store_open returned ${handle}`);
    if (exports.rvf_store_dimension(handle) !== dim) throw new Error(`reopened dimension ${exports.rvf_store_dimension(handle)}`);
    return new RvfWasmIndex(handle, dim, METRIC_CODE[metric]);
  },
  info() { return { abi: 'raw exports, exact scan with full sort per query', simd: 'none (no v128 locals in the module)' }; },
};

class RvfWasmIndex {
  constructor(handle, dim, metricCode) {
    this.handle = handle;
    this.dim = dim;
    this.metricCode = metricCode;
    this.queryPtr = exports.rvf_alloc(dim * 4);
    this.outCap = 0;
    this.outPtr = 0;
  }

  search(query, k) {
    if (k > this.outCap) {
      if (this.outPtr) exports.rvf_free(this.outPtr, this.outCap * 12);
      this.outCap = k;
      this.outPtr = exports.rvf_alloc(k * 12);
    }
    new Float32Array(exports.memory.buffer, this.queryPtr, this.dim).set(query);
    const count = exports.rvf_store_query(this.handle, this.queryPtr, k, this.metricCode, this.outPtr);
    if (count < 0) throw new Error(`rvf_store_query returned ${count}`);
    const view = new DataView(exports.memory.buffer, this.outPtr, count * 12);
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = Number(view.getBigUint64(i * 12, true)) - 1;
    return out;
  }

  async serialize() {
    const needed = -exports.rvf_store_export(this.handle, 0, 0);
    if (!(needed > 0)) throw new Error(`rvf_store_export size query returned ${-needed}`);
    const ptr = exports.rvf_alloc(needed);
    try {
      const written = exports.rvf_store_export(this.handle, ptr, needed);
      if (written !== needed) throw new Error(`rvf_store_export wrote ${written} of ${needed}`);
      const bytes = new Uint8Array(exports.memory.buffer, ptr, needed).slice();
      const count = exports.rvf_store_count(this.handle);
      const note = count > 0xffff ? `export keeps the count as u16: ${count} vectors reopen as ${count % 65536}` : undefined;
      return { bytes, size: needed, note };
    } finally {
      exports.rvf_free(ptr, needed);
    }
  }

  wasmMemoryBytes() { return exports.memory.buffer.byteLength; }

  close() {
    exports.rvf_free(this.queryPtr, this.dim * 4);
    if (this.outPtr) exports.rvf_free(this.outPtr, this.outCap * 12);
    exports.rvf_store_close(this.handle);
  }
}
