// This project: js-glue/target/dist/rvf.js + rvf.wasm, through its public API
//   import init, { RvfStore } from "./rvf.js"; await init(wasmBytes);
//   const s = RvfStore.create(dim, "cosine" | "l2", { m, efConstruction });   (options: if supported)
//   s.ingest(Float32Array n*dim, ids); s.query(Float32Array dim, k, { efSearch, exact }) -> [{ id, distance }]
//   s.export() -> Uint8Array; RvfStore.open(bytes)
// Measured in exact mode and with an efSearch sweep, on one store. Skipped (with the reason) while the dist
// folder has no rvf.js, or its rvf.js has no RvfStore yet. The dist folder defaults to ../js-glue/target/dist
// and can be changed with the platform's `rvfDist` (run.sh --rvf-dist DIR).
import { SkipError } from '../core/adapter.mjs';

let mod = null;
let instance = null;
let idForm = null;          // how ingest() takes ids: found once with a one-vector store

export const adapter = {
  name: 'rvf-web',
  label: 'rvf-web (this project)',
  package: 'js-glue/target/dist: rvf.js + rvf.wasm',
  kind: 'exact+hnsw',
  runtimes: ['node', 'browser'],
  async load(platform) {
    if (mod) return;
    const where = platform.rvfDistLabel();
    if (platform.rvfDistExists && !platform.rvfDistExists()) {
      throw new SkipError(`${where}/rvf.js does not exist (build js-glue first, or pass --rvf-dist DIR)`);
    }
    let loaded;
    try {
      loaded = await import(platform.rvfDistUrl('rvf.js'));
    } catch (error) {
      throw new SkipError(`${where}/rvf.js cannot be imported (${firstLine(error)}); build js-glue first`);
    }
    if (typeof loaded.RvfStore?.create !== 'function') {
      throw new SkipError(`${where}/rvf.js has no RvfStore export yet (the store API is not built)`);
    }
    let bytes;
    try {
      bytes = await platform.readRvfDist('rvf.wasm');
    } catch (error) {
      throw new SkipError(`${where}/rvf.wasm cannot be read (${firstLine(error)})`);
    }
    instance = await loaded.default(bytes);
    mod = loaded;
  },
  async build({ dim, metric, n, vectors, m, efConstruction }) {
    const store = mod.RvfStore.create(dim, metric, { m, efConstruction });
    const form = idForm ?? (idForm = findIdForm(dim, metric));
    store.ingest(vectors, form(0, n));
    return new RvfWebIndex(store);
  },
  async open(serialized) {
    return new RvfWebIndex(await mod.RvfStore.open(serialized.bytes));
  },
  info() { return { idsPassedAs: idForm?.label ?? null, exports: instance ? Object.keys(instance.exports ?? {}).length : null }; },
};

/** ids 1..n (ordinal + 1) in the first form ingest() accepts: BigUint64Array (the ABI's u64), then number[]. */
function findIdForm(dim, metric) {
  const forms = [
    Object.assign((start, count) => BigUint64Array.from({ length: count }, (_, i) => BigInt(start + i + 1)), { label: 'BigUint64Array' }),
    Object.assign((start, count) => Array.from({ length: count }, (_, i) => start + i + 1), { label: 'number[]' }),
  ];
  const errors = [];
  for (const form of forms) {
    const probe = mod.RvfStore.create(dim, metric);
    try {
      probe.ingest(new Float32Array(dim).fill(1), form(0, 1));
      return form;
    } catch (error) {
      errors.push(`${form.label}: ${firstLine(error)}`);
    } finally {
      probe.close?.();
    }
  }
  throw new Error(`RvfStore.ingest accepted no id form (${errors.join('; ')})`);
}

class RvfWebIndex {
  constructor(store) { this.store = store; }

  search(query, k, params) {
    const hits = this.store.query(query, k, params.exact ? { exact: true } : { efSearch: params.efSearch });
    const out = new Int32Array(hits.length);
    for (let i = 0; i < hits.length; i++) out[i] = Number(hits[i].id) - 1;
    return out;
  }

  async serialize() {
    const bytes = await this.store.export();
    return { bytes, size: bytes.length };
  }

  wasmMemoryBytes() { return instance?.memory?.buffer.byteLength ?? null; }
  stats() { return this.store.status?.() ?? null; }
  close() { this.store.close?.(); }
}

function firstLine(error) { return String(error?.message ?? error).split('\n')[0]; }
