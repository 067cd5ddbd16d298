// Workload files in bench/.cache/<key>/: vectors.f32, queries.f32 (little-endian float32, row-major) and the
// float64 ground truth per metric (gt-<metric>.i32 ordinals, gt-<metric>.f64 distances), plus spec.json.
// Generated once per key; a page runner can fetch the same files.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorkload } from '../core/workload.mjs';
import { METRICS, computeGroundTruth } from '../core/groundtruth.mjs';

export const GT_K = 10;

export function workloadDir(benchDir, spec) { return join(benchDir, '.cache', spec.key); }

/** Makes sure the data and ground truth of `spec` are cached; returns the directory. */
export function ensureWorkload(benchDir, spec, log) {
  const dir = workloadDir(benchDir, spec);
  if (existsSync(join(dir, 'spec.json'))) return dir;
  mkdirSync(dir, { recursive: true });
  let start = performance.now();
  const { vectors, queries } = generateWorkload(spec);
  log(`generated ${spec.n} x ${spec.dim} vectors and ${spec.queries} queries in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  start = performance.now();
  const truth = computeGroundTruth(vectors, queries, spec.dim, GT_K, (done) => {
    if (done % 100 === 0) log(`ground truth ${done}/${spec.queries} queries`);
  });
  const gtSeconds = (performance.now() - start) / 1000;
  log(`float64 ground truth in ${gtSeconds.toFixed(1)} s`);
  write(join(dir, 'vectors.f32'), vectors);
  write(join(dir, 'queries.f32'), queries);
  for (const metric of METRICS) {
    write(join(dir, `gt-${metric}.i32`), truth[metric].ids);
    write(join(dir, `gt-${metric}.f64`), truth[metric].distances);
  }
  write(join(dir, 'spec.json'), Buffer.from(JSON.stringify({ ...spec, gtK: GT_K, gtSeconds }, null, 1)));
  return dir;
}

export function loadWorkload(benchDir, spec, metric) {
  const dir = workloadDir(benchDir, spec);
  return {
    spec,
    vectors: read(join(dir, 'vectors.f32'), Float32Array),
    queries: read(join(dir, 'queries.f32'), Float32Array),
    truthIds: read(join(dir, `gt-${metric}.i32`), Int32Array),
    truthDistances: read(join(dir, `gt-${metric}.f64`), Float64Array),
  };
}

function write(path, data) {
  const bytes = ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : data;
  writeFileSync(path + '.tmp', bytes);
  renameSync(path + '.tmp', path);          // spec.json is written last, so a cache dir with it is complete
}

function read(path, Type) {
  const buffer = readFileSync(path);
  const aligned = new Uint8Array(buffer.byteLength);
  aligned.set(buffer);
  return new Type(aligned.buffer);
}
