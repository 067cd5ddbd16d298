// Writes the .rvf file the open measurement loads (bench/open.html, bench/chromium.sh --open): this project's store
// over a cached workload, built with M = 16 / efConstruction = 200 and exported with its HNSW index, to
// bench/.cache/<key>/rvf-web-<metric>.rvf. Also times, in Node, the same open + first query for comparison.
//   node src/node/make-rvf.mjs [workload=100k-384] [metric=cosine] [queries=500]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeWorkload } from '../core/workload.mjs';
import { ensureWorkload, loadWorkload, workloadDir } from './data.mjs';

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [name = '100k-384', metric = 'cosine', queries = '500'] = process.argv.slice(2);
const spec = describeWorkload(name, Number(queries));
ensureWorkload(benchDir, spec, (line) => console.log(`  ${line}`));
const dist = join(benchDir, '..', 'js-glue', 'target', 'dist');
const { default: init, RvfStore } = await import(pathToFileURL(join(dist, 'rvf.js')).href);
await init(readFileSync(join(dist, 'rvf.wasm')));
const file = join(workloadDir(benchDir, spec), `rvf-web-${metric}.rvf`);
if (!existsSync(file)) {
  const { vectors } = loadWorkload(benchDir, spec, metric);
  const store = RvfStore.create(spec.dim, metric, { m: 16, efConstruction: 200 });
  let t = performance.now();
  store.ingest(vectors, BigUint64Array.from({ length: spec.n }, (_, i) => BigInt(i + 1)));
  store.query(vectors.subarray(0, spec.dim), 10);            // builds the graph if the store builds lazily
  console.log(`built ${spec.n} x ${spec.dim} ${metric} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const bytes = new Uint8Array(store.export());
  writeFileSync(file, bytes);
  store.close();
  console.log(`wrote ${file} (${bytes.length} bytes)`);
}
const bytes = new Uint8Array(readFileSync(file));
const { queries: qs } = loadWorkload(benchDir, spec, metric);
for (let run = 1; run <= 3; run++) {
  const t0 = performance.now();
  const store = RvfStore.open(bytes);
  const t1 = performance.now();
  store.query(qs.subarray(run * spec.dim, (run + 1) * spec.dim), 10);
  const t2 = performance.now();
  const index = store.status().index;
  console.log(`node ${process.version}: open ${(t1 - t0).toFixed(0)} ms + first query ${(t2 - t1).toFixed(1)} ms `
    + `= ${(t2 - t0).toFixed(0)} ms (index ${index?.state}, ${index?.loadedNodes} nodes loaded)`);
  store.close();
}
{
  const t = performance.now();
  new Uint8Array(bytes.length).fill(1);
  console.log(`baseline: filling a fresh ${bytes.length}-byte Uint8Array takes ${(performance.now() - t).toFixed(0)} ms`);
}
