// hnswlib-wasm 0.8.2: hnswlib (C++) compiled by Emscripten, embind API (dist/hnswlib-wasm.d.ts).
// What it needs to run outside a browser page (found by running it under Node 24):
// * The package has only a "module" field (no "main"/"exports"), so import dist/hnswlib.js by path.
// * The Emscripten glue was built for ENVIRONMENT=web and refuses to start unless `window` (or
//   importScripts) exists: under Node we alias globalThis.window = globalThis. The Wasm binary is embedded
//   as a data: URI, so nothing is fetched.
// * loadHnswlib() mounts IDBFS and syncs it with IndexedDB (Node has none: the glue aborts with "IDBFS used,
//   but indexedDB not supported"). memory-idb.mjs supplies an in-memory IndexedDB; writeIndex/readIndex use
//   the Emscripten file system under that mount, and their bytes travel through it.
// * Build: initIndex(maxElements, M, efConstruction, seed) then addPoints(Float32Array[], labels, false).
//   efSearch is a per-index setting (setEfSearch). 'cosine' normalises on insert and query.
import { installMemoryIndexedDB } from './memory-idb.mjs';

const MOUNT = '/hnswlib-index';            // the directory loadHnswlib mounts IDBFS on
const STORE = 'FILE_DATA';                 // IDBFS object store name
const SEED = 100;

let lib = null;
let idb = null;
let fileCounter = 0;

export const adapter = {
  name: 'hnswlib-wasm',
  label: 'hnswlib-wasm 0.8.2',
  package: 'hnswlib-wasm 0.8.2 (hnswlib C++ via Emscripten)',
  kind: 'hnsw',
  runtimes: ['node', 'browser'],
  async load(platform) {
    if (lib) return;
    idb = installMemoryIndexedDB();
    if (typeof window === 'undefined' && typeof importScripts !== 'function') globalThis.window = globalThis;
    const quiet = platform.quietConsole?.();           // the glue logs every file-system sync
    try {
      const { loadHnswlib } = await import(platform.url('node_modules/hnswlib-wasm/dist/hnswlib.js'));
      lib = await loadHnswlib();
    } finally {
      quiet?.restore();
    }
    this.platform = platform;
  },
  async build({ dim, metric, n, vectors, m, efConstruction }) {
    const index = new lib.HierarchicalNSW(metric, dim, '');
    index.initIndex(n, m, efConstruction, SEED);
    const batch = 10_000;                               // addPoints converts a JS array of vectors per call
    for (let start = 0; start < n; start += batch) {
      const end = Math.min(n, start + batch);
      const items = [], labels = [];
      for (let i = start; i < end; i++) { items.push(vectors.subarray(i * dim, (i + 1) * dim)); labels.push(i); }
      index.addPoints(items, labels, false);
    }
    return new HnswlibIndex(index, metric, dim, n, this.platform);
  },
  async open(serialized, { dim, metric, n }) {
    const name = `open-${++fileCounter}.dat`;
    idb.store(MOUNT, STORE).set(`${MOUNT}/${name}`, { timestamp: new Date(), mode: 0o100666, contents: serialized.bytes.slice() });
    await quietly(this.platform, () => syncAndWait(true, () => lib.EmscriptenFileSystemManager.checkFileExists(name)));
    const index = new lib.HierarchicalNSW(metric, dim, '');
    const start = this.platform.now();
    await quietly(this.platform, () => index.readIndex(name, n));   // returns once the file is parsed
    const opened = new HnswlibIndex(index, metric, dim, n, this.platform);
    opened.openMs = this.platform.now() - start;
    return opened;
  },
  info() {
    return {
      build: 'Emscripten, ASSERTIONS on (debug glue), ENVIRONMENT=web, wasm embedded as data: URI',
      simd: 'none (no v128 locals in the module)',
      persistence: 'writeIndex/readIndex through the Emscripten FS (IDBFS, here an in-memory IndexedDB)',
      openNote: 'open time = readIndex of a file already copied into the Emscripten FS',
    };
  },
};

class HnswlibIndex {
  constructor(index, metric, dim, n, platform) {
    this.index = index; this.metric = metric; this.dim = dim; this.n = n; this.platform = platform;
  }

  prepare({ efSearch }) { this.index.setEfSearch(efSearch); }

  search(query, k) { return this.index.searchKnn(query, k, undefined).neighbors; }

  async serialize() {
    const name = `save-${++fileCounter}.dat`;
    const start = this.platform.now();
    await quietly(this.platform, () => this.index.writeIndex(name));
    const serializeMs = this.platform.now() - start;
    const records = idb.store(MOUNT, STORE);
    const key = `${MOUNT}/${name}`;
    await quietly(this.platform, () => syncAndWait(false, () => records?.has(key)));
    const bytes = idb.store(MOUNT, STORE).get(key).contents.slice();
    return { bytes, size: bytes.length, serializeMs, note: 'writeIndex into the Emscripten FS (its IDBFS sync not timed)' };
  }

  wasmMemoryBytes() { return lib.HEAPU8.length; }
  stats() { return { efSearchAfterRun: this.index.getEfSearch(), count: this.index.getCurrentCount() }; }
  close() { this.index.delete?.(); }
}

/** Starts an IDBFS sync and waits until `done()` holds (the glue's own callback can fire before the sync ends). */
async function syncAndWait(populate, done) {
  lib.EmscriptenFileSystemManager.syncFS(populate, () => {});
  for (let i = 0; i < 2000 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!done()) throw new Error('IDBFS sync did not finish');
  // Let the glue's trailing sync callbacks run before anything is timed.
  await new Promise((resolve) => setTimeout(resolve, 20));
}

async function quietly(platform, action) {
  const quiet = platform.quietConsole?.();
  try { return await action(); } finally { quiet?.restore(); }
}
