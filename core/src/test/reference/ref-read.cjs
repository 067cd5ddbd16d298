'use strict';
// Reads .rvf files with the reference binding and prints what it sees as ONE JSON object on stdout.
//
//   node ref-read.cjs FILE [QUERIES.json]            -> {file, ok, ...}           (one file)
//   node ref-read.cjs --files [--queries Q.json] F... -> {"results": [{...}, ...]} (many files, one process)
//
// QUERIES.json: [{"vector": [numbers], "k": n}, ...]; each query's answer is in "queries" in the same order.
// Per file: ok, error (when it cannot be opened), openMode, status, dimension, metric, fileId, parentId,
// lineageDepth, segments, kernel {header, image} | null, ebpf {header, payload} | null, witness, liveIds
// (every id a query can return, sorted ascending), queries [{k, results: [{id, distance}]} | {k, error}],
// errors {field: message} for single calls that failed. Distances are the binding's numbers; NaN/Infinity
// are the strings "NaN"/"Infinity"/"-Infinity". Diagnostics go to stderr only.
const fs = require('node:fs');
const common = require('./ref-common.cjs');

function open(RvfDatabase, file) {
  try {
    return { db: RvfDatabase.openReadonly(file), mode: 'readonly' };
  } catch (readonlyError) {
    try {
      return { db: RvfDatabase.open(file), mode: 'readwrite', readonlyError: common.errorMessage(readonlyError) };
    } catch (e) {
      const err = new Error(common.errorMessage(readonlyError));
      err.readwriteError = common.errorMessage(e);
      throw err;
    }
  }
}

/**
 * Every id a query can reach. status().totalVectors does not count the ids a COW child inherits, and a huge
 * k makes the reference allocate k-sized tables (it aborts on a COW child), so k grows until the answer is
 * shorter than k. The always-true filter NOT(field 0 == 0) (metadata is never persisted, so no vector has
 * field 0) sends the query down the exact scan: a plain first query on 1024+ vectors would build the whole
 * HNSW graph first (about 6 s for the 5000 x 128 sample).
 */
const MATCH_ALL = JSON.stringify({ op: 'not', child: { op: 'eq', fieldId: 0, valueType: 'u64', value: '0' } });

function liveIds(db, dimension, totalVectors) {
  const probe = new Float32Array(dimension);
  probe[0] = 1;
  let k = Math.max(16, totalVectors + 1);
  for (;;) {
    const hits = db.query(probe, k, { filter: MATCH_ALL });
    if (hits.length < k || k >= 1 << 24) {
      return hits.map((h) => h.id).sort((a, b) => a - b);
    }
    k *= 4;
  }
}

function readOne(RvfDatabase, file, queries) {
  const out = { file, ok: false };
  let handle;
  try {
    handle = open(RvfDatabase, file);
  } catch (e) {
    out.error = common.errorMessage(e);
    if (e.readwriteError) out.readwriteError = e.readwriteError;
    return out;
  }
  const db = handle.db;
  const errors = {};
  try {
    out.ok = true;
    out.openMode = handle.mode;
    if (handle.readonlyError) out.readonlyError = handle.readonlyError;
    out.status = common.guarded(errors, 'status', () => db.status());
    out.dimension = common.guarded(errors, 'dimension', () => db.dimension());
    out.metric = common.guarded(errors, 'metric', () => db.metric());
    out.fileId = common.guarded(errors, 'fileId', () => db.fileId());
    out.parentId = common.guarded(errors, 'parentId', () => db.parentId());
    out.lineageDepth = common.guarded(errors, 'lineageDepth', () => db.lineageDepth());
    out.segments = common.guarded(errors, 'segments', () => db.segments());
    out.kernel = common.guarded(errors, 'kernel', () => common.kernelJson(db.extractKernel()));
    out.ebpf = common.guarded(errors, 'ebpf', () => common.ebpfJson(db.extractEbpf()));
    out.witness = common.guarded(errors, 'witness', () => db.verifyWitness());
    if (out.dimension && out.status) {
      out.liveIds = common.guarded(errors, 'liveIds', () => liveIds(db, out.dimension, out.status.totalVectors));
    }
    out.queries = queries.map((q) => {
      try {
        return { k: q.k, results: db.query(Float32Array.from(q.vector), q.k).map(common.hitJson) };
      } catch (e) {
        return { k: q.k, error: common.errorMessage(e) };
      }
    });
    out.errors = errors;
  } finally {
    try {
      db.close();
    } catch (e) {
      process.stderr.write('close failed for ' + file + ': ' + common.errorMessage(e) + '\n');
    }
  }
  return out;
}

function readQueries(path) {
  if (!path) return [];
  const parsed = JSON.parse(fs.readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('QUERIES.json must hold an array of {vector, k}');
  return parsed;
}

function main(argv) {
  if (argv[0] === '--files') {
    let rest = argv.slice(1);
    let queries = [];
    if (rest[0] === '--queries') {
      queries = readQueries(rest[1]);
      rest = rest.slice(2);
    }
    const { RvfDatabase } = common.loadBinding();
    return { results: rest.map((f) => readOne(RvfDatabase, f, queries)) };
  }
  if (argv.length < 1 || argv.length > 2) {
    throw new Error('usage: ref-read.cjs FILE [QUERIES.json] | ref-read.cjs --files [--queries Q.json] FILE...');
  }
  const queries = readQueries(argv[1]);
  const { RvfDatabase } = common.loadBinding();
  return readOne(RvfDatabase, argv[0], queries);
}

let result;
try {
  result = main(process.argv.slice(2));
} catch (e) {
  result = { ok: false, error: common.errorMessage(e) };
  process.exitCode = 2;
}
process.stdout.write(JSON.stringify(result) + '\n');
