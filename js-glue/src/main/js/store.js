// RvfStore: the synchronous object API over the control-plane exports (docs/ABI.md).

import { RvfError } from "./errors.js";
import init, { active, adoptedInput, describe, input, output } from "./runtime.js";
import { decodeRow, encodeFilter, encodeMetadata, utf8 } from "./codecs.js";
import { storageFor, storageName } from "./storage.js";

const METRIC_CODES = Object.freeze({ l2: 0, euclidean: 0, dotproduct: 1, dot: 1, inner_product: 1, ip: 1,
  cosine: 2 });
const METRIC_NAMES = ["l2", "dotproduct", "cosine"];
const SEGMENT_NAMES = new Map([[0x00, "invalid"], [0x01, "vec"], [0x02, "index"], [0x03, "overlay"],
  [0x04, "journal"], [0x05, "manifest"], [0x06, "quant"], [0x07, "meta"], [0x08, "hot"], [0x09, "sketch"],
  [0x0a, "witness"], [0x0b, "profile"], [0x0c, "crypto"], [0x0d, "meta_idx"], [0x0e, "kernel"], [0x0f, "ebpf"],
  [0x20, "cow_map"], [0x22, "membership"]]);
const INDEX_STATES = ["empty", "built", "loaded", "pending"];
const HASH_STATUSES = ["ok", "mismatch", "unset"];
/** dev.rvf.store.DerivationType: name -> the reference's code. */
const DERIVATION_TYPES = Object.freeze({ clone: 0, filter: 1, merge: 2, quantize: 3, reindex: 4, transform: 5,
  snapshot: 6, user_defined: 255 });
const I32_MAX = 2 ** 31 - 1;
const U32_MAX = 2 ** 32 - 1;
const SEGMENT_KERNEL = 0x0e;
const SEGMENT_EBPF = 0x0f;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const U64_MAX = (1n << 64n) - 1n;

function runtimeOrThrow() {
  if (active === null) {
    throw new RvfError("UNSUPPORTED", "rvf.wasm is not loaded yet: `await init()` before using RvfStore");
  }
  return active;
}

/** An integer in [min, max] for an i32/u32 parameter; anything else (1.5, NaN, "3", 2^40) is INVALID_ARGUMENT. */
function integer(value, what, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RvfError("INVALID_ARGUMENT", `${what} must be an integer in ${min}..${max}, not `
      + `${typeof value === "number" ? value : describe(value)}`);
  }
  return value;
}

function derivationCode(type) {
  if (typeof type === "string") {
    const code = DERIVATION_TYPES[type.toLowerCase()];
    if (code === undefined) {
      throw new RvfError("INVALID_ARGUMENT", `unknown derivation type "${type}" (expected one of `
        + `${Object.keys(DERIVATION_TYPES).join(", ")} or its code)`);
    }
    return code;
  }
  return integer(type, "derivationType", 0, 255);
}

function metricCode(metric) {
  const code = METRIC_CODES[String(metric ?? "l2").toLowerCase()];
  if (code === undefined) {
    throw new RvfError("INVALID_ARGUMENT", `unknown metric "${metric}" (expected "l2", "cosine" or "dotproduct"; `
      + `"inner_product" and "ip" are accepted too)`);
  }
  return code;
}

function toId(v, where) {
  if (typeof v === "bigint") {
    if (v < 0n || v > U64_MAX) {
      throw new RvfError("INVALID_ARGUMENT", `${where}: id ${v} is outside 0..2^64-1`);
    }
    return v;
  }
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) {
    return BigInt(v);
  }
  throw new RvfError("INVALID_ARGUMENT", `${where}: an id must be a non-negative integer (a number up to 2^53-1 `
    + `or a bigint), not ${typeof v === "number" ? v : describe(v)}`);
}

/** ids as a BigUint64Array: one number/bigint, an array of them, or a BigUint64Array. */
function toIds(ids) {
  if (ids instanceof BigUint64Array) {
    return ids;
  }
  if (typeof ids === "number" || typeof ids === "bigint") {
    return BigUint64Array.of(toId(ids, "ids"));
  }
  if (Array.isArray(ids) || ArrayBuffer.isView(ids)) {
    const out = new BigUint64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      out[i] = toId(ids[i], `ids[${i}]`);
    }
    return out;
  }
  throw new RvfError("INVALID_ARGUMENT", `ids must be a number, a bigint, an array of them or a BigUint64Array, `
    + `not ${describe(ids)}`);
}

