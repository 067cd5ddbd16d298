'use strict';
// Probe: how the reference binding treats edge cases of its API - k values, wrong dimensions and lengths,
// odd ids, re-used ids, deletes, metadata filters, metric names and create options, locking, kernels and
// branches. Each case records the returned value or the thrown message. Usage: node probe-api-edges.cjs
// [WORKDIR]; prints one JSON object {case: {value} | {error}}.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { RvfDatabase } = require('@ruvector/rvf-node-linux-x64-gnu');
const { hitJson } = require('./ref-common.cjs');

const dir = process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'rvf-probe-api-'));
fs.mkdirSync(dir, { recursive: true });
process.chdir(dir);

const report = {};
function tryCase(label, fn) {
  try {
    const value = fn();
    report[label] = { value: value === undefined ? null : value };
  } catch (e) {
    report[label] = { error: String(e && e.message), code: e && e.code };
  }
}
function fresh(name, options) {
  fs.rmSync(name, { force: true });
  return RvfDatabase.create(name, options);
}
const hits = (list) => list.map(hitJson);
const idsOf = (db, dim) => db.query(new Float32Array(dim), 1000).map((h) => h.id).sort((a, b) => a - b);

// --- k and query shape -------------------------------------------------------------------------------
let db = fresh('k.rvf', { dimension: 2 });
const scrambled = [50, 3, 17, 99, 1, 42, 8, 23, 77, 5];
db.ingestBatch(new Float32Array(10).fill(1), scrambled.slice(0, 5));
db.ingestBatch(new Float32Array(10).fill(1), scrambled.slice(5));
tryCase('ties: 10 equal vectors ingested in scrambled id order, k=10', () => db.query(new Float32Array(2), 10).map((h) => h.id));
tryCase('ties: k=3 keeps the smallest ids', () => db.query(new Float32Array(2), 3).map((h) => h.id));
tryCase('k larger than count (100 of 10)', () => db.query(new Float32Array(2), 100).length);
tryCase('k=0', () => db.query(new Float32Array(2), 0));
tryCase('k=-1 (becomes u32 max)', () => db.query(new Float32Array(2), -1).length);
tryCase('k=1.5 (truncated)', () => db.query(new Float32Array(2), 1.5).length);
tryCase('k=2^32+1 (wraps to 1)', () => db.query(new Float32Array(2), 2 ** 32 + 1).length);
tryCase('query dim 3 on dim 2', () => db.query(new Float32Array(3), 3));
tryCase('query dim 1 on dim 2', () => db.query(new Float32Array(1), 3));
tryCase('query empty vector', () => db.query(new Float32Array(0), 3));
tryCase('query plain array instead of Float32Array', () => db.query([0, 0], 3).length);
tryCase('query efSearch 0', () => db.query(new Float32Array(2), 2, { efSearch: 0 }).length);
tryCase('unknown filter op', () => db.query(new Float32Array(2), 2, { filter: '{"op":"zz"}' }));
tryCase('filter not JSON', () => db.query(new Float32Array(2), 2, { filter: 'nope' }));
db.close();

// --- ingest shapes and ids ---------------------------------------------------------------------------
db = fresh('i.rvf', { dimension: 2 });
tryCase('ingest 3 floats for 1 id (dim 2)', () => db.ingestBatch(new Float32Array([1, 2, 3]), [1000]));
tryCase('ingest 4 floats for 1 id (dim 2)', () => db.ingestBatch(new Float32Array([1, 2, 3, 4]), [1001]));
tryCase('ingest 2 floats for 2 ids', () => db.ingestBatch(new Float32Array([1, 2]), [1002, 1003]));
tryCase('ingest empty batch', () => db.ingestBatch(new Float32Array(0), []));
tryCase('status after rejected batches (epoch moved, no segment written)', () => db.status());
tryCase('id 0', () => db.ingestBatch(new Float32Array([3, 3]), [0]));
tryCase('id -1 (stored as u64 max, returned as -1)', () => db.ingestBatch(new Float32Array([2, 2]), [-1]));
tryCase('id 1.5 (truncated to 1)', () => db.ingestBatch(new Float32Array([2, 2]), [1.5]));
tryCase('id 2^53+2', () => db.ingestBatch(new Float32Array([2, 2]), [2 ** 53 + 2]));
tryCase('id 2^64 (saturates to 2^63-1)', () => db.ingestBatch(new Float32Array([2, 2]), [2 ** 64]));
tryCase('id NaN (becomes 0)', () => db.ingestBatch(new Float32Array([4, 4]), [NaN]));
tryCase('id "7" (string)', () => db.ingestBatch(new Float32Array([2, 2]), ['7']));
tryCase('ids a query returns after the odd ids', () => db.query(new Float32Array(2), 100).map(hitJson));
tryCase('delete [-1]', () => db.delete([-1]));
tryCase('delete [1.5]', () => db.delete([1.5]));
tryCase('delete []', () => db.delete([]));
db.close();

