'use strict';
// Probe: for every seg_type byte 0x00..0xFF, append one listed segment with a small junk payload to a
// 3-vector reference file and record whether openReadonly still works and which segType name
// segments() reports for it. Prints one JSON object {typeHex: {ok, name | error}}.
// Usage: node probe-segment-types.cjs [WORKDIR]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { RvfDatabase } = require('@ruvector/rvf-node-linux-x64-gnu');
const bytes = require('./rvf-bytes.cjs');

const dir = process.argv[2] || fs.mkdtempSync(path.join(os.tmpdir(), 'rvf-probe-types-'));
fs.mkdirSync(dir, { recursive: true });
process.chdir(dir);

fs.rmSync('base.rvf', { force: true });
const db = RvfDatabase.create('base.rvf', { dimension: 2, metric: 'l2' });
db.ingestBatch(new Float32Array([1, 0, 0, 1, 1, 1]), [1, 2, 3]);
db.close();
const base = fs.readFileSync('base.rvf');

const junk = Buffer.from('0123456789abcdef0123456789abcdef');
const result = {};
for (let t = 0; t <= 0xff; t++) {
  const key = '0x' + t.toString(16).padStart(2, '0');
  const file = 'type-' + key + '.rvf';
  const built = bytes.appendSegment(base, t, junk);
  fs.writeFileSync(file, built.file);
  try {
    const h = RvfDatabase.openReadonly(file);
    try {
      const seg = h.segments().find((s) => s.id === built.segmentId);
      result[key] = { ok: true, name: seg ? seg.segType : null, count: h.status().totalVectors };
    } finally {
      h.close();
    }
  } catch (e) {
    result[key] = { ok: false, error: String(e && e.message) };
  }
  fs.rmSync(file);
}
process.stdout.write(JSON.stringify(result) + '\n');
