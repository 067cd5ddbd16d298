// Checks of rvf.wasm's raw C-style ABI through `{ exports, memory }` from init(). Plain ES module without
// imports, so the same checks run under node:test (Deno, Node 24), inside workerd and in a Chromium page.
// Every check works on a shared instance: it frees what it allocates and does not rely on earlier state.
//
// Expected values are computed here, independently of the module: f32 arithmetic with Math.fround in the
// documented summation order (docs/ABI.md), sorting for top-k, and .rvf bytes assembled by hand (CRC-32 included).

// ABI numbers of dev.rvf.ErrorCode, written out here as an oracle independent of rvf.js's table.
export const INVALID_ARGUMENT = -1;
export const BAD_HANDLE = -2;
export const BAD_POINTER = -3;
export const OUT_OF_MEMORY = -4;
export const NON_FINITE = -9;
export const BUFFER_TOO_SMALL = -11;
export const BAD_MAGIC = -20;
export const BAD_VERSION = -21;
export const TRUNCATED = -23;
export const LENGTH_OUT_OF_RANGE = -24;
export const NO_MANIFEST = -25;
export const BAD_MANIFEST = -26;
export const BAD_PAYLOAD = -27;
export const LIMIT_EXCEEDED = -30;
const DESCRIPTIONS = {
  [INVALID_ARGUMENT]: "invalid argument - ",
  [BAD_HANDLE]: "unknown or closed store handle - ",
  [BAD_POINTER]: "pointer or length outside a live allocated block - ",
  [OUT_OF_MEMORY]: "memory limit reached - ",
  [NON_FINITE]: "vector contains NaN or infinity - ",
  [BUFFER_TOO_SMALL]: "output buffer too small - ",
  [BAD_MAGIC]: "bad segment magic - ",
  [BAD_VERSION]: "unsupported segment version - ",
  [TRUNCATED]: "data ends inside a structure - ",
  [NO_MANIFEST]: "no manifest found - ",
  [BAD_MANIFEST]: "malformed manifest - ",
  [BAD_PAYLOAD]: "malformed segment payload - ",
  [LIMIT_EXCEEDED]: "a count or size exceeds the supported limit - ",
};
/** Every status an export may return for bad arguments (ErrorCode numbers, docs/ABI.md). */
const KNOWN_ERRORS = new Set([-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -20, -21, -22, -23, -24, -25, -26,
  -27, -28, -29, -30, -99]);

/** The memory, tile and parse exports (docs/ABI.md); the control plane is STORE_EXPORTS below. */
export const RVF_EXPORTS = [
  "rvf_alloc", "rvf_free", "rvf_last_error",
  "tile_dot_f32", "tile_cosine_f32", "tile_l2_f32", "tile_dot_f16", "tile_cosine_f16", "tile_l2_f16",
  "tile_topk", "tile_quantize_sq8", "tile_dequantize_sq8", "tile_scan_filtered", "tile_merge_topk",
  "tile_batch_distance", "tile_prefetch", "tile_accumulate",
  "parse_segment_header", "parse_vec_header", "parse_manifest",
];

/** Number of i32/f32 parameters of each export (what WebAssembly reports as the function's length). */
const ARITY = {
  rvf_alloc: 1, rvf_free: 1, rvf_last_error: 2,
  tile_dot_f32: 4, tile_cosine_f32: 4, tile_l2_f32: 4, tile_dot_f16: 4, tile_cosine_f16: 4, tile_l2_f16: 4,
  tile_topk: 5, tile_quantize_sq8: 6, tile_dequantize_sq8: 6, tile_scan_filtered: 9, tile_merge_topk: 9,
  tile_batch_distance: 6, tile_prefetch: 5, tile_accumulate: 4,
  parse_segment_header: 3, parse_vec_header: 3, parse_manifest: 6,
};

export const METRIC_L2 = 0;
export const METRIC_DOT = 1;
export const METRIC_COSINE = 2;

const MiB = 1024 * 1024;
const f = Math.fround;

export class CheckFailure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailure(message);
  }
}

function same(actual, expected, what) {
  check(Object.is(actual, expected), `${what}: expected ${expected}, got ${actual}`);
}

function sameList(actual, expected, what) {
  const a = [...actual];
  const e = [...expected];
  const bad = a.length !== e.length ? -1 : a.findIndex((x, i) => !Object.is(x, e[i]));
  check(a.length === e.length && bad < 0,
    `${what}: expected [${e.slice(0, 8)}${e.length > 8 ? ", ..." : ""}] (${e.length}), `
    + `got [${a.slice(0, 8)}${a.length > 8 ? ", ..." : ""}] (${a.length})`
    + (bad >= 0 ? `; first difference at ${bad}: ${e[bad]} vs ${a[bad]}` : ""));
}

// ---------------------------------------------------------------------------------------------------------------
// Oracles: the documented arithmetic, in f32 via Math.fround

/** Sum of two lanes (lane i % 2; an odd last element into lane 0), then lane 0 + lane 1. */
function twoLanes(n, term) {
  const s = [0, 0];
  const end2 = n - (n % 2);
  for (let i = 0; i < end2; i++) {
    s[i % 2] = f(s[i % 2] + term(i));
  }
  for (let i = end2; i < n; i++) {
    s[0] = f(s[0] + term(i));
  }
  return f(s[0] + s[1]);
}

/** The raw dot product a.b (tile_dot_* return its negation). */
export function dotF32(a, b) {
  return twoLanes(a.length, (i) => f(a[i] * b[i]));
}

export function l2F32(a, b) {
  return twoLanes(a.length, (i) => {
    const d = f(a[i] - b[i]);
    return f(d * d);
  });
}

const ZERO_NORM_EPSILON = 2 ** -23;

export function cosineF32(a, b) {
  const denom = f(f(Math.sqrt(dotF32(a, a))) * f(Math.sqrt(dotF32(b, b))));
  if (!(denom >= ZERO_NORM_EPSILON)) {
    return 1;
  }
  return f(1 - f(dotF32(a, b) / denom));
}

/** The store's distance for an ABI metric code (smaller is nearer). */
export function distanceF32(metric, a, b) {
  switch (metric) {
    case METRIC_L2:
      return l2F32(a, b);
    case METRIC_DOT:
      // 0 - a.b: TeaVM compiles float negation so that -(+0) is +0 (the JVM gives -0); a.b itself is never -0.
      return f(0 - dotF32(a, b));
    case METRIC_COSINE:
      return cosineF32(a, b);
    default:
      throw new Error(`metric ${metric}`);
  }
}

/** IEEE binary16 bits -> number (exact). */
export function halfToFloat(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) {
    return sign * mantissa * 2 ** -24;
  }
  if (exponent === 31) {
    return mantissa === 0 ? sign * Infinity : NaN;
  }
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Distance order: -0 before +0, NaN after everything (docs/ABI.md, "Ordering"). */
function compareDistances(x, y) {
  if (Number.isNaN(x) || Number.isNaN(y)) {
    return Number(Number.isNaN(x)) - Number(Number.isNaN(y));
  }
  if (x !== y) {
    return x < y ? -1 : 1;
  }
  return Number(!Object.is(x, -0)) - Number(!Object.is(y, -0));
}

/** The k nearest (index, distance) of a list of distances, ties by index: sorting, not a heap. */
export function topkOracle(distances, k, keep = () => true) {
  const order = [...distances.keys()].filter(keep);
  order.sort((i, j) => compareDistances(distances[i], distances[j]) || i - j);
  const chosen = order.slice(0, k);
  return { idx: chosen, dist: chosen.map((i) => distances[i]) };
}

export function randomFloats(n, seed, scale = 1) {
  const out = new Float32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = ((x / 2 ** 32) * 2 - 1) * scale;
  }
  return out;
}