/** An id read back from the module: a number when exact, else a bigint. */
function fromId(u64) {
  return u64 <= MAX_SAFE ? Number(u64) : u64;
}

/** fromId of the u64 whose halves are `low`, `high` (u32): no BigInt made for an id below 2^53. */
function fromIdHalves(low, high) {
  return high < 0x200000 ? high * 0x100000000 + low : (BigInt(high) << 32n) | BigInt(low);
}

/** Vectors as one Float32Array of count*dim: a flat Float32Array/number array, or an array of vectors. */
function toVectors(vectors, count, dim) {
  let flat;
  if (vectors instanceof Float32Array) {
    flat = vectors;
  } else if (Array.isArray(vectors) && vectors.length > 0 && typeof vectors[0] === "object") {
    flat = new Float32Array(vectors.length * dim);
    vectors.forEach((v, i) => {
      if (v?.length !== dim) {
        throw new RvfError("DIMENSION_MISMATCH", `vector ${i} has ${v?.length} dimensions, store has ${dim}`);
      }
      flat.set(v, i * dim);
    });
  } else if (Array.isArray(vectors) || ArrayBuffer.isView(vectors)) {
    flat = Float32Array.from(vectors);
  } else {
    throw new RvfError("INVALID_ARGUMENT", `vectors must be a Float32Array or an array of vectors, not `
      + `${describe(vectors)}`);
  }
  if (flat.length !== count * dim) {
    throw new RvfError("DIMENSION_MISMATCH", `${flat.length} floats for ${count} ids of ${dim} dimensions `
      + `(expected ${count * dim})`);
  }
  return flat;
}

/** Queries with at most this many hits use the runtime's kept scratch block (16 bytes a hit). */
const SCRATCH_HITS = 4096;

function toQuery(vector, dim) {
  const q = vector instanceof Float32Array ? vector : Float32Array.from(vector ?? []);
  if (q.length !== dim) {
    throw new RvfError("DIMENSION_MISMATCH", `query vector has ${q.length} dimensions, store has ${dim}`);
  }
  return q;
}

