'use strict';
// Probe: what the reference does with segments it never writes itself (unknown type 0xF0, META, OVERLAY,
// a junk INDEX), listed in the manifest directory or trailing after the manifest, and with bad hashes.
// For each hand-built file: does openReadonly work, what do status()/segments()/query report, and after
// open() + ingest and open() + compact(), which segment types are still in the file?
// Usage: node probe-unknown-segments.cjs [WORKDIR]   (prints one JSON object)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { RvfDatabase } = require('@ruvector/rvf-node-linux-x64-gnu');
const bytes = require('./rvf-bytes.cjs');

const dir = process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'rvf-probe-unknown-'));
fs.mkdirSync(dir, { recursive: true });
process.chdir(dir);

const DIM = 4;
const vectors = bytes.randomVectors(bytes.prng(7), 10, DIM);
const ids = Array.from({ length: 10 }, (_, i) => i + 1);
const base = 'base.rvf';
fs.rmSync(base, { force: true });
const db = RvfDatabase.create(base, { dimension: DIM, metric: 'l2' });
db.ingestBatch(vectors, ids);
db.close();
const baseBytes = fs.readFileSync(base);

function vecPayload(id, values) {
  const p = Buffer.alloc(6 + 8 + 4 * values.length);
  p.writeUInt16LE(values.length, 0);
  p.writeUInt32LE(1, 2);
  p.writeBigUInt64LE(BigInt(id), 6);
  values.forEach((v, i) => p.writeFloatLE(v, 14 + 4 * i));
  return p;
}

const cases = {
  f0_trailing_unlisted: (f) => bytes.appendSegment(f, 0xf0, Buffer.from('extension payload'), { listed: false }).file,
  f0_listed: (f) => bytes.appendSegment(f, 0xf0, Buffer.from('extension payload')).file,
  meta_listed: (f) => bytes.appendSegment(f, 0x07, Buffer.from('{"k":"v"}')).file,
  overlay_listed: (f) => bytes.appendSegment(f, 0x03, Buffer.alloc(32, 1)).file,
  index_junk_listed: (f) => bytes.appendSegment(f, 0x02, Buffer.alloc(40, 0x5a)).file,
  f0_listed_bad_hash: (f) => bytes.appendSegment(f, 0xf0, Buffer.from('extension payload'), { badHash: true }).file,
  vec_listed_bad_hash: (f) => bytes.appendSegment(f, 0x01, vecPayload(99, [1, 2, 3, 4]), { badHash: true }).file,
  vec_listed_good_hash: (f) => bytes.appendSegment(f, 0x01, vecPayload(99, [1, 2, 3, 4])).file,
};

function fileTypes(p) {
  return bytes.listSegments(fs.readFileSync(p)).map((s) => '0x' + s.segType.toString(16));
}

function attempt(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: String(e && e.message) };
  }
}

const q = new Float32Array([0, 0, 0, 0]);
const report = { workdir: dir, base: { types: fileTypes(base) }, cases: {} };
for (const [name, build] of Object.entries(cases)) {
  const file = name + '.rvf';
  fs.writeFileSync(file, build(baseBytes));
  const r = { typesBuilt: fileTypes(file) };
  r.openReadonly = attempt(() => {
    const h = RvfDatabase.openReadonly(file);
    try {
      return {
        status: h.status(),
        segments: h.segments(),
        ids: h.query(q, 100).map((x) => x.id).sort((a, b) => a - b),
      };
    } finally {
      h.close();
    }
  });
  const ingestCopy = name + '.ingest.rvf';
  fs.copyFileSync(file, ingestCopy);
  r.openIngestClose = attempt(() => {
    const h = RvfDatabase.open(ingestCopy);
    h.ingestBatch(new Float32Array([9, 9, 9, 9]), [500]);
    const segs = h.segments().map((s) => s.segType);
    h.close();
    return { segmentsAfter: segs, typesInFile: fileTypes(ingestCopy) };
  });
  const compactCopy = name + '.compact.rvf';
  fs.copyFileSync(file, compactCopy);
  r.openCompact = attempt(() => {
    const h = RvfDatabase.open(compactCopy);
    const c = h.compact();
    h.close();
    const again = RvfDatabase.openReadonly(compactCopy);
    const after = { compaction: c, typesInFile: fileTypes(compactCopy), segments: again.segments(), count: again.status().totalVectors };
    again.close();
    return after;
  });
  report.cases[name] = r;
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