/** A deterministic stream of 32-bit values (xorshift32). */
export function randomInts(seed) {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x | 0;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// .rvf bytes assembled by hand (rvf-format.md sections 2, 4.1, 6, 8.1, 9)

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    table[i] = c >>> 0;
  }
  return table;
})();

/** CRC-32/ISO-HDLC (zlib's). */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** The 16-byte content-hash field: the CRC and its rotations by 8, 16, 24 bits, little-endian words. */
export function contentHash(payload) {
  const c = crc32(payload);
  const field = new Uint8Array(16);
  const view = new DataView(field.buffer);
  for (let k = 0; k < 4; k++) {
    const r = 8 * k;
    view.setUint32(4 * k, r === 0 ? c : ((c << r) | (c >>> (32 - r))) >>> 0, true);
  }
  return field;
}

/** A segment: 64-byte header + payload. Header fields default to what the reference writes. */
export function segment(type, id, payload, fields = {}) {
  const out = new Uint8Array(64 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, fields.magic ?? 0x52564653, true);
  out[4] = fields.version ?? 1;
  out[5] = type;
  view.setUint16(6, fields.flags ?? 0, true);
  view.setBigUint64(8, BigInt(id), true);
  view.setBigUint64(0x10, BigInt(fields.payloadLength ?? payload.length), true);
  view.setBigUint64(0x18, BigInt(fields.timestamp ?? 0), true);
  out[0x20] = fields.checksumAlgo ?? 0;
  out[0x21] = fields.compression ?? 0;
  view.setUint16(0x22, fields.reserved0 ?? 0, true);
  view.setUint32(0x24, fields.reserved1 ?? 0, true);
  out.set(fields.hash ?? contentHash(payload), 0x28);
  view.setUint32(0x38, fields.uncompressedLength ?? 0, true);
  view.setUint32(0x3c, fields.alignmentPad ?? 0, true);
  out.set(payload, 64);
  return out;
}

/** A dialect-R VEC payload: dim u16, count u32, records (id u64, dim f32). */
export function vecPayload(dim, ids, vectors, extra = 0) {
  const out = new Uint8Array(6 + ids.length * (8 + 4 * dim) + extra);
  const view = new DataView(out.buffer);
  view.setUint16(0, dim, true);
  view.setUint32(2, ids.length, true);
  let at = 6;
  ids.forEach((id, i) => {
    view.setBigUint64(at, BigInt(id), true);
    at += 8;
    for (let d = 0; d < dim; d++, at += 4) {
      view.setFloat32(at, vectors[i * dim + d], true);
    }
  });
  return out;
}