// --- re-used ids and deletes --------------------------------------------------------------------------
db = fresh('r.rvf', { dimension: 2 });
tryCase('same id twice in one batch', () => db.ingestBatch(new Float32Array([1, 0, 2, 0, 3, 0]), [7, 7, 8]));
tryCase('status: distinct ids counted', () => db.status().totalVectors);
tryCase('which vector id 7 kept (distance from origin)', () => hits(db.query(new Float32Array(2), 10)));
tryCase('re-used id 8 in a later batch', () => db.ingestBatch(new Float32Array([5, 0]), [8]));
tryCase('after re-use', () => ({ total: db.status().totalVectors, hits: hits(db.query(new Float32Array(2), 10)) }));
tryCase('delete ids that do not exist', () => db.delete([100, 101]));
tryCase('delete [7, 7, 102]', () => db.delete([7, 7, 102]));
tryCase('delete 7 again', () => db.delete([7]));
tryCase('re-ingest deleted id 7', () => db.ingestBatch(new Float32Array([9, 0]), [7]));
tryCase('deleted id 7 stays hidden', () => ({ status: db.status(), ids: idsOf(db, 2) }));
tryCase('compact', () => db.compact());
tryCase('after compact: 7 is gone', () => idsOf(db, 2));
tryCase('re-ingest 7 after compact', () => db.ingestBatch(new Float32Array([9, 0]), [7]));
tryCase('7 visible again', () => idsOf(db, 2));
db.close();

// --- metadata (kept in memory only) ------------------------------------------------------------------
db = fresh('m.rvf', { dimension: 2 });
const eq = (field, type, value) => JSON.stringify({ op: 'eq', fieldId: field, valueType: type, value });
tryCase('ingest with one metadata entry per vector', () => db.ingestBatch(new Float32Array([1, 0, 2, 0, 3, 0]), [1, 2, 3],
  [{ fieldId: 0, valueType: 'string', value: 'a' }, { fieldId: 0, valueType: 'string', value: 'b' }, { fieldId: 0, valueType: 'string', value: 'a' }]));
tryCase('filter eq a', () => db.query(new Float32Array(2), 10, { filter: eq(0, 'string', 'a') }).map((h) => h.id));
tryCase('deleteByFilter eq b', () => db.deleteByFilter(eq(0, 'string', 'b')));
tryCase('ids after deleteByFilter', () => idsOf(db, 2));
db.close();
db = RvfDatabase.open('m.rvf');
tryCase('after reopen: filter eq a (metadata not persisted)', () => db.query(new Float32Array(2), 10, { filter: eq(0, 'string', 'a') }).map((h) => h.id));
tryCase('after reopen: deleteByFilter eq a', () => db.deleteByFilter(eq(0, 'string', 'a')));
tryCase('after reopen: NOT(eq) matches every vector', () => db.query(new Float32Array(2), 10, { filter: JSON.stringify({ op: 'not', child: JSON.parse(eq(0, 'u64', '0')) }) }).map((h) => h.id));
db.close();
db = fresh('m2.rvf', { dimension: 2 });
tryCase('two entries per vector (4 entries, 2 vectors)', () => db.ingestBatch(new Float32Array([1, 0, 2, 0]), [1, 2],
  [{ fieldId: 0, valueType: 'string', value: 'a' }, { fieldId: 1, valueType: 'u64', value: '5' },
    { fieldId: 0, valueType: 'string', value: 'b' }, { fieldId: 1, valueType: 'u64', value: '6' }]));
