'use strict';
// Byte-level helpers for the reference harness scripts: the seeded PRNG, the dialect-R segment header and
// content hash (rvf-format.md §2, §4.1), and the runtime manifest codec (§6). Only what the scripts need to
// inspect reference files and to hand-build segments the reference never writes itself.

const SEG_MAGIC = 0x52564653;
const HEADER_SIZE = 64;
const TYPE_MANIFEST = 0x05;
const IDENTITY_MARKER = 0x46494449;

/** mulberry32: a small, well-mixed 32-bit seeded PRNG (uniform in [0, 1)). */
function prng(seed) {
  let a = seed | 0;
  return function next() {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** count*dim float32 values uniform in [-1, 1). */
function randomVectors(rnd, count, dim) {
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) out[i] = rnd() * 2 - 1;
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32/ISO-HDLC (zlib). */
function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function rotl32(x, r) {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/** The 16-byte dialect-R content hash: crc, rotl8, rotl16, rotl24 as little-endian u32 words. */
function contentHash(payload) {
  const c = crc32(payload);
  const out = Buffer.alloc(16);
  out.writeUInt32LE(c, 0);
  out.writeUInt32LE(rotl32(c, 8), 4);
  out.writeUInt32LE(rotl32(c, 16), 8);
  out.writeUInt32LE(rotl32(c, 24), 12);
  return out;
}

/** A complete segment (64-byte header + payload) as dialect R writes it. */
function buildSegment(segType, segmentId, payload, options = {}) {
  const header = Buffer.alloc(HEADER_SIZE);
  header.writeUInt32LE(SEG_MAGIC, 0);
  header.writeUInt8(options.version === undefined ? 1 : options.version, 4);
  header.writeUInt8(segType, 5);
  header.writeBigUInt64LE(BigInt(segmentId), 8);
  header.writeBigUInt64LE(BigInt(payload.length), 16);
  const hash = options.badHash ? Buffer.alloc(16, 0xab) : contentHash(payload);
  hash.copy(header, 0x28);
  return Buffer.concat([header, payload]);
}

/** Walks back-to-back segments from offset 0; stops at the first position without the magic. */
function listSegments(file) {
  const segments = [];
  let offset = 0;
  while (offset + HEADER_SIZE <= file.length && file.readUInt32LE(offset) === SEG_MAGIC) {
    const payloadLength = Number(file.readBigUInt64LE(offset + 16));
    segments.push({
      offset,
      segType: file.readUInt8(offset + 5),
      segmentId: Number(file.readBigUInt64LE(offset + 8)),
      payloadLength,
    });
    offset += HEADER_SIZE + payloadLength;
  }
  return segments;
}

/** Decodes a dialect-R manifest payload (rvf-format.md §6); ids are BigInt. */
function parseManifest(p) {
  const m = {
    epoch: p.readUInt32LE(0),
    dimension: p.readUInt16LE(4),
    totalVectors: p.readBigUInt64LE(6),
    profileId: p.readUInt8(18),
    metricByte: p.readUInt8(19),
    directory: [],
    deleted: [],
    identity: null,
  };
  const segCount = p.readUInt32LE(14);
  let o = 22;
  for (let i = 0; i < segCount; i++, o += 25) {
    m.directory.push({
      segmentId: p.readBigUInt64LE(o),
      offset: p.readBigUInt64LE(o + 8),
      payloadLength: p.readBigUInt64LE(o + 16),
      segType: p.readUInt8(o + 24),
    });
  }
  const deletedCount = p.readUInt32LE(o);
  o += 4;
  for (let i = 0; i < deletedCount; i++, o += 8) m.deleted.push(p.readBigUInt64LE(o));
  if (o + 72 <= p.length && p.readUInt32LE(o) === IDENTITY_MARKER) {
    m.identity = Buffer.from(p.subarray(o + 4, o + 72));
  }
  return m;
}

/** Inverse of parseManifest. */
function buildManifestPayload(m) {
  const parts = [];
  const head = Buffer.alloc(22);
  head.writeUInt32LE(m.epoch, 0);
  head.writeUInt16LE(m.dimension, 4);
  head.writeBigUInt64LE(BigInt(m.totalVectors), 6);
  head.writeUInt32LE(m.directory.length, 14);
  head.writeUInt8(m.profileId, 18);
  head.writeUInt8(m.metricByte, 19);
  parts.push(head);
  for (const e of m.directory) {
    const b = Buffer.alloc(25);
    b.writeBigUInt64LE(BigInt(e.segmentId), 0);
    b.writeBigUInt64LE(BigInt(e.offset), 8);
    b.writeBigUInt64LE(BigInt(e.payloadLength), 16);
    b.writeUInt8(e.segType, 24);
    parts.push(b);
  }
  const del = Buffer.alloc(4 + 8 * m.deleted.length);
  del.writeUInt32LE(m.deleted.length, 0);
  m.deleted.forEach((id, i) => del.writeBigUInt64LE(BigInt(id), 4 + 8 * i));
  parts.push(del);
  if (m.identity) {
    const marker = Buffer.alloc(4);
    marker.writeUInt32LE(IDENTITY_MARKER, 0);
    parts.push(marker, m.identity);
  }
  return Buffer.concat(parts);
}

/** The last MANIFEST segment of a file (the one the reference boots from when it is the last one). */
function lastManifest(file) {
  const manifests = listSegments(file).filter((s) => s.segType === TYPE_MANIFEST);
  if (manifests.length === 0) throw new Error('no manifest');
  const seg = manifests[manifests.length - 1];
  const payload = file.subarray(seg.offset + HEADER_SIZE, seg.offset + HEADER_SIZE + seg.payloadLength);
  return { segment: seg, manifest: parseManifest(payload) };
}

/**
 * Appends one hand-built segment and, when listed, a new MANIFEST (epoch + 1) whose directory is the previous
 * directory plus the previous manifest plus the new segment - the shape the reference itself writes (§6).
 */
function appendSegment(file, segType, payload, { listed = true, badHash = false } = {}) {
  const { segment: prevSeg, manifest } = lastManifest(file);
  const segs = listSegments(file);
  const nextId = Math.max(...segs.map((s) => s.segmentId)) + 1;
  const extra = buildSegment(segType, nextId, payload, { badHash });
  if (!listed) return { file: Buffer.concat([file, extra]), segmentId: nextId };
  const directory = manifest.directory.concat([
    { segmentId: prevSeg.segmentId, offset: prevSeg.offset, payloadLength: prevSeg.payloadLength, segType: TYPE_MANIFEST },
    { segmentId: nextId, offset: file.length, payloadLength: payload.length, segType },
  ]);
  const next = { ...manifest, epoch: manifest.epoch + 1, directory };
  const manifestSeg = buildSegment(TYPE_MANIFEST, nextId + 1, buildManifestPayload(next));
  return { file: Buffer.concat([file, extra, manifestSeg]), segmentId: nextId };
}

module.exports = {
  HEADER_SIZE,
  prng,
  randomVectors,
  crc32,
  contentHash,
  buildSegment,
  listSegments,
  parseManifest,
  buildManifestPayload,
  lastManifest,
  appendSegment,
};