/** A dialect-R MANIFEST payload. */
export function manifestPayload({ epoch, dim, total, profile = 0, metric = 0, directory = [], deleted = [],
  identity = null }) {
  const out = new Uint8Array(22 + 25 * directory.length + 4 + 8 * deleted.length + (identity ? 72 : 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, epoch, true);
  view.setUint16(4, dim, true);
  view.setBigUint64(6, BigInt(total), true);
  view.setUint32(14, directory.length, true);
  out[18] = profile;
  out[19] = metric;
  let at = 22;
  for (const e of directory) {
    view.setBigUint64(at, BigInt(e.id), true);
    view.setBigUint64(at + 8, BigInt(e.offset), true);
    view.setBigUint64(at + 16, BigInt(e.length), true);
    out[at + 24] = e.type;
    at += 25;
  }
  view.setUint32(at, deleted.length, true);
  at += 4;
  for (const id of deleted) {
    view.setBigUint64(at, BigInt(id), true);
    at += 8;
  }
  if (identity) {
    view.setUint32(at, 0x46494449, true);
    out.set(identity.fileId, at + 4);
    out.set(identity.parentId, at + 20);
    out.set(identity.parentHash, at + 36);
    view.setUint32(at + 68, identity.depth, true);
  }
  return out;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function patternBytes(n, seed) {
  return Uint8Array.from({ length: n }, (_, i) => (i * 37 + seed * 11 + 5) & 0xff);
}

/**
 * A small reference-style file: MANIFEST (epoch 0), VEC (3 vectors of dim 4), MANIFEST (epoch 1, listing both,
 * one deleted id, a non-root identity). Returns the bytes and what the last manifest says.
 */
export function sampleFile() {
  const identity = { fileId: patternBytes(16, 1), parentId: patternBytes(16, 2), parentHash: patternBytes(32, 3),
    depth: 3 };
  const first = segment(5, 1, manifestPayload({ epoch: 0, dim: 4, total: 0, identity }));
  const ids = [7n, 2n ** 63n + 5n, 11n];
  const vectors = randomFloats(12, 99);
  const vec = segment(1, 2, vecPayload(4, ids, vectors));
  const directory = [
    { id: 1, offset: 0, length: first.length - 64, type: 5 },
    { id: 2, offset: first.length, length: vec.length - 64, type: 1 },
  ];
  const manifest = { epoch: 1, dim: 4, total: 3, profile: 2, metric: 2, directory, deleted: [11n], identity };
  const last = segment(5, 3, manifestPayload(manifest));
  return { bytes: concat([first, vec, last]), manifest, ids, vectors, lastOffset: first.length + vec.length,
    lastPayloadLength: last.length - 64 };
}

// ---------------------------------------------------------------------------------------------------------------
// Raw helpers over one instance; views are made fresh on every use because calls that allocate may grow memory.

class Raw {
  constructor({ exports, memory }) {
    this.e = exports;
    this.memory = memory;
    this.live = [];
  }

  get u8() {
    return new Uint8Array(this.memory.buffer);
  }

  get f32() {
    return new Float32Array(this.memory.buffer);
  }

  get i32() {
    return new Int32Array(this.memory.buffer);
  }

  get dv() {
    return new DataView(this.memory.buffer);
  }

  alloc(size) {
    const ptr = this.e.rvf_alloc(size);
    check(ptr > 0, `rvf_alloc(${size}) returned ${ptr}`);
    this.live.push(ptr);
    return ptr;
  }

  free(ptr) {
    const at = this.live.indexOf(ptr);
    check(at >= 0, `free of a block this check does not hold: ${ptr}`);
    this.live.splice(at, 1);
    same(this.e.rvf_free(ptr), 0, `rvf_free(${ptr})`);
  }

  putFloats(values) {
    const ptr = this.alloc(Math.max(1, values.length * 4));
    this.f32.set(values, ptr / 4);
    return ptr;
  }

  putBytes(bytes) {
    const ptr = this.alloc(Math.max(1, bytes.length));
    this.u8.set(bytes, ptr);
    return ptr;
  }

  putU16(values) {
    const ptr = this.alloc(Math.max(1, values.length * 2));
    new Uint16Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  putU64(values) {
    const ptr = this.alloc(Math.max(1, values.length * 8));
    new BigUint64Array(this.memory.buffer, ptr, values.length).set(values.map(BigInt));
    return ptr;
  }

  /** A block of `size` bytes filled with 0xEE, to see what an export wrote and what it left alone. */
  poisoned(size) {
    const ptr = this.alloc(size);
    this.u8.fill(0xee, ptr, ptr + size);
    return ptr;
  }

  floats(ptr, count) {
    return this.f32.slice(ptr / 4, ptr / 4 + count);
  }

  ints(ptr, count) {
    return this.i32.slice(ptr / 4, ptr / 4 + count);
  }

  bytes(ptr, count) {
    return this.u8.slice(ptr, ptr + count);
  }

  u64s(ptr, count) {
    return [...new BigUint64Array(this.memory.buffer, ptr, count)];
  }

  /** Calls a pair export (a, b, dim, out) and returns [status, the f32 result]. */
  pair(name, aPtr, bPtr, dim, outPtr) {
    const status = this.e[name](aPtr, bPtr, dim, outPtr);
    return [status, this.f32[outPtr / 4]];
  }

  dot(aPtr, bPtr, dim, outPtr) {
    return this.pair("tile_dot_f32", aPtr, bPtr, dim, outPtr);
  }

  lastError() {
    const length = this.e.rvf_last_error(0, 0);
    if (length === 0) {
      return "";
    }
    const ptr = this.e.rvf_alloc(length);
    check(ptr > 0, `rvf_alloc for the message returned ${ptr}`);
    try {
      same(this.e.rvf_last_error(ptr, length), length, "rvf_last_error length");
      return new TextDecoder().decode(this.u8.slice(ptr, ptr + length));
    } finally {
      this.e.rvf_free(ptr);
    }
  }

  /** Calls `fn` expecting status `code` and a fresh message starting with its description (and `detail`). */
  expectError(what, fn, code, detail = "") {
    const before = this.lastError();
    let status;
    try {
      status = fn();
    } catch (err) {
      throw new CheckFailure(`${what}: threw ${err}`);
    }
    same(status, code, what);
    const message = this.lastError();
    check(message.startsWith(DESCRIPTIONS[code] ?? "?") && message.includes(detail) && message !== before,
      `${what}: stale or wrong message "${message}" (expected "${DESCRIPTIONS[code]}...${detail}...")`);
    return message;
  }

  /** Frees every block this check still holds; a failed free is a finding. */
  release() {
    const blocks = this.live.splice(0);
    for (const ptr of blocks) {
      same(this.e.rvf_free(ptr), 0, `rvf_free(${ptr})`);
    }
  }
}

const PAIR_F32 = [["tile_dot_f32", METRIC_DOT], ["tile_cosine_f32", METRIC_COSINE], ["tile_l2_f32", METRIC_L2]];
const PAIR_F16 = [["tile_dot_f16", METRIC_DOT], ["tile_cosine_f16", METRIC_COSINE], ["tile_l2_f16", METRIC_L2]];

/** Random finite half bit patterns (exponent 31, infinities and NaNs, excluded). */
function randomHalves(n, seed) {
  const next = randomInts(seed);
  return Uint16Array.from({ length: n }, () => {
    let h = next() & 0xffff;
    if (((h >> 10) & 0x1f) === 31) {
      h &= ~0x4000;
    }
    return h;
  });
}

/** What tile_batch_distance must write for one query against `count` row-major vectors. */
function batchOracle(metric, query, tile, count, dim) {
  return Array.from({ length: count }, (_, row) => distanceF32(metric, query, tile.subarray(row * dim,
    (row + 1) * dim)));
}

/** SQ8 of docs/ABI.md: per-dimension min/max, zero width -> max = min + 1, codes round((v-min)/(max-min)*255). */
function sq8Oracle(vectors, count, dim) {
  const min = new Float32Array(dim);
  const max = new Float32Array(dim);
  for (let d = 0; d < dim; d++) {
    min[d] = vectors[d];
    max[d] = vectors[d];
    for (let v = 1; v < count; v++) {
      min[d] = Math.min(min[d], vectors[v * dim + d]);
      max[d] = Math.max(max[d], vectors[v * dim + d]);
    }
    if (max[d] === min[d]) {
      max[d] = f(min[d] + 1);
    }
  }
  const scale = min.map((lo, d) => f(f(max[d] - lo) / 255));
  const codes = new Uint8Array(count * dim);
  for (let i = 0; i < count * dim; i++) {
    const d = i % dim;
    let t = f(f(vectors[i] - min[d]) / f(max[d] - min[d]));
    t = !(t > 0) ? 0 : t > 1 ? 1 : t;
    codes[i] = Math.trunc(f(f(t * 255) + 0.5));
  }
  return { min, scale, codes };
}

// ---------------------------------------------------------------------------------------------------------------
// The checks

export const ABI_CHECKS = [
  {
    name: "exports are exactly the documented RVF ABI functions, with their arities",
    run({ exports }) {
      sameList(Object.keys(exports).sort(), [...RVF_EXPORTS].sort(), "export names");
      for (const name of RVF_EXPORTS) {
        same(typeof exports[name], "function", name);
        same(exports[name].length, ARITY[name] ?? STORE_ARITY[name], `${name} parameter count`);
      }
    },
  },
  {
    name: "alloc returns distinct 8-byte aligned blocks that hold data; free releases them",
    run(instance, raw) {
      const sizes = [1, 3, 8, 13, 1000];
      const ptrs = sizes.map((size) => raw.alloc(size));
      ptrs.forEach((ptr, i) => {
        same(ptr % 8, 0, `alloc(${sizes[i]}) = ${ptr} modulo 8`);
        raw.u8.fill(i + 1, ptr, ptr + sizes[i]);
      });
      const ranges = ptrs.map((p, i) => [p, p + sizes[i]]).sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < ranges.length; i++) {
        check(ranges[i - 1][1] <= ranges[i][0], `blocks overlap: ${ranges[i - 1]} and ${ranges[i]}`);
      }
      ptrs.forEach((ptr, i) => {
        sameList(raw.u8.slice(ptr, ptr + sizes[i]), new Array(sizes[i]).fill(i + 1), `block ${i} contents`);
      });
      raw.release();
      const again = raw.alloc(1000);
      same(again % 8, 0, "re-allocated block modulo 8");
    },
  },
  {
    name: "tile_{dot,cosine,l2}_f32: the store's distances (-a.b, 1 - cos, squared L2), bit-exact",
    run(instance, raw) {
      const outPtr = raw.alloc(4);
      for (const dim of [1, 7, 8, 9, 37, 384]) {
        const a = randomFloats(dim, dim);
        const b = randomFloats(dim, dim + 1000, 3);
        const aPtr = raw.putFloats(a);
        const bPtr = raw.putFloats(b);
        for (const [name, metric] of PAIR_F32) {
          sameList(raw.pair(name, aPtr, bPtr, dim, outPtr), [0, distanceF32(metric, a, b)], `${name} dim ${dim}`);
        }
      }
      // Hand-checkable values.
      const a = raw.putFloats([1, 2, 3, 0.5]);
      const b = raw.putFloats([4, 5, 6, 2]);
      sameList(raw.pair("tile_dot_f32", a, b, 4, outPtr), [0, -33], "dot 1*4 + 2*5 + 3*6 + 0.5*2, negated");
      sameList(raw.pair("tile_l2_f32", a, b, 4, outPtr), [0, 9 + 9 + 9 + 2.25], "squared L2");
      const [selfStatus, self] = raw.pair("tile_cosine_f32", a, a, 4, outPtr);
      sameList([selfStatus, self], [0, cosineF32([1, 2, 3, 0.5], [1, 2, 3, 0.5])], "cosine distance to itself");
      check(Math.abs(self) <= 2 ** -22, `cosine distance to itself is ${self}, not about 0`);
      const zero = raw.putFloats([0, 0, 0, 0]);
      sameList(raw.pair("tile_cosine_f32", a, zero, 4, outPtr), [0, 1], "zero-norm rule: distance 1");
      const tiny = raw.putFloats([1e-4, 0, 0, 0]);
      sameList(raw.pair("tile_cosine_f32", tiny, tiny, 4, outPtr), [0, 1], "|a||b| < 2^-23: distance 1");
      const opposite = raw.putFloats([-1, -2, -3, -0.5]);
      sameList(raw.pair("tile_cosine_f32", a, opposite, 4, outPtr), [0, 2], "opposite: distance 2");
    },
  },
  {
    name: "tile_{dot,cosine,l2}_f16: an f32 query against IEEE half bits equals f32 on the widened vector",
    run(instance, raw) {
      const outPtr = raw.alloc(4);
      for (const dim of [1, 8, 13, 384]) {
        const query = randomFloats(dim, dim + 7, 2);
        const halves = randomHalves(dim, dim + 8);
        const widened = Float32Array.from(halves, halfToFloat);
        const qPtr = raw.putFloats(query);
        const hPtr = raw.putU16(halves);
        const wPtr = raw.putFloats(widened);
        for (let i = 0; i < PAIR_F16.length; i++) {
          const [name, metric] = PAIR_F16[i];
          const expected = distanceF32(metric, query, widened);
          sameList(raw.pair(name, qPtr, hPtr, dim, outPtr), [0, expected], `${name} dim ${dim}`);
          sameList(raw.pair(PAIR_F32[i][0], qPtr, wPtr, dim, outPtr), [0, expected], `${PAIR_F32[i][0]} widened`);
        }
      }
      // 0x3c00 = 1, 0xc000 = -2, 0x3800 = 0.5, 0x0001 = 2^-24 (subnormal)
      const q = raw.putFloats([1, 1, 2, 2 ** 24]);
      const h = raw.putU16([0x3c00, 0xc000, 0x3800, 0x0001]);
      sameList(raw.pair("tile_dot_f16", q, h, 4, outPtr), [0, -(1 - 2 + 1 + 1)], "hand-checked halves");
    },
  },
  {
    name: "tile_batch_distance: one query against a tile, per metric, across chunk boundaries",
    run(instance, raw) {
      for (const [count, dim] of [[1000, 37], [5, 8], [3, 20000], [1, 1]]) {
        const query = randomFloats(dim, count + 1);
        const tile = randomFloats(count * dim, count + 2, 2);
        if (count > 3) {
          tile.fill(0, dim, 2 * dim); // a zero vector: cosine's zero-norm rule inside a batch
        }
        const qPtr = raw.putFloats(query);
        const tPtr = raw.putFloats(tile);
        const outPtr = raw.poisoned(count * 4 + 4);
        for (const metric of [METRIC_L2, METRIC_DOT, METRIC_COSINE]) {
          same(raw.e.tile_batch_distance(metric, qPtr, tPtr, count, dim, outPtr), count, `status ${count}x${dim}`);
          sameList(raw.floats(outPtr, count), batchOracle(metric, query, tile, count, dim),
            `metric ${metric}, ${count} x ${dim}`);
          sameList(raw.bytes(outPtr + count * 4, 4), [0xee, 0xee, 0xee, 0xee], "nothing written past count");
        }
        raw.free(qPtr);
        raw.free(tPtr);
        raw.free(outPtr);
      }
    },
  },
  {
    name: "tile_topk: the k smallest, nearest first, ties by index, -0 before +0, NaN last",
    run(instance, raw) {
      const count = 40000; // more than one 16384-float chunk
      const next = randomInts(5);
      const distances = Float32Array.from({ length: count }, () => (next() % 1000) / 8); // many ties
      distances[17] = NaN;
      distances[100] = -0;
      distances[99] = 0;
      distances[12345] = -Infinity;
      distances[39999] = -500;
      const dPtr = raw.putFloats(distances);
      const all = [...distances];
      for (const k of [1, 2, 10, 257]) {
        const idxPtr = raw.poisoned(k * 4 + 4);
        const distPtr = raw.poisoned(k * 4 + 4);
        same(raw.e.tile_topk(dPtr, count, k, idxPtr, distPtr), k, `k ${k} status`);
        const expected = topkOracle(all, k);
        sameList(raw.ints(idxPtr, k), expected.idx, `k ${k} indexes`);
        sameList(raw.floats(distPtr, k), expected.dist, `k ${k} distances`);
        same(raw.i32[(idxPtr + k * 4) / 4], -0x11111112, "nothing written past k");
      }
      const small = raw.putFloats([3, NaN, -0, 0, 3, 1]);
      const idxPtr = raw.poisoned(6 * 4);
      const distPtr = raw.poisoned(6 * 4);
      same(raw.e.tile_topk(small, 6, 100, idxPtr, distPtr), 6, "k > count: all of them");
      sameList(raw.ints(idxPtr, 6), [2, 3, 5, 0, 4, 1], "full order");
      sameList(raw.floats(distPtr, 6), [-0, 0, 1, 3, 3, NaN], "full order distances");
    },
  },
  {
    name: "tile_scan_filtered: distances and top-k over the vectors whose mask bit is set",
    run(instance, raw) {
      const count = 901;
      const dim = 24;
      const query = randomFloats(dim, 1);
      const tile = randomFloats(count * dim, 2);
      const next = randomInts(77);
      const maskBytes = Uint8Array.from({ length: Math.ceil(count / 8) }, (_, i) => (i % 9 === 4 ? 0 : next()));
      maskBytes[maskBytes.length - 1] |= 0xf0; // bits past count must be ignored (901 = 112 * 8 + 5)
      const isSet = (i) => (maskBytes[i >> 3] >> (i & 7)) & 1;
      const qPtr = raw.putFloats(query);
      const tPtr = raw.putFloats(tile);
      const mPtr = raw.putBytes(maskBytes);
      const setCount = [...Array(count).keys()].filter(isSet).length;
      for (const metric of [METRIC_L2, METRIC_DOT, METRIC_COSINE]) {
        const all = batchOracle(metric, query, tile, count, dim);
        for (const k of [1, 10, 2000]) {
          const n = Math.min(k, count);
          const idxPtr = raw.poisoned(n * 4);
          const distPtr = raw.poisoned(n * 4);
          const expected = topkOracle(all, k, isSet);
          same(raw.e.tile_scan_filtered(metric, qPtr, tPtr, count, dim, mPtr, k, idxPtr, distPtr),
            Math.min(k, setCount), `metric ${metric} k ${k} status`);
          sameList(raw.ints(idxPtr, expected.idx.length), expected.idx, `metric ${metric} k ${k} indexes`);
          sameList(raw.floats(distPtr, expected.idx.length), expected.dist, `metric ${metric} k ${k} distances`);
          raw.free(idxPtr);
          raw.free(distPtr);
        }
      }
      const none = raw.putBytes(new Uint8Array(Math.ceil(count / 8)));
      const idxPtr = raw.alloc(40);
      const distPtr = raw.alloc(40);
      same(raw.e.tile_scan_filtered(METRIC_L2, qPtr, tPtr, count, dim, none, 10, idxPtr, distPtr), 0, "empty mask");
    },
  },
  {
    name: "tile_merge_topk: two sorted lists into the k best, u64 ids (ties by unsigned id, duplicates kept)",
    run(instance, raw) {
      const big = 2n ** 64n - 1n;
      const aIds = [5n, 2n ** 60n, big, 9n, 3n];
      const aDist = [-1, 0.5, 0.5, 2, NaN];
      const bIds = [4n, 1n, 2n ** 60n, 8n];
      const bDist = [-0, 0.5, 0.5, 7];
      const aIdsPtr = raw.putU64(aIds);
      const aDistPtr = raw.putFloats(aDist);
      const bIdsPtr = raw.putU64(bIds);
      const bDistPtr = raw.putFloats(bDist);
      const entries = [...aIds.map((id, i) => [id, aDist[i]]), ...bIds.map((id, i) => [id, bDist[i]])];
      entries.sort((x, y) => compareDistances(x[1], y[1]) || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      for (const k of [1, 3, 4, 9, 50]) {
        const n = Math.min(k, 9);
        const outIds = raw.poisoned(n * 8 + 8);
        const outDist = raw.poisoned(n * 4 + 4);
        same(raw.e.tile_merge_topk(aIdsPtr, aDistPtr, 5, bIdsPtr, bDistPtr, 4, k, outIds, outDist), n,
          `k ${k} status`);
        sameList(raw.u64s(outIds, n), entries.slice(0, n).map((e) => e[0]), `k ${k} ids`);
        sameList(raw.floats(outDist, n), entries.slice(0, n).map((e) => e[1]), `k ${k} distances`);
        sameList(raw.bytes(outIds + n * 8, 8), new Array(8).fill(0xee), "nothing written past n");
      }
      const outIds = raw.alloc(64);
      const outDist = raw.alloc(32);
      same(raw.e.tile_merge_topk(0, 0, 0, bIdsPtr, bDistPtr, 4, 3, outIds, outDist), 3, "empty a");
      sameList(raw.u64s(outIds, 3), [4n, 1n, 2n ** 60n], "empty a: b's first three");
      same(raw.e.tile_merge_topk(0, 0, 0, 0, 0, 0, 3, 0, 0), 0, "both empty: nothing, no pointer checked");
      const unsorted = raw.putFloats([1, 0]);
      raw.expectError("an unsorted list", () => raw.e.tile_merge_topk(aIdsPtr, unsorted, 2, bIdsPtr, bDistPtr, 4,
        3, outIds, outDist), INVALID_ARGUMENT, "list a is not sorted nearest first (entry 1 ");
      const tiedIds = raw.putU64([9n, 3n]);
      const tied = raw.putFloats([1, 1]);
      raw.expectError("equal distances out of id order", () => raw.e.tile_merge_topk(aIdsPtr, aDistPtr, 5, tiedIds,
        tied, 2, 3, outIds, outDist), INVALID_ARGUMENT, "list b is not sorted nearest first (entry 1 ");
    },
  },
  {
    name: "tile_quantize_sq8 / tile_dequantize_sq8: per-dimension ranges, u8 codes, reconstruction",
    run(instance, raw) {
      for (const [count, dim] of [[700, 33], [1, 5], [2, 20000]]) {
        const vectors = randomFloats(count * dim, count * 3 + dim, 4);
        for (let v = 0; v < count; v++) {
          vectors[v * dim + 1] = 2.5; // a constant dimension: zero width, max = min + 1
        }
        const vPtr = raw.putFloats(vectors);
        const minPtr = raw.alloc(dim * 4);
        const scalePtr = raw.alloc(dim * 4);
        const codesPtr = raw.alloc(count * dim);
        same(raw.e.tile_quantize_sq8(vPtr, count, dim, minPtr, scalePtr, codesPtr), count, `quantize ${count}x${dim}`);
        const expected = sq8Oracle(vectors, count, dim);
        sameList(raw.floats(minPtr, dim), expected.min, "min");
        sameList(raw.floats(scalePtr, dim), expected.scale, "scale");
        sameList(raw.bytes(codesPtr, count * dim), expected.codes, "codes");
        const outPtr = raw.alloc(count * dim * 4);
        same(raw.e.tile_dequantize_sq8(codesPtr, count, dim, minPtr, scalePtr, outPtr), count, "dequantize");
        const back = raw.floats(outPtr, count * dim);
        sameList(back, Array.from(expected.codes, (c, i) => f(expected.min[i % dim] + f(c * expected.scale[i % dim]))),
          "reconstruction min + code * scale");
        for (let i = 0; i < count * dim; i++) {
          const tolerance = expected.scale[i % dim] / 2 + 1e-5 * Math.abs(vectors[i]) + 1e-6;
          check(Math.abs(back[i] - vectors[i]) <= tolerance, `element ${i}: ${back[i]} vs ${vectors[i]}`);
        }
        [vPtr, minPtr, scalePtr, codesPtr, outPtr].forEach((p) => raw.free(p));
      }
      const bad = raw.putFloats([1, 2, 3, NaN]);
      const minPtr = raw.poisoned(8);
      const scalePtr = raw.poisoned(8);
      const codesPtr = raw.poisoned(4);
      raw.expectError("NaN in the vectors", () => raw.e.tile_quantize_sq8(bad, 2, 2, minPtr, scalePtr, codesPtr),
        NON_FINITE, "tile_quantize_sq8: vectors 0 .. 1 contain NaN or infinity");
      sameList(raw.bytes(minPtr, 8), new Array(8).fill(0xee), "no min written");
      sameList(raw.bytes(codesPtr, 4), [0xee, 0xee, 0xee, 0xee], "no codes written");
      const huge = raw.putFloats([-3e38, 3e38]);
      raw.expectError("a range wider than f32", () => raw.e.tile_quantize_sq8(huge, 2, 1, minPtr, scalePtr,
        codesPtr), INVALID_ARGUMENT, "not finite and positive");
    },
  },
  {
    name: "tile_accumulate: acc += weight * vec in f32; sums and centroids",
    run(instance, raw) {
      const dim = 19;
      const acc = randomFloats(dim, 3);
      const vecs = [randomFloats(dim, 4), randomFloats(dim, 5), randomFloats(dim, 6)];
      const weights = [0.25, -3, 1 / 3];
      const accPtr = raw.putFloats(acc);
      const expected = Float32Array.from(acc);
      vecs.forEach((v, j) => {
        const vPtr = raw.putFloats(v);
        same(raw.e.tile_accumulate(accPtr, vPtr, dim, weights[j]), 0, `accumulate ${j}`);
        for (let i = 0; i < dim; i++) {
          expected[i] = f(expected[i] + f(f(weights[j]) * v[i]));
        }
        sameList(raw.floats(accPtr, dim), expected, `after vector ${j}`);
      });
      const one = raw.putFloats([2, 4]);
      const sum = raw.putFloats([0, 0]);
      same(raw.e.tile_accumulate(sum, one, 2, 0.5), 0, "half");
      same(raw.e.tile_accumulate(sum, sum, 2, 1), 0, "acc and vec may be the same block");
      sameList(raw.floats(sum, 2), [2, 4], "0.5 * [2, 4], doubled");
    },
  },
  {
    name: "tile_prefetch: a store's live vectors and ids in id order, in tiles; bad handles and ranges refused",
    run(instance, raw) {
      const handle = raw.e.rvf_create(2, 0, 0, 0);
      check(handle > 0, `rvf_create returned ${handle}`);
      const vectors = raw.putFloats([30, 31, 10, 11, 20, 21]);
      const ids = raw.putU64([3, 1, 2]);
      const result = raw.alloc(16);
      same(raw.e.rvf_ingest(handle, vectors, 3, ids, 0, 0, result), 3, "ingest");
      const out = raw.poisoned(2 * 2 * 4);
      const outIds = raw.alloc(2 * 8);
      same(raw.e.tile_prefetch(handle, 0, 2, out, outIds), 2, "first tile");
      sameList(raw.floats(out, 4), [10, 11, 20, 21], "ids 1 and 2, in id order");
      sameList(raw.u64s(outIds, 2), [1n, 2n], "their ids");
      same(raw.e.tile_prefetch(handle, 2, 2, out, 0), 1, "the last tile is short; ids are optional");
      sameList(raw.floats(out, 2), [30, 31], "id 3");
      same(raw.e.tile_prefetch(handle, 3, 2, out, 0), 0, "past the end");
      raw.expectError("too small for count x dim", () => raw.e.tile_prefetch(handle, 0, 3, out, 0), BAD_POINTER,
        "tile_prefetch: out");
      raw.expectError("a negative ordinal", () => raw.e.tile_prefetch(handle, -1, 1, out, 0), INVALID_ARGUMENT,
        "firstOrdinal -1 is negative");
      raw.expectError("count 0", () => raw.e.tile_prefetch(handle, 0, 0, out, 0), INVALID_ARGUMENT, "count 0");
      same(raw.e.rvf_close(handle), 0, "close");
      raw.expectError("a closed handle", () => raw.e.tile_prefetch(handle, 0, 1, out, 0), BAD_HANDLE, "handle");
    },
  },
  {
    name: "parse_segment_header: every field of hand-made headers, content hash checked when the payload is there",
    run(instance, raw) {
      const payload = patternBytes(300, 9);
      const fields = { flags: 0x0801, timestamp: 2n ** 62n + 3n, checksumAlgo: 2, compression: 1, reserved0: 0xbeef,
        reserved1: 0xfeedf00d, uncompressedLength: 0x12345678, alignmentPad: 0x9abcdef0 };
      const seg = segment(0x22, 2n ** 64n - 2n, payload, fields);
      const segPtr = raw.putBytes(seg);
      const out = raw.poisoned(80);
      same(raw.e.parse_segment_header(segPtr, seg.length, out), 64, "status: the header size");
      const dv = raw.dv;
      sameList([0, 4, 8, 12].map((o) => dv.getUint32(out + o, true)), [1, 0x22, 0x0801, 2],
        "version, type, flags, algo");
      sameList([16, 24, 32].map((o) => dv.getBigUint64(out + o, true)), [2n ** 64n - 2n, 300n, 2n ** 62n + 3n],
        "segment id, payload length, timestamp");
      sameList([40, 44, 48, 52, 56, 60].map((o) => dv.getUint32(out + o, true)),
        [1, 0xbeef, 0xfeedf00d, 0x12345678, 0x9abcdef0, 1], "compression .. alignment pad, hash status OK");
      sameList(raw.bytes(out + 64, 16), contentHash(payload), "content hash bytes");

      const statusOf = (bytes, len = bytes.length) => {
        const p = raw.putBytes(bytes);
        same(raw.e.parse_segment_header(p, len, out), 64, "status");
        return raw.dv.getInt32(out + 60, true);
      };
      const altered = seg.slice();
      altered[64 + 100] ^= 1;
      same(statusOf(altered), 2, "hash MISMATCH after one bit of the payload flips");
      same(statusOf(segment(1, 1, payload, { hash: new Uint8Array(16) })), 3, "all-zero hash: UNSET");
      same(statusOf(seg, 64), 0, "payload outside len: NOT CHECKED");
      same(statusOf(seg, 363), 0, "one byte short of the payload: NOT CHECKED");
      const bigPayload = patternBytes(200000, 4); // hashed in several 64 KiB pieces
      same(statusOf(segment(1, 1, bigPayload)), 1, "a 200 KB payload: OK");

      const bad = (what, bytes, len, code, detail) => raw.expectError(what,
        () => raw.e.parse_segment_header(raw.putBytes(bytes), len ?? bytes.length, out), code, detail);
      bad("bad magic", segment(1, 1, payload, { magic: 0x52564654 }), undefined, BAD_MAGIC);
      bad("version 2", segment(1, 1, payload, { version: 2 }), undefined, BAD_VERSION, "segment version 2");
      bad("63 bytes", seg, 63, TRUNCATED, "needs 64 bytes, got 63");
    },
  },
  {
    name: "parse_vec_header: dimension, count and record layout; counts that do not fit are BAD_PAYLOAD",
    run(instance, raw) {
      const ids = [1n, 2n ** 64n - 1n, 3n];
      const vectors = randomFloats(15, 3);
      const payload = vecPayload(5, ids, vectors, 7);
      const pPtr = raw.putBytes(payload);
      const out = raw.poisoned(24);
      same(raw.e.parse_vec_header(pPtr, payload.length, out), 6, "status: the header size");
      sameList(raw.ints(out, 6), [5, 3, 28, 6, 84, 7], "dim, count, record size, offset, bytes, trailing");
      // The records are where the struct says: id then floats.
      same(raw.dv.getBigUint64(pPtr + 6 + 28, true), 2n ** 64n - 1n, "second record's id");
      const second = new Float32Array(raw.u8.slice(pPtr + 6 + 28 + 8, pPtr + 6 + 56).buffer);
      sameList(second, vectors.subarray(5, 10), "second record's vector");
      const empty = vecPayload(300, [], []);
      same(raw.e.parse_vec_header(raw.putBytes(empty), 6, out), 6, "empty VEC");
      sameList(raw.ints(out, 6), [300, 0, 1208, 6, 0, 0], "empty VEC struct");
      raw.expectError("count past len", () => raw.e.parse_vec_header(pPtr, payload.length - 8, out), BAD_PAYLOAD,
        "VEC vector_count 3 of dimension 5 does not fit in 83 bytes");
      const claims = vecPayload(0, [], []);
      new DataView(claims.buffer).setUint32(2, 4, true);
      raw.expectError("dimension 0 with vectors", () => raw.e.parse_vec_header(raw.putBytes(claims), 6, out),
        BAD_PAYLOAD, "dimension 0 claims 4 vectors");
      raw.expectError("5 bytes", () => raw.e.parse_vec_header(pPtr, 5, out), BAD_PAYLOAD, "shorter than its 6-byte");
    },
  },
  {
    name: "parse_manifest: summary and directory of a hand-made file (tail discovery) and of a bare payload",
    run(instance, raw) {
      const file = sampleFile();
      const fPtr = raw.putBytes(file.bytes);
      const out = raw.poisoned(136);
      const dir = raw.poisoned(2 * 32 + 8);
      const expectSummary = (what, offset, payloadLength, segmentId) => {
        const dv = raw.dv;
        const m = file.manifest;
        sameList([0, 4].map((o) => dv.getUint32(out + o, true)), [1, 4], `${what}: epoch, dimension`);
        same(dv.getBigUint64(out + 8, true), 3n, `${what}: total vectors`);
        sameList([16, 20, 24, 28, 32, 36, 40, 44].map((o) => dv.getUint32(out + o, true)),
          [2, 2, 2, 1, 1, 3, 1, 0], `${what}: segments, profile, metric, deleted, identity, depth, exact, 0`);
        sameList([48, 56, 64].map((o) => dv.getBigUint64(out + o, true)), [offset, payloadLength, segmentId],
          `${what}: manifest offset, payload length, segment id`);
        sameList(raw.bytes(out + 72, 16), m.identity.fileId, `${what}: file id`);
        sameList(raw.bytes(out + 88, 16), m.identity.parentId, `${what}: parent id`);
        sameList(raw.bytes(out + 104, 32), m.identity.parentHash, `${what}: parent hash`);
      };
      same(raw.e.parse_manifest(fPtr, file.bytes.length, 0, out, dir, 2), 2, "file mode: entries written");
      expectSummary("file", BigInt(file.lastOffset), BigInt(file.lastPayloadLength), 3n);
      const entries = [0, 1].map((i) => [...raw.u64s(dir + 32 * i, 3), raw.dv.getUint32(dir + 32 * i + 24, true),
        raw.dv.getUint32(dir + 32 * i + 28, true)]);
      sameList(entries.flat(), file.manifest.directory.flatMap((e) => [BigInt(e.id), BigInt(e.offset),
        BigInt(e.length), e.type, 0]), "directory entries");
      sameList(raw.bytes(dir + 64, 8), new Array(8).fill(0xee), "nothing written past the directory");

      const payloadPtr = fPtr + file.lastOffset + 64;
      raw.u8.fill(0xee, out, out + 136);
      same(raw.e.parse_manifest(payloadPtr, file.lastPayloadLength, 1, out, 0, 0), 0, "payload mode, no directory");
      expectSummary("payload", 0n, BigInt(file.lastPayloadLength), 0n);

      raw.u8.fill(0xee, out, out + 136);
      raw.expectError("a directory buffer for one entry", () => raw.e.parse_manifest(fPtr, file.bytes.length, 0, out,
        dir, 1), BUFFER_TOO_SMALL, "the directory has 2 entries, dir holds 1");
      same(raw.dv.getUint32(out + 16, true), 2, "BUFFER_TOO_SMALL still writes the summary with the count needed");

      // The older manifest is found when the newer one's payload is cut off (its length runs past the end).
      const cut = file.bytes.slice(0, file.bytes.length - 10);
      same(raw.e.parse_manifest(raw.putBytes(cut), cut.length, 0, out, 0, 0), 0, "cut file: older manifest");
      sameList([0, 16].map((o) => raw.dv.getUint32(out + o, true)), [0, 0], "epoch 0, empty directory");

      const vecOnly = file.bytes.slice(file.manifest.directory[1].offset, file.lastOffset);
      raw.expectError("no manifest", () => raw.e.parse_manifest(raw.putBytes(vecOnly), vecOnly.length, 0, out, 0, 0),
        NO_MANIFEST);
      raw.expectError("a truncated payload", () => raw.e.parse_manifest(payloadPtr, 21, 1, out, 0, 0), BAD_MANIFEST,
        "shorter than 22");
      const lying = manifestPayload({ epoch: 1, dim: 4, total: 0 });
      new DataView(lying.buffer).setUint32(14, 1000, true);
      raw.expectError("seg_count past the payload", () => raw.e.parse_manifest(raw.putBytes(lying), lying.length, 1,
        out, 0, 0), BAD_MANIFEST, "seg_count = 1000 does not fit");
      raw.expectError("mode 2", () => raw.e.parse_manifest(fPtr, file.bytes.length, 2, out, 0, 0), INVALID_ARGUMENT,
        "mode 2 is not 0");
    },
  },
  {
    name: "misuse returns error codes with a fresh message, never traps, and leaves the instance working",
    run(instance, raw) {
      const e = raw.e;
      const dim = 16;
      const a = randomFloats(dim, 3);
      const b = randomFloats(dim, 4);
      const aPtr = raw.putFloats(a);
      const bPtr = raw.putFloats(b);
      const outPtr = raw.alloc(4);
      const summaryPtr = raw.alloc(136);
      const before = raw.dot(aPtr, bPtr, dim, outPtr);
      sameList(before, [0, -dotF32(a, b)], "dot before misuse");

      const spare = e.rvf_alloc(64);
      same(e.rvf_free(spare), 0, "free spare");
      const memoryEnd = raw.memory.buffer.byteLength;
      const cases = [
        ["free twice", () => e.rvf_free(spare), BAD_POINTER],
        ["free a made-up pointer", () => e.rvf_free(123457), BAD_POINTER],
        ["free an interior pointer", () => e.rvf_free(aPtr + 8), BAD_POINTER],
        ["free a negative pointer", () => e.rvf_free(-8), BAD_POINTER],
        ["alloc(0)", () => e.rvf_alloc(0), INVALID_ARGUMENT],
        ["alloc(-5)", () => e.rvf_alloc(-5), INVALID_ARGUMENT],
        ["alloc(2^31-1)", () => e.rvf_alloc(2 ** 31 - 1), OUT_OF_MEMORY],
        ["alloc(1 GiB + 1)", () => e.rvf_alloc(2 ** 30 + 1), OUT_OF_MEMORY],
        ["dot past the end of memory", () => e.tile_dot_f32(memoryEnd - 8, bPtr, dim, outPtr), BAD_POINTER],
        ["dot far past the end of memory", () => e.tile_dot_f32(aPtr, 2 ** 31 - 4, dim, outPtr), BAD_POINTER],
        ["dot outside any block", () => e.tile_dot_f32(8, bPtr, dim, outPtr), BAD_POINTER, ": a [8, +64)"],
        ["dot on a freed block", () => e.tile_dot_f32(spare, bPtr, dim, outPtr), BAD_POINTER],
        ["dot one element past a block", () => e.tile_dot_f32(aPtr, bPtr, dim + 1, outPtr), BAD_POINTER],
        ["dot starting inside a block, running past it", () => e.tile_dot_f32(aPtr + 4, bPtr, dim, outPtr),
          BAD_POINTER],
        ["dot with a bad out pointer", () => e.tile_dot_f32(aPtr, bPtr, dim, outPtr + 2), BAD_POINTER, ": out ["],
        ["dot with a negative dim", () => e.tile_dot_f32(aPtr, bPtr, -3, outPtr), INVALID_ARGUMENT],
        ["dot with dim 0", () => e.tile_dot_f32(aPtr, bPtr, 0, outPtr), INVALID_ARGUMENT],
        ["dot with dim 65536", () => e.tile_dot_f32(aPtr, bPtr, 65536, outPtr), LIMIT_EXCEEDED, "exceeds 65535"],
        ["l2 f16 whose halves run past their block", () => e.tile_l2_f16(aPtr, bPtr, 33, outPtr), BAD_POINTER],
        ["batch whose tile size count*dim*4 overflows i32",
          () => e.tile_batch_distance(0, aPtr, bPtr, 2 ** 27, dim, outPtr), BAD_POINTER],
        ["batch with the largest count", () => e.tile_batch_distance(0, aPtr, bPtr, 2 ** 31 - 1, dim, outPtr),
          BAD_POINTER, ": tile ["],
        ["batch with the out pointer past its block",
          () => e.tile_batch_distance(0, aPtr, bPtr, 1, dim, outPtr + 4), BAD_POINTER, ": out ["],
        ["batch with a negative count", () => e.tile_batch_distance(0, aPtr, bPtr, -1, dim, outPtr),
          INVALID_ARGUMENT],
        ["batch with metric 3", () => e.tile_batch_distance(3, aPtr, bPtr, 1, dim, outPtr), INVALID_ARGUMENT,
          "metric 3 is not 0 (l2), 1 (dot product) or 2 (cosine)"],
        ["topk with k 0", () => e.tile_topk(aPtr, dim, 0, outPtr, outPtr), INVALID_ARGUMENT],
        ["topk with k past 2^20", () => e.tile_topk(aPtr, 2 ** 21, 2 ** 21, outPtr, outPtr), LIMIT_EXCEEDED],
        ["topk whose outputs are too small", () => e.tile_topk(aPtr, dim, 2, outPtr, outPtr), BAD_POINTER,
          ": outIdx ["],
        ["scan with a mask past its block", () => e.tile_scan_filtered(0, aPtr, bPtr, 1, dim, outPtr + 4, 1, outPtr,
          outPtr), BAD_POINTER, ": mask ["],
        ["merge with a negative count", () => e.tile_merge_topk(aPtr, bPtr, -1, aPtr, bPtr, 0, 1, outPtr, outPtr),
          INVALID_ARGUMENT],
        ["merge whose ids run past their block", () => e.tile_merge_topk(aPtr, bPtr, 9, aPtr, bPtr, 0, 1, outPtr,
          outPtr), BAD_POINTER, ": aIds ["],
        ["quantize with codes past their block", () => e.tile_quantize_sq8(aPtr, 1, dim, bPtr, bPtr, outPtr),
          BAD_POINTER, ": outCodes ["],
        ["dequantize with dim 0", () => e.tile_dequantize_sq8(aPtr, 1, 0, bPtr, bPtr, outPtr), INVALID_ARGUMENT],
        ["accumulate past the vector", () => e.tile_accumulate(aPtr, bPtr, dim + 1, 1), BAD_POINTER],
        ["parse a header with len 0", () => e.parse_segment_header(aPtr, 0, outPtr), INVALID_ARGUMENT],
        ["parse a header into 4 bytes", () => e.parse_segment_header(aPtr, 64, outPtr), BAD_POINTER, ": out ["],
        ["parse a manifest with a negative capacity", () => e.parse_manifest(aPtr, 64, 0, outPtr, 0, -1),
          INVALID_ARGUMENT],
        ["parse a manifest whose directory buffer is too small",
          () => e.parse_manifest(aPtr, 64, 0, summaryPtr, bPtr, 3), BAD_POINTER, ": dir ["],
        ["last_error into a made-up buffer", () => e.rvf_last_error(16, 4096), BAD_POINTER],
        ["last_error with a negative length", () => e.rvf_last_error(aPtr, -1), INVALID_ARGUMENT],
      ];
      for (const [name, call, code, detail = ""] of cases) {
        raw.expectError(name, call, code, detail);
      }
      sameList(raw.dot(aPtr, bPtr, dim, outPtr), before, "dot after misuse");
      sameList(raw.floats(aPtr, dim), a, "operand after misuse");
    },
  },
  {
    name: "thousands of calls with random arguments return error codes, never trap, and change nothing",
    run(instance, raw) {
      const e = raw.e;
      const dim = 12;
      const query = randomFloats(dim, 21);
      const tile = randomFloats(dim * 5, 22);
      const qPtr = raw.putFloats(query);
      const tPtr = raw.putFloats(tile);
      const outPtr = raw.alloc(20);
      const reference = () => {
        same(e.tile_batch_distance(METRIC_COSINE, qPtr, tPtr, 5, dim, outPtr), 5, "reference computation");
        return raw.floats(outPtr, 5);
      };
      const before = reference();
      sameList(before, batchOracle(METRIC_COSINE, query, tile, 5, dim), "reference computation's result");
      const guarded = [qPtr, tPtr].map((p, i) => raw.bytes(p, i === 0 ? dim * 4 : dim * 20));

      // Blocks the random calls may legitimately read and write (never the guarded ones above).
      const pool = [8, 64, 100, 4096, 70000].map((size) => [raw.poisoned(size), size]);
      const next = randomInts(2024);
      const interesting = () => {
        const [ptr, size] = pool[(next() >>> 0) % pool.length];
        switch ((next() >>> 0) % 12) {
          case 0: return next();
          case 1: return ptr;
          case 2: return ptr + ((next() >>> 0) % size);
          case 3: return ptr + size;
          case 4: return (next() >>> 0) % 70;
          case 5: return -((next() >>> 0) % 5);
          case 6: return 2 ** 31 - 1;
          case 7: return -(2 ** 31);
          case 8: return (next() >>> 0) % 3;
          case 9: return size;
          case 10: return (next() >>> 0) % 100000;
          default: return 1 << ((next() >>> 0) % 31);
        }
      };
      // Not rvf_alloc (a random size would really allocate); rvf_free only with random i32s (not the pool's blocks).
      // The control plane has its own garbage tests (store_misuse.test.mjs): random calls there could open stores.
      const fuzzed = RVF_EXPORTS.filter((n) => n !== "rvf_alloc" && n in ARITY);
      let calls = 0;
      let errors = 0;
      for (const [round, argument] of [["random i32", () => next()], ["mixed", interesting]]) {
        for (const name of fuzzed.filter((n) => round === "random i32" || n !== "rvf_free")) {
          for (let i = 0; i < 150; i++) {
            const args = Array.from({ length: ARITY[name] }, argument);
            if (name === "tile_accumulate") {
              args[3] = new Float32Array(new Int32Array([next()]).buffer)[0]; // any f32 bits, NaN included
            }
            let status;
            try {
              status = e[name](...args);
            } catch (err) {
              throw new CheckFailure(`${round}: ${name}(${args.join(", ")}) threw ${err}`);
            }
            calls++;
            check(Number.isInteger(status) && (status >= 0 || KNOWN_ERRORS.has(status)),
              `${round}: ${name}(${args.join(", ")}) returned ${status}`);
            if (status < 0) {
              errors++;
            } else if (round === "random i32") {
              check(name === "rvf_last_error", `${name}(${args.join(", ")}) succeeded on random i32s: ${status}`);
            }
          }
        }
      }
      check(calls === 150 * (2 * fuzzed.length - 1) && errors > calls / 2, `${calls} calls, ${errors} errors`);
      sameList(reference(), before, "the reference computation after the random calls");
      [qPtr, tPtr].forEach((p, i) => sameList(raw.bytes(p, guarded[i].length), guarded[i], "guarded block"));
    },
  },
  {
    name: "rvf_last_error returns the UTF-8 message and its length, copying only when it fits",
    run(instance, raw) {
      const e = raw.e;
      same(e.rvf_free(4242), BAD_POINTER, "rvf_free(4242)");
      const expected = "pointer or length outside a live allocated block - rvf_free: 4242 is not the start of a "
        + "live block";
      const length = e.rvf_last_error(0, 0);
      same(length, new TextEncoder().encode(expected).length, "message length");
      const small = raw.alloc(8);
      raw.u8.fill(0xAA, small, small + 8);
      same(e.rvf_last_error(small, 8), length, "too small: the length needed");
      sameList(raw.u8.slice(small, small + 8), new Array(8).fill(0xAA), "too small: nothing written");
      same(raw.lastError(), expected, "message");
      raw.release();
      same(raw.lastError(), expected, "message after successful calls");
    },
  },
  {
    name: "memory grows on demand; the data survives and old views are detached",
    run(instance, raw) {
      const dim = 64;
      const a = randomFloats(dim, 5);
      const aPtr = raw.putFloats(a);
      const outPtr = raw.alloc(4);
      const [, before] = raw.dot(aPtr, aPtr, dim, outPtr);
      const oldView = raw.f32;
      const oldBytes = raw.memory.buffer.byteLength;
      // Freed blocks of earlier checks are reused first: allocate until the memory really grows.
      const big = [];
      while (raw.memory.buffer.byteLength === oldBytes) {
        check(big.length < 32, "memory did not grow after 128 MiB of allocations");
        const ptr = raw.alloc(4 * MiB);
        raw.u8.fill(big.length + 1, ptr, ptr + 4 * MiB);
        big.push(ptr);
      }
      same(oldView.length, 0, "length of the view made before growth");
      sameList(raw.floats(aPtr, dim), a, "data after growth");
      big.forEach((ptr, i) => {
        same(raw.u8[ptr], i + 1, `first byte of block ${i}`);
        same(raw.u8[ptr + 4 * MiB - 1], i + 1, `last byte of block ${i}`);
      });
      sameList(raw.dot(aPtr, aPtr, dim, outPtr), [0, before], "dot after growth");
    },
  },
];

/** Runs every check (each frees its blocks even when it fails); returns one result per check. */
export function runAbiChecks(instance) {
  return ABI_CHECKS.map(({ name, run }) => runOne(name, run, instance));
}

export function runOne(name, run, instance) {
  const raw = new Raw(instance);
  try {
    run(instance, raw);
    raw.release();
    return { name, ok: true };
  } catch (error) {
    try {
      raw.release();
    } catch {
      // The first failure is the one worth reporting.
    }
    return { name, ok: false, error: String(error?.stack ?? error), thrown: error };
  }
}

// The control plane (docs/ABI.md; StoreExports): kept apart from the list above so that both merge cleanly.
/** Number of i32 parameters of each control-plane export. */
export const STORE_ARITY = {
  rvf_create: 4, rvf_open: 3, rvf_close: 1, rvf_ingest: 7, rvf_query: 10, rvf_delete: 4, rvf_delete_by_filter: 4,
  rvf_status: 2, rvf_compact: 2, rvf_derive: 2, rvf_segments: 3, rvf_export: 2, rvf_embed_kernel: 9,
  rvf_extract_kernel: 2, rvf_embed_ebpf: 8, rvf_extract_ebpf: 2, rvf_lineage: 2, rvf_verify_witness: 2,
  rvf_metadata_get: 3, rvf_vector: 3, rvf_debug_live_blocks: 0, rvf_debug_open_stores: 0,
};
export const STORE_EXPORTS = Object.keys(STORE_ARITY);
RVF_EXPORTS.push(...STORE_EXPORTS);