function bytesOf(data, what) {
  if (data === undefined || data === null) {
    return new Uint8Array(0);
  }
  if (typeof data === "string") {
    return utf8.encode(data);
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  throw new RvfError("INVALID_ARGUMENT", `${what} must be bytes (Uint8Array, ArrayBuffer) or a string, not `
    + `${describe(data)}`);
}

/** Whether the segment magic ("SFVR") occurs anywhere: without it the module's parser finds no segment at all. */
function hasSegmentMagic(data) {
  for (let at = data.indexOf(0x53); at >= 0 && at + 3 < data.length; at = data.indexOf(0x53, at + 1)) {
    if (data[at + 1] === 0x46 && data[at + 2] === 0x56 && data[at + 3] === 0x52) {
      return true;
    }
  }
  return false;
}

/** The byte stream of openStream()'s source and its announced size (undefined if unknown). */
function streamOf(source) {
  if (typeof Response !== "undefined" && source instanceof Response) {
    if (source.bodyUsed) {
      throw new RvfError("INVALID_ARGUMENT", "the Response body was already read");
    }
    // Content-Length counts the encoded bytes: only a hint when the body is compressed
    const length = source.headers.get("content-encoding") ? null : source.headers.get("content-length");
    const size = length !== null && /^[0-9]+$/.test(length) ? Number(length) : undefined;
    return { stream: source.body ?? new Blob([]).stream(), size };
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    return { stream: source.stream(), size: source.size };
  }
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
    return { stream: source, size: undefined };
  }
  throw new RvfError("INVALID_ARGUMENT", `openStream needs a Response, Blob or ReadableStream, not ${describe(source)}`);
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * One vector store inside rvf.wasm. Create with RvfStore.create() or RvfStore.open() after `await init()`; every
 * method is synchronous. close() (or `using`) releases it; any call after that throws RvfError CLOSED.
 */
export class RvfStore {
  #rt;
  #handle;
  #dimension;
  #metric;
  /** Live vectors, refreshed after every change: sizes the result buffer of query(). */
  #live = 0;

  /** @internal use RvfStore.create / RvfStore.open / derive */
  constructor(runtime, handle) {
    this.#rt = runtime;
    this.#handle = handle;
    const { dimension, metric } = this.status();
    this.#dimension = dimension;
    this.#metric = metric;
  }

  /** A new empty store. */
  static create(dimension, metric = "l2", options = {}) {
    const rt = runtimeOrThrow();
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > 65535) {
      throw new RvfError("INVALID_ARGUMENT", `dimension must be an integer in 1..65535, not ${dimension}`);
    }
    const code = metricCode(metric);
    const opts = new Uint32Array(6);
    opts[0] = integer(options.m ?? 0, "m", 0, U32_MAX);
    opts[1] = integer(options.efConstruction ?? 0, "efConstruction", 0, U32_MAX);
    opts[2] = integer(options.efSearch ?? 0, "efSearch", 0, U32_MAX);
    opts[3] = options.sq8 ? 1 : 0;
    opts[4] = integer(options.profile ?? 0, "profile", 0, U32_MAX);
    const { status } = rt.call("rvf_create", dimension, code, input(opts), opts.byteLength);
    return new RvfStore(rt, status);
  }

  /** A store from the bytes of a .rvf file (any file the reference writes). */
  static open(bytes, options = {}) {
    const rt = runtimeOrThrow();
    const data = bytesOf(bytes, "bytes");
    if (data.length === 0) {
      throw new RvfError("TRUNCATED", "cannot open an empty file");
    }
    if (!hasSegmentMagic(data)) {
      // The module would answer NO_MANIFEST too, but only after copying every byte into its memory (which never
      // shrinks) and scanning them: a large file of anything else must not cost its size in Wasm memory.
      throw new RvfError("NO_MANIFEST", `no manifest found - the ${data.length} bytes hold no segment header, so `
        + "they are not a .rvf file");
    }
    // flag 2: the store keeps the file where this call copies it (no second copy inside the module)
    const { status } = rt.call("rvf_open", adoptedInput(data), data.length, (options.readOnly ? 1 : 0) | 2);
    return new RvfStore(rt, status);
  }

  /**
   * A store from a .rvf file that arrives as a stream: a `Response` (e.g. from fetch()), a `Blob`/`File` (e.g. an
   * OPFS file or an <input type=file>), or a `ReadableStream` of Uint8Array chunks. Each chunk goes straight into
   * the module's memory as it arrives, where the store then keeps the file: the whole file is never held by JS, so
   * opening needs one copy of it instead of two. `options.length` (else a Response's Content-Length, a Blob's size)
   * sizes the first block; without it, or when it is wrong, the block grows as data comes. A stream that holds no
   * segment header is refused (NO_MANIFEST) only at its end, after costing its size in module memory (which never
   * shrinks), so prefer open(bytes) for input you do not trust.
   */
  static async openStream(source, options = {}) {
    await init();
    const rt = runtimeOrThrow();
    const { stream, size } = streamOf(source);
    const expected = options.length ?? size;
    if (expected !== undefined && (!Number.isSafeInteger(expected) || expected < 0)) {
      throw new RvfError("INVALID_ARGUMENT", `length must be an integer >= 0, not ${describe(expected)}`);
    }
    const reader = stream.getReader();
    let capacity = Math.max(expected || 0, 64 * 1024);
    let ptr = 0;
    let length = 0;
    try {
      ptr = rt.alloc(capacity); // OUT_OF_MEMORY for a length beyond the module's cap: the stream is cancelled
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        if (!(value instanceof Uint8Array)) {
          throw new RvfError("INVALID_ARGUMENT", `the stream must yield Uint8Array chunks, not ${describe(value)}`);
        }
        if (value.length > capacity - length) {
          // a bigger block, then the bytes so far moved into it (rvf_alloc may grow the memory: views after it)
          const bigger = Math.max(length + value.length, Math.min(capacity * 2, capacity + 256 * 1024 * 1024));
          const next = rt.alloc(bigger);
          rt.u8.copyWithin(next, ptr, ptr + length);
          rt.exports.rvf_free(ptr);
          ptr = next;
          capacity = bigger;
        }
        rt.u8.set(value, ptr + length);
        length += value.length;
      }
      if (length === 0) {
        throw new RvfError("TRUNCATED", "cannot open an empty file");
      }
      if (!hasSegmentMagic(rt.u8.subarray(ptr, ptr + length))) {
        throw new RvfError("NO_MANIFEST", `no manifest found - the ${length} bytes hold no segment header, so they `
          + "are not a .rvf file");
      }
      const handle = rt.callRaw("rvf_open", ptr, length, (options.readOnly ? 1 : 0) | 2);
      ptr = 0; // the store owns the block now
      return new RvfStore(rt, handle);
    } catch (error) {
      await reader.cancel(error).catch(() => {});
      throw error;
    } finally {
      if (ptr !== 0) {
        rt.exports.rvf_free(ptr);
      }
    }
  }

  #h() {
    if (this.#handle === 0) {
      throw new RvfError("CLOSED", "this RvfStore is closed");
    }
    return this.#handle;
  }

  /** Calls an export that hands over a block (`{u32 ptr, u32 len}` slot); returns a copy of its bytes, or null. */
  #takeBlock(name, ...args) {
    const { status, outputs } = this.#rt.call(name, ...args, output(Uint32Array, 2));
    const [ptr, len] = outputs[0];
    if (status === 0 || len === 0) {
      if (ptr !== 0) {
        this.#rt.exports.rvf_free(ptr);
      }
      return null;
    }
    try {
      return this.#rt.memory.buffer.slice(ptr, ptr + len);
    } finally {
      this.#rt.exports.rvf_free(ptr);
    }
  }

  /** Vector dimension (1..65535). */
  get dimension() {
    return this.#dimension;
  }

  /** "l2", "dotproduct" or "cosine". */
  get metric() {
    return this.#metric;
  }

  /** Whether close() was called. */
  get closed() {
    return this.#handle === 0;
  }

  /** Adds vectors (a re-used id replaces the stored vector and metadata). */
  ingest(vectors, ids, metadata) {
    const h = this.#h();
    const idArray = toIds(ids);
    const flat = toVectors(vectors, idArray.length, this.#dimension);
    const meta = metadata === undefined || metadata === null ? null : encodeMetadata(metadata, idArray.length);
    if (idArray.length === 0) {
      return { accepted: 0, rejected: 0, epoch: this.status().epoch };
    }
    const { outputs } = this.#rt.call("rvf_ingest", h, input(flat), idArray.length, input(idArray),
      meta === null ? 0 : input(meta), meta === null ? 0 : meta.length, output(BigUint64Array, 2));
    const out = outputs[0];
    this.status();
    return { accepted: Number(out[0] & 0xffffffffn), rejected: Number(out[0] >> 32n), epoch: Number(out[1]) };
  }

  /**
   * The k nearest stored vectors, nearest first: `[{ id, distance }]`. options: `efSearch` (beam width),
   * `exact` (brute force), `filter` (metadata filter object).
   */
  query(vector, k, options = {}) {
    const h = this.#h();
    const q = toQuery(vector, this.#dimension);
    if (!Number.isSafeInteger(k) || k < 1) {
      throw new RvfError("INVALID_ARGUMENT", `k must be a positive integer, not ${k}`);
    }
    const efSearch = integer(options.efSearch ?? 0, "efSearch", 0, I32_MAX);
    const filter = options.filter === undefined || options.filter === null ? null : encodeFilter(options.filter);
    // min(k, live) bounds the hits (a k beyond i32 asks for every vector all the same)
    const kk = Math.min(k, I32_MAX);
    const cap = Math.min(kk, Math.max(1, this.#live));
    if (filter === null && cap <= SCRATCH_HITS) {
      // the common query: vector in and hits out through one kept block, read in place (no per-call blocks)
      const rt = this.#rt;
      const qBytes = (q.byteLength + 7) & ~7;
      const at = rt.scratch(qBytes + cap * 16);
      rt.view(Float32Array).set(q, at >>> 2);
      const found = rt.callRaw("rvf_query", h, at, q.length, kk, efSearch, options.exact ? 1 : 0, 0, 0, at + qBytes,
        cap);
      const words = rt.view(Uint32Array);
      const floats = rt.view(Float32Array);
      const hits = new Array(found);
      for (let i = 0, o = (at + qBytes) >>> 2; i < found; i++, o += 4) {
        hits[i] = { id: fromIdHalves(words[o], words[o + 1]), distance: floats[o + 2] };
      }
      return hits;
    }
    const { status, outputs } = this.#rt.call("rvf_query", h, input(q), q.length, kk, efSearch,
      options.exact ? 1 : 0, filter === null ? 0 : input(filter), filter === null ? 0 : filter.length,
      output(BigUint64Array, cap * 2), cap);
    const raw = outputs[0];
    const distances = new Float32Array(raw.buffer);
    const hits = new Array(status);
    for (let i = 0; i < status; i++) {
      hits[i] = { id: fromId(raw[i * 2]), distance: distances[i * 4 + 2] };
    }
    return hits;
  }

  /** Soft-deletes ids; `{ deleted, epoch }`. */
  delete(ids) {
    const h = this.#h();
    const idArray = toIds(ids);
    if (idArray.length === 0) {
      return { deleted: 0, epoch: this.status().epoch };
    }
    const { outputs } = this.#rt.call("rvf_delete", h, input(idArray), idArray.length, output(BigUint64Array, 2));
    this.status();
    return { deleted: Number(outputs[0][0] & 0xffffffffn), epoch: Number(outputs[0][1]) };
  }

  /** Soft-deletes every vector whose metadata matches the filter; `{ deleted, epoch }`. */
  deleteByFilter(filter) {
    const h = this.#h();
    const f = encodeFilter(filter);
    const { outputs } = this.#rt.call("rvf_delete_by_filter", h, input(f), f.length, output(BigUint64Array, 2));
    this.status();
    return { deleted: Number(outputs[0][0] & 0xffffffffn), epoch: Number(outputs[0][1]) };
  }

  /** Drops deleted vectors for good; `{ segmentsCompacted, bytesReclaimed, epoch }`. */
  compact() {
    const { outputs } = this.#rt.call("rvf_compact", this.#h(), output(BigUint64Array, 3));
    const out = outputs[0];
    this.status();
    return { segmentsCompacted: Number(out[0] & 0xffffffffn), bytesReclaimed: Number(out[1]),
      epoch: Number(out[2]) };
  }

  /** A snapshot of the store, with the reference SDK's field names. */
  status() {
    const { outputs } = this.#rt.call("rvf_status", this.#h(), output(Uint8Array, 96));
    const v = new DataView(outputs[0].buffer);
    const flags = v.getUint32(52, true);
    this.#live = Number(v.getBigUint64(0, true));
    const epoch = Number(v.getBigUint64(8, true));
    const fileSizeBytes = Number(v.getBigUint64(16, true));
    return {
      totalVectors: Number(v.getBigUint64(0, true)),
      dimension: v.getUint32(40, true),
      metric: METRIC_NAMES[v.getUint32(44, true)],
      epoch,
      currentEpoch: epoch,
      totalSegments: v.getUint32(48, true),
      fileSizeBytes,
      fileSize: fileSizeBytes,
      deletedVectors: Number(v.getBigUint64(24, true)),
      deadSpaceRatio: v.getFloat64(32, true),
      readOnly: (flags & 1) !== 0,
      profileId: v.getUint32(56, true),
      storedRecords: v.getUint32(84, true),
      index: {
        kind: "hnsw",
        state: INDEX_STATES[v.getUint32(60, true)] ?? "unknown",
        nodes: v.getUint32(64, true),
        loadedNodes: v.getUint32(68, true),
        pendingRecords: v.getUint32(88, true),
        m: v.getUint32(72, true),
        efConstruction: v.getUint32(76, true),
        efSearch: v.getUint32(80, true),
        sq8: (flags & 2) !== 0,
        persisted: (flags & 4) !== 0,
      },
    };
  }

  /** The segments of the store's file, in file order: `[{ id, offset, payloadLength, segType, hashStatus, hashOk }]`. */
  segments() {
    const h = this.#h();
    const count = this.#rt.call("rvf_segments", h, 0, 0).status;
    if (count === 0) {
      return [];
    }
    const { status, outputs } = this.#rt.call("rvf_segments", h, output(Uint8Array, count * 32), count);
    const v = new DataView(outputs[0].buffer);
    const out = [];
    for (let i = 0; i < status; i++) {
      const at = i * 32;
      const type = v.getUint8(at + 24);
      out.push({
        id: Number(v.getBigUint64(at + 8, true)),
        offset: Number(v.getBigUint64(at, true)),
        payloadLength: Number(v.getBigUint64(at + 16, true)),
        segType: SEGMENT_NAMES.get(type) ?? `unknown(0x${type.toString(16).toUpperCase().padStart(2, "0")})`,
        hashStatus: HASH_STATUSES[v.getUint8(at + 25)] ?? "unset",
        hashOk: v.getUint8(at + 25) !== 1,
      });
    }
    return out;
  }

  /** The store as the bytes of a .rvf file, which the reference implementation opens. */
  export() {
    return new Uint8Array(this.#takeBlock("rvf_export", this.#h()) ?? new ArrayBuffer(0));
  }

  /**
   * A new empty child store with this store as its lineage parent (same dimension, metric and options). The
   * derivation type (a name such as "snapshot", or the reference's code) is not stored in the file, as in the
   * reference.
   */
  derive(derivationType = "clone") {
    const { status } = this.#rt.call("rvf_derive", this.#h(), derivationCode(derivationType));
    return new RvfStore(this.#rt, status);
  }

  #lineage() {
    const { outputs } = this.#rt.call("rvf_lineage", this.#h(), output(Uint8Array, 72));
    const b = outputs[0];
    return { fileId: hex(b.subarray(0, 16)), parentId: hex(b.subarray(16, 32)), parentHash: hex(b.subarray(32, 64)),
      depth: new DataView(b.buffer).getUint32(64, true) };
  }

  /** This file's id, 32 hex characters. */
  fileId() {
    return this.#lineage().fileId;
  }

  /** The parent's file id (all zeros for a root). */
  parentId() {
    return this.#lineage().parentId;
  }

  /** 0 for a root, parent's depth + 1 for a derived store. */
  lineageDepth() {
    return this.#lineage().depth;
  }

  /** Embeds a kernel image (KERNEL segment, reference layout); returns its segment id. */
  embedKernel(arch, kernelType, flags, image, apiPort = 0, cmdline) {
    const h = this.#h();
    const img = bytesOf(image, "image");
    const cmd = bytesOf(cmdline, "cmdline");
    const { status } = this.#rt.call("rvf_embed_kernel", h, integer(arch, "arch", 0, 255),
      integer(kernelType, "kernelType", 0, 255), integer(flags ?? 0, "flags", 0, U32_MAX) | 0, input(img),
      img.length, integer(apiPort, "apiPort", 0, 65535), cmd.length === 0 ? 0 : input(cmd), cmd.length);
    return status > 0 ? status : this.#lastSegmentId(SEGMENT_KERNEL);
  }

  /** The id of the last segment of a type, for segment ids the ABI cannot return (beyond i32). */
  #lastSegmentId(type) {
    const name = SEGMENT_NAMES.get(type);
    return this.segments().filter((s) => s.segType === name).at(-1)?.id ?? 0;
  }

  /** `{ header, image }` of the first embedded kernel (image = image bytes then cmdline), or null. */
  extractKernel() {
    const bytes = this.#takeBlock("rvf_extract_kernel", this.#h());
    return bytes === null ? null
      : { header: new Uint8Array(bytes, 0, 128), image: new Uint8Array(bytes, 128) };
  }

  /** Embeds an eBPF program (EBPF segment, reference layout); returns its segment id. */
  embedEbpf(programType, attachType, maxDimension, bytecode, btf) {
    this.#h();
    const prog = bytesOf(bytecode, "bytecode");
    const extra = bytesOf(btf, "btf");
    const { status } = this.#rt.call("rvf_embed_ebpf", this.#h(), integer(programType, "programType", 0, 255),
      integer(attachType, "attachType", 0, 255), integer(maxDimension, "maxDimension", 0, 65535), input(prog),
      prog.length, extra.length === 0 ? 0 : input(extra), extra.length);
    return status > 0 ? status : this.#lastSegmentId(SEGMENT_EBPF);
  }

  /** `{ header, payload }` of the first embedded eBPF program (payload = program then BTF), or null. */
  extractEbpf() {
    const bytes = this.#takeBlock("rvf_extract_ebpf", this.#h());
    return bytes === null ? null
      : { header: new Uint8Array(bytes, 0, 64), payload: new Uint8Array(bytes, 64) };
  }

  /** Checks the witness chain in the file: `{ valid, entries, geneses, error? }`. */
  verifyWitness() {
    const { outputs } = this.#rt.call("rvf_verify_witness", this.#h(), output(Uint8Array, 24));
    const v = new DataView(outputs[0].buffer);
    const valid = v.getUint32(0, true) === 1;
    const result = { valid, entries: v.getUint32(4, true), geneses: v.getUint32(8, true) };
    if (!valid) {
      result.error = `witness entry ${v.getInt32(12, true)} at byte ${Number(v.getBigUint64(16, true))} does not `
        + "chain to the previous one";
    }
    return result;
  }

  /** The metadata stored with `id`, or null. */
  metadata(id) {
    const key = BigUint64Array.of(toId(id, "id"));
    const bytes = this.#takeBlock("rvf_metadata_get", this.#h(), input(key));
    return bytes === null ? null : decodeRow(new DataView(bytes), 0).row;
  }

  // --- Vectors and browser persistence (see "Storage" below) ---

  /** A copy of the live vector `id`, or null when the id is not live. */
  vector(id) {
    const h = this.#h();
    const key = BigUint64Array.of(toId(id, "id"));
    const { status, outputs } = this.#rt.call("rvf_vector", h, input(key), output(Float32Array, this.#dimension));
    return status === 1 ? outputs[0] : null;
  }

  /**
   * Every live vector in ascending id order: `{ ids, vectors }`, `ids[i]` (number, or bigint beyond 2^53 - 1)
   * owning `vectors[i * dimension .. (i + 1) * dimension)`.
   */
  vectors() {
    const h = this.#h();
    const dim = this.#dimension;
    const total = this.status().totalVectors;
    const vectors = new Float32Array(total * dim);
    const ids = new Array(total);
    // Tiles bound the scratch blocks; each tile_prefetch call sorts the live ids, so tiles are large.
    const tile = Math.max(1, Math.min(total, Math.floor((8 << 20) / (dim * 4 + 8))));
    for (let first = 0; first < total;) {
      const { status, outputs } = this.#rt.call("tile_prefetch", h, first, tile, output(Float32Array, tile * dim),
        output(BigUint64Array, tile));
      if (status === 0) {
        break;
      }
      vectors.set(outputs[0].subarray(0, status * dim), first * dim);
      for (let i = 0; i < status; i++) {
        ids[first + i] = fromId(outputs[1][i]);
      }
      first += status;
    }
    return { ids, vectors };
  }

  /**
   * Saves the store's file under `name`: OPFS in browsers (IndexedDB where OPFS is missing), a file path in
   * Deno and Node. The previous copy stays readable until the new one is complete.
   */
  async save(name, options = {}) {
    const bytes = this.export();
    await (await storageFor(options.storage)).write(storageName(name), bytes);
  }

  /** Opens a store saved with save() (options as RvfStore.open, plus `storage`); RvfError NOT_FOUND if none. */
  static async load(name, options = {}) {
    await init();
    const storage = await storageFor(options.storage);
    // a browser's stored File streams into the module (openStream) instead of being read into JS first
    const saved = storage.blob ? await storage.blob(storageName(name)) : await storage.read(storageName(name));
    if (saved === null) {
      throw new RvfError("NOT_FOUND", `no saved store "${name}"`);
    }
    return storage.blob ? RvfStore.openStream(saved, options) : RvfStore.open(saved, options);
  }

  /** Deletes a store saved with save(); resolves to whether there was one. */
  static async removeSaved(name, options = {}) {
    return (await storageFor(options.storage)).remove(storageName(name));
  }

  /**
   * The stores saved in `directory` (an OPFS directory, a file-system directory in Deno and Node, the key prefix
   * "directory/" in IndexedDB; default: the top level): `[{ name, size, lastModified }]`, newest first. `name` is
   * the file's name within the directory; temporaries and RvfDatabase's ".idmap.json" files are not listed.
   */
  static async listSaved(options = {}) {
    const directory = options.directory ?? "";
    if (typeof directory !== "string") {
      throw new RvfError("INVALID_ARGUMENT", `directory must be a string, not ${describe(directory)}`);
    }
    const saved = await (await storageFor(options.storage)).list(directory);
    return saved.sort((a, b) => b.lastModified - a.lastModified || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Releases the store; later calls throw RvfError CLOSED. Closing twice is harmless. */
  close() {
    if (this.#handle !== 0) {
      const h = this.#handle;
      this.#handle = 0;
      this.#rt.call("rvf_close", h);
    }
  }

  // Symbol.dispose is missing in older engines: `using` needs it, close() works everywhere.
  [Symbol.dispose ?? Symbol.for("Symbol.dispose")]() {
    this.close();
  }
}