tryCase('  filter field 1 == 6', () => db.query(new Float32Array(2), 10, { filter: eq(1, 'u64', '6') }).map((h) => h.id));
tryCase('  filter field 0 == b', () => db.query(new Float32Array(2), 10, { filter: eq(0, 'string', 'b') }).map((h) => h.id));
db.close();

// --- create options ----------------------------------------------------------------------------------
for (const metric of ['l2', 'L2', 'euclidean', 'cosine', 'Cosine', 'inner_product', 'InnerProduct', 'ip', 'dot', 'dotproduct', 'dot_product', '', undefined]) {
  tryCase('metric ' + JSON.stringify(metric === undefined ? null : metric), () => {
    const h = fresh('o.rvf', { dimension: 2, metric });
    const m = h.metric();
    h.close();
    return { metric: m, manifestByte19: fs.readFileSync('o.rvf')[64 + 19] };
  });
}
for (const dimension of [0, 1, 65535, 65536, -1, 1.5]) {
  tryCase('dimension ' + dimension, () => { const h = fresh('o.rvf', { dimension }); const d = h.dimension(); h.close(); return d; });
}
for (const profile of [3, 4, 255, -1]) {
  tryCase('profile ' + profile, () => { const h = fresh('o.rvf', { dimension: 2, profile }); const p = h.status().profileId; h.close(); return p; });
}

// --- handles and locking -----------------------------------------------------------------------------
db = fresh('l.rvf', { dimension: 2 });
tryCase('create over a file open for writing', () => { RvfDatabase.create('l.rvf', { dimension: 2 }); return 'created'; });
tryCase('second writer', () => { RvfDatabase.open('l.rvf'); return 'opened'; });
tryCase('read-only open while a writer is open', () => { const r = RvfDatabase.openReadonly('l.rvf'); const s = r.status(); r.close(); return s.readOnly; });
tryCase('ingest on a read-only handle', () => { const r = RvfDatabase.openReadonly('l.rvf'); try { return r.ingestBatch(new Float32Array(2), [1]); } finally { r.close(); } });
db.close();
tryCase('call after close', () => db.status());
tryCase('open a missing file', () => RvfDatabase.openReadonly('missing.rvf'));
tryCase('create over an existing closed file', () => { const h = RvfDatabase.create('l.rvf', { dimension: 3 }); const d = h.dimension(); h.close(); return d; });

// --- kernels, eBPF, freeze, branch --------------------------------------------------------------------
db = fresh('x.rvf', { dimension: 4 });
tryCase('extractKernel/extractEbpf on a store without them', () => [db.extractKernel(), db.extractEbpf()]);
tryCase('two kernels: extractKernel returns the first', () => {
  db.embedKernel(0, 0xfe, 0, Buffer.alloc(8, 1), 8080, 'first');
  db.embedKernel(1, 1, 0, Buffer.alloc(8, 2), 9090, 'second');
  return db.extractKernel().image.toString('latin1');
});
tryCase('freeze', () => db.freeze());
tryCase('ingest after freeze', () => db.ingestBatch(new Float32Array(4), [1]));
tryCase('status after freeze', () => db.status());
tryCase('branch of a frozen store', () => { const c = db.branch('x-child.rvf'); const s = c.status(); c.close(); return s; });
db.close();
db = fresh('y.rvf', { dimension: 2 });
db.ingestBatch(new Float32Array([1, 0, 0, 1]), [1, 2]);
tryCase('branch of an unfrozen store', () => { const c = db.branch('y-child.rvf'); const r = { ids: idsOf(c, 2), status: c.status() }; c.close(); return r; });
tryCase('derive with a different dimension', () => { const c = db.derive('y-derived.rvf', { dimension: 3, metric: 'cosine' }); const r = [c.dimension(), c.metric(), c.lineageDepth()]; c.close(); return r; });
db.close();
fs.renameSync('y.rvf', 'y-moved.rvf');
tryCase('open a COW child whose parent is gone', () => RvfDatabase.openReadonly('y-child.rvf'));
tryCase('open a derived child whose parent is gone', () => { const c = RvfDatabase.openReadonly('y-derived.rvf'); const d = c.lineageDepth(); c.close(); return d; });

process.stdout.write(JSON.stringify(report, null, 1) + '\n');
