// Types for rvf.js (hand-written; keep in step with rvf.js).

/** Names of dev.rvf.ErrorCode: the stable `code` of every RvfError. */
export type RvfErrorCode =
  | "INVALID_ARGUMENT"
  | "BAD_HANDLE"
  | "BAD_POINTER"
  | "OUT_OF_MEMORY"
  | "CLOSED"
  | "READ_ONLY"
  | "DIMENSION_MISMATCH"
  | "NOT_FOUND"
  | "NON_FINITE"
  | "DUPLICATE_ID"
  | "BUFFER_TOO_SMALL"
  | "BAD_MAGIC"
  | "BAD_VERSION"
  | "HASH_MISMATCH"
  | "TRUNCATED"
  | "LENGTH_OUT_OF_RANGE"
  | "NO_MANIFEST"
  | "BAD_MANIFEST"
  | "BAD_PAYLOAD"
  | "UNSUPPORTED"
  | "WITNESS_BROKEN"
  | "LIMIT_EXCEEDED"
  | "INTERNAL";

/** Error code name -> the negative number the Wasm ABI returns for it. */
export declare const ERROR_CODES: Readonly<Record<RvfErrorCode, number>>;

/** Every expected failure of this package. */
export declare class RvfError extends Error {
  /** An unknown `code` becomes "INTERNAL". */
  constructor(code: RvfErrorCode, message: string, options?: { cause?: unknown });
  readonly name: "RvfError";
  /** Stable name of the failure, e.g. "BAD_POINTER". */
  readonly code: RvfErrorCode;
  /** The ABI number: what the module returned, or ERROR_CODES[code] for failures detected in JS. */
  readonly status: number;
}

/** What init() loads rvf.wasm from. A string is an absolute URL, or a file path (Deno, Node) / page-relative URL. */
export type InitInput = URL | string | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * The module's C-style ABI (docs/ABI.md): i32/f32 only; a result >= 0 is success, a negative one an ERROR_CODES
 * number; pointers come from rvf_alloc; outputs are written through the out pointers, which come last.
 * Distances are the store's (smaller is nearer): l2 = squared Euclidean, dot = -(a.b), cosine = 1 - cos.
 * Metric codes: 0 l2, 1 dot, 2 cosine.
 */
export interface RvfExports {
  /** An 8-byte aligned block of `size` (> 0) bytes, or a negative code. */
  rvf_alloc(size: number): number;
  /** Frees a block rvf_alloc returned: 0, or BAD_POINTER for anything else. */
  rvf_free(ptr: number): number;
  /** Length in bytes of the last error message; copies it (UTF-8) to bufPtr when it fits in bufLen. */
  rvf_last_error(bufPtr: number, bufLen: number): number;
  /** -(a.b) of two f32 vectors as one f32 at outPtr; 0 or a negative code. */
  tile_dot_f32(aPtr: number, bPtr: number, dim: number, outPtr: number): number;
  /** 1 - cos(a, b) (1 when |a||b| < 2^-23) as one f32 at outPtr; 0 or a negative code. */
  tile_cosine_f32(aPtr: number, bPtr: number, dim: number, outPtr: number): number;
  /** Squared Euclidean distance as one f32 at outPtr; 0 or a negative code. */
  tile_l2_f32(aPtr: number, bPtr: number, dim: number, outPtr: number): number;
  /** tile_dot_f32 of an f32 query and `dim` IEEE half bit patterns (u16). */
  tile_dot_f16(queryPtr: number, vecPtr: number, dim: number, outPtr: number): number;
  /** tile_cosine_f32 of an f32 query and `dim` IEEE half bit patterns (u16). */
  tile_cosine_f16(queryPtr: number, vecPtr: number, dim: number, outPtr: number): number;
  /** tile_l2_f32 of an f32 query and `dim` IEEE half bit patterns (u16). */
  tile_l2_f16(queryPtr: number, vecPtr: number, dim: number, outPtr: number): number;
  /** `count` f32 distances of a query to `count` row-major vectors; returns count or a negative code. */
  tile_batch_distance(metric: number, queryPtr: number, tilePtr: number, count: number, dim: number,
    outPtr: number): number;
  /** The min(k, count) smallest distances as i32 indexes and f32 distances, nearest first; returns how many. */
  tile_topk(distPtr: number, count: number, k: number, outIdxPtr: number, outDistPtr: number): number;
  /** Distances and top-k over the vectors whose bit is set in the mask (LSB first); returns how many. */
  tile_scan_filtered(metric: number, queryPtr: number, tilePtr: number, count: number, dim: number, maskPtr: number,
    k: number, outIdxPtr: number, outDistPtr: number): number;
  /** Merges two sorted (u64 id, f32 distance) lists into the k best; returns min(k, aCount + bCount). */
  tile_merge_topk(aIdsPtr: number, aDistPtr: number, aCount: number, bIdsPtr: number, bDistPtr: number,
    bCount: number, k: number, outIdsPtr: number, outDistPtr: number): number;
  /** Trains SQ8 over `count` vectors: writes dim f32 min, dim f32 scale, count*dim u8 codes; returns count. */
  tile_quantize_sq8(vectorsPtr: number, count: number, dim: number, outMinPtr: number, outScalePtr: number,
    outCodesPtr: number): number;
  /** Reconstructs `count` vectors as min + code * scale; returns count. */
  tile_dequantize_sq8(codesPtr: number, count: number, dim: number, minPtr: number, scalePtr: number,
    outPtr: number): number;
  /** acc[i] += weight * vec[i] in f32; 0 or a negative code. */
  tile_accumulate(accPtr: number, vecPtr: number, dim: number, weight: number): number;
  /** Stages a store's vectors: not available until the control plane exists (returns BAD_HANDLE). */
  tile_prefetch(handle: number, firstOrdinal: number, count: number, outPtr: number, idsPtr: number): number;
  /** Decodes a 64-byte segment header into the 80-byte header struct; returns 64. */
  parse_segment_header(ptr: number, len: number, outPtr: number): number;
  /** Decodes a dialect-R VEC payload header into the 24-byte VEC struct; returns 6. */
  parse_vec_header(ptr: number, len: number, outPtr: number): number;
  /**
   * Decodes a manifest (mode 0: a whole file, found by tail discovery; 1: a MANIFEST payload) into the 136-byte
   * summary and up to dirCapacity 32-byte directory entries; returns the number of entries written.
   */
  parse_manifest(ptr: number, len: number, mode: number, outPtr: number, dirPtr: number,
    dirCapacity: number): number;
}

/** Raw access to the loaded module. Views on memory.buffer are detached whenever a call grows the memory. */
export interface RvfInstance {
  readonly exports: Readonly<RvfExports>;
  readonly memory: WebAssembly.Memory;
}

/**
 * Loads rvf.wasm (default: rvf.wasm next to rvf.js) once; later calls resolve to the same instance whatever
 * they pass. In Cloudflare Workers pass the imported WebAssembly.Module. Rejects with RvfError: UNSUPPORTED
 * (engine without Wasm GC, or a module needing imports this rvf.js lacks), NOT_FOUND (the file or URL could not
 * be read), INVALID_ARGUMENT (not rvf.wasm, or an input of another type).
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<RvfInstance>;

/** @internal A buffer argument for RvfRuntime.call, made by _internal.input / _internal.output. */
export interface RvfBufferArg {
  readonly byteLength: number;
}

type TypedArrayType<T> = { new (buffer: ArrayBuffer): T; readonly BYTES_PER_ELEMENT: number };

/** @internal One instance with its memory views and the call helper. Not public API. */
export interface RvfRuntime {
  readonly memory: WebAssembly.Memory;
  readonly exports: Readonly<RvfExports>;
  readonly instance: RvfInstance;
  readonly compiledBy: "module" | "bytes" | "streaming";
  readonly stringBuiltins: boolean;
  readonly resizes: number;
  /** A view of the whole memory, re-created after growth. */
  view<T>(type: TypedArrayType<T>): T;
  readonly u8: Uint8Array;
  lastErrorMessage(): string;
  errorFor(status: number): RvfError;
  alloc(size: number): number;
  /** Calls an export; buffer arguments become pointers to fresh blocks, all freed afterwards. */
  call(name: string, ...args: Array<number | RvfBufferArg>): { status: number; outputs: ArrayBufferView[] };
}

/** @internal Building blocks of the store API, exported for this package's tests. May change in any release. */
export declare const _internal: {
  load(input?: InitInput | Promise<InitInput>): Promise<RvfRuntime>;
  runtime(): RvfRuntime | null;
  input(data: ArrayBufferView | ArrayBuffer): RvfBufferArg;
  output(type: TypedArrayType<ArrayBufferView>, length: number): RvfBufferArg;
  /** FilterCodec bytes of a filter (object or JSON text). */
  encodeFilter(filter: RvfFilter | string): Uint8Array;
  /** `u32 rowCount` + MetadataCodec rows, one per vector. */
  encodeMetadata(rows: ReadonlyArray<RvfMetadata | null | undefined>, count: number): Uint8Array;
  /** One MetadataCodec row. */
  decodeRow(bytes: Uint8Array): RvfMetadata;
};

// ---------------------------------------------------------------------------------------------------------------
// The store API (RvfStore) over the control-plane exports (docs/ABI.md, control plane)

/**
 * The control-plane exports. Declared apart and merged into RvfExports by TypeScript (same name, same module):
 * signatures, struct layouts and error codes are in docs/ABI.md.
 */
export interface RvfExports {
  /** A new empty store: metric 0 l2, 1 dotproduct, 2 cosine; optsPtr 0 (optsLen 0) or a 24-byte options struct. */
  rvf_create(dim: number, metric: number, optsPtr: number, optsLen: number): number;
  /** A store from .rvf bytes (copied); flags bit0 read-only. Returns the handle. */
  rvf_open(bytesPtr: number, bytesLen: number, flags: number): number;
  rvf_close(handle: number): number;
  /** f32 vectors (count x dim), u64 ids, optional metadata rows; writes {u32 accepted, u32 rejected, u64 epoch}. */
  rvf_ingest(handle: number, vectorsPtr: number, count: number, idsPtr: number, metaPtr: number, metaLen: number,
    outPtr: number): number;
  /** Writes up to outCap 16-byte records {u64 id, f32 distance, u32 0}; returns the number of hits. */
  rvf_query(handle: number, queryPtr: number, dim: number, k: number, efSearch: number, flags: number,
    filterPtr: number, filterLen: number, outPtr: number, outCap: number): number;
  /** Writes {u32 deleted, u32 0, u64 epoch}; returns deleted. */
  rvf_delete(handle: number, idsPtr: number, count: number, outPtr: number): number;
  /** Deletes the live vectors whose metadata matches the filter (FilterCodec bytes); as rvf_delete. */
  rvf_delete_by_filter(handle: number, filterPtr: number, filterLen: number, outPtr: number): number;
  /** Writes the 96-byte status struct. */
  rvf_status(handle: number, outPtr: number): number;
  /** Writes {u32 segmentsCompacted, u32 0, u64 bytesReclaimed, u64 epoch}; returns segmentsCompacted. */
  rvf_compact(handle: number, outPtr: number): number;
  /** A new empty child store; returns its handle. */
  rvf_derive(handle: number, derivationType: number): number;
  /** 32-byte segment records; outCap 0 returns the count only. */
  rvf_segments(handle: number, outPtr: number, outCap: number): number;
  /** The file in a new block: {u32 ptr, u32 len} at outSlotPtr (free ptr with rvf_free); returns len. */
  rvf_export(handle: number, outSlotPtr: number): number;
  /** Returns the KERNEL segment's id (0 when it does not fit in an i32). */
  rvf_embed_kernel(handle: number, arch: number, kernelType: number, flags: number, imagePtr: number,
    imageLen: number, apiPort: number, cmdlinePtr: number, cmdlineLen: number): number;
  /** 128-byte header + image (+ cmdline) in a new block, as rvf_export; 0 when there is none. */
  rvf_extract_kernel(handle: number, outSlotPtr: number): number;
  /** Returns the EBPF segment's id (0 when it does not fit in an i32). */
  rvf_embed_ebpf(handle: number, programType: number, attachType: number, maxDimension: number,
    programPtr: number, programLen: number, btfPtr: number, btfLen: number): number;
  /** 64-byte header + program + BTF in a new block, as rvf_export; 0 when there is none. */
  rvf_extract_ebpf(handle: number, outSlotPtr: number): number;
  /** Writes {fileId[16], parentId[16], parentHash[32], u32 depth, u32 0}. */
  rvf_lineage(handle: number, outPtr: number): number;
  /** Writes {u32 valid, u32 entries, u32 geneses, i32 brokenIndex, u64 brokenOffset}. */
  rvf_verify_witness(handle: number, outPtr: number): number;
  /** The row of the live id (u64 at idPtr) in a new block, as rvf_export; 0 when the id is not live. */
  rvf_metadata_get(handle: number, idPtr: number, outSlotPtr: number): number;
  /** Writes the live vector (u64 id at idPtr) as dim f32 to outPtr and returns 1; 0 when the id is not live. */
  rvf_vector(handle: number, idPtr: number, outPtr: number): number;
  /** Diagnostics: live blocks (rvf_alloc'd or handed out, not yet freed). */
  rvf_debug_live_blocks(): number;
  /** Diagnostics: open stores. */
  rvf_debug_open_stores(): number;
}

/** A vector id: a u64, as a number (up to 2^53 - 1) or a bigint. Results use a number whenever it is exact. */
export type RvfId = number | bigint;

/** Distance metric names; "euclidean", "dot", "inner_product" and "ip" are accepted as aliases. */
export type RvfMetric = "l2" | "dotproduct" | "cosine";
export type RvfMetricInput = RvfMetric | "euclidean" | "dot" | "inner_product" | "ip";

/** A metadata value: a string, a number (f64) or a boolean. */
export type RvfMetadataValue = string | number | boolean;

/** The metadata of one vector: field name -> value (null/undefined fields are left out). */
export type RvfMetadata = { [field: string]: RvfMetadataValue };

/** A filter field: by name, or by the reference's numeric fieldId (used as the name "0", "1", ...). */
type RvfFilterField = { field: string; fieldId?: never } | { fieldId: number | string; field?: never };

/** The reference SDK's typed form: values given as strings and converted by valueType. */
export type RvfFilterValueType = "string" | "bool" | "boolean" | "u64" | "i64" | "f64" | "number";

export type RvfFilterComparison = RvfFilterField & {
  op: "eq" | "ne" | "lt" | "le" | "gt" | "ge";
  value: RvfMetadataValue;
  valueType?: RvfFilterValueType;
};
export type RvfFilterIn = RvfFilterField & {
  op: "in";
  values: RvfMetadataValue[];
  valueType?: RvfFilterValueType;
};
/** Half-open: low <= value < high. */
export type RvfFilterRange = RvfFilterField & {
  op: "range";
  low: RvfMetadataValue;
  high: RvfMetadataValue;
  valueType?: RvfFilterValueType;
};
/** `children` is the reference SDK's name for `exprs`. */
export type RvfFilterLogical =
  | { op: "and" | "or"; exprs: RvfFilter[] }
  | { op: "and" | "or"; children: RvfFilter[] };
/** `child` is the reference SDK's name for `expr`. */
export type RvfFilterNot = { op: "not"; expr: RvfFilter } | { op: "not"; child: RvfFilter };

/**
 * A metadata filter. A vector without the field matches no comparison, "in" or "range" (not even "ne"); "not"
 * inverts. Values compare by kind: the string "1" does not equal the number 1.
 */
export type RvfFilter = RvfFilterComparison | RvfFilterIn | RvfFilterRange | RvfFilterLogical | RvfFilterNot;

export interface RvfStoreOptions {
  /** HNSW links per node (0 or absent: default). */
  m?: number;
  /** HNSW build beam width (0 or absent: default). */
  efConstruction?: number;
  /** Default query beam width (0 or absent: default). */
  efSearch?: number;
  /** Graph traversal on SQ8 codes with exact re-ranking. */
  sq8?: boolean;
  /** Hardware profile byte of the file (0..255). */
  profile?: number;
}

export interface RvfOpenOptions {
  /** Reject every mutation with READ_ONLY; export() returns the bytes as opened. */
  readOnly?: boolean;
}

export interface RvfQueryOptions {
  /** HNSW beam width for this query (0 or absent: the store's default). */
  efSearch?: number;
  /** Brute force over every live vector. */
  exact?: boolean;
  /** Only vectors whose metadata matches (an object, or the reference SDK's JSON text). */
  filter?: RvfFilter | string | null;
}

export interface RvfSearchResult {
  id: RvfId;
  /** Smaller is nearer: squared L2, 1 - cosine, or -(a.b). */
  distance: number;
}

export interface RvfIngestResult {
  accepted: number;
  /** Always 0: a batch is accepted whole or throws. */
  rejected: number;
  epoch: number;
}

export interface RvfDeleteResult {
  /** Live ids really removed. */
  deleted: number;
  epoch: number;
}

export interface RvfCompactionResult {
  /** Deleted vectors dropped (the reference's meaning). */
  segmentsCompacted: number;
  bytesReclaimed: number;
  epoch: number;
}

export interface RvfIndexStatus {
  kind: "hnsw";
  state: "empty" | "pending" | "built" | "loaded" | "unknown";
  nodes: number;
  loadedNodes: number;
  /** Records not in the graph yet (all of them while state is "pending"). */
  pendingRecords: number;
  m: number;
  efConstruction: number;
  efSearch: number;
  sq8: boolean;
  /** The file already holds an INDEX segment for exactly this graph. */
  persisted: boolean;
}

export interface RvfStatus {
  /** Live vectors. */
  totalVectors: number;
  dimension: number;
  metric: RvfMetric;
  epoch: number;
  /** Same as epoch (the reference SDK's name). */
  currentEpoch: number;
  totalSegments: number;
  fileSizeBytes: number;
  /** Same as fileSizeBytes (the reference SDK's name). */
  fileSize: number;
  deletedVectors: number;
  deadSpaceRatio: number;
  readOnly: boolean;
  profileId: number;
  /** Vector records held in memory (live, deleted and superseded ones, until compact()). */
  storedRecords: number;
  index: RvfIndexStatus;
}

export type RvfSegmentType =
  | "invalid" | "vec" | "index" | "overlay" | "journal" | "manifest" | "quant" | "meta" | "hot" | "sketch"
  | "witness" | "profile" | "crypto" | "meta_idx" | "kernel" | "ebpf" | "cow_map" | "membership"
  | `unknown(0x${string})`;

export interface RvfSegmentInfo {
  id: number;
  offset: number;
  payloadLength: number;
  segType: RvfSegmentType;
  hashStatus: "ok" | "mismatch" | "unset";
  /** hashStatus is not "mismatch" (an unset hash is accepted, as by the reference). */
  hashOk: boolean;
}

export interface RvfKernelData {
  /** The 128-byte kernel header. */
  header: Uint8Array;
  /** The image followed by the cmdline. */
  image: Uint8Array;
}

export interface RvfEbpfData {
  /** The 64-byte eBPF header. */
  header: Uint8Array;
  /** The program followed by the BTF. */
  payload: Uint8Array;
}

export interface RvfWitnessResult {
  valid: boolean;
  entries: number;
  geneses: number;
  /** Which entry broke the chain, when not valid. */
  error?: string;
}

export type RvfDerivationType =
  | "clone" | "filter" | "merge" | "quantize" | "reindex" | "transform" | "snapshot" | "user_defined" | number;

/**
 * One vector store inside rvf.wasm. Create with RvfStore.create() or RvfStore.open() after `await init()`; every
 * method is synchronous and throws RvfError on failure. close() (or `using`) releases it; later calls throw CLOSED.
 */
export declare class RvfStore implements Disposable {
  private constructor();
  /** A new empty store. */
  static create(dimension: number, metric?: RvfMetricInput, options?: RvfStoreOptions): RvfStore;
  /** A store from the bytes of a .rvf file (any file the reference writes). */
  static open(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options?: RvfOpenOptions): RvfStore;
  /**
   * A store from a .rvf file that arrives as a stream (fetch() Response, Blob/File, ReadableStream of Uint8Array):
   * each chunk goes straight into the module's memory, where the store keeps the file, so JS never holds all of it.
   * `length` sizes the first block (default: Content-Length or Blob size). A non-.rvf stream is refused
   * (NO_MANIFEST) only at its end; a chunk that is not a Uint8Array is INVALID_ARGUMENT.
   */
  static openStream(source: Response | Blob | ReadableStream<Uint8Array>,
    options?: RvfOpenOptions & { length?: number }): Promise<RvfStore>;
  readonly dimension: number;
  readonly metric: RvfMetric;
  readonly closed: boolean;
  /**
   * Adds vectors: a flat Float32Array (count x dimension), a number array, or an array of vectors. A re-used id
   * replaces the stored vector and its metadata. `metadata`: one entry per vector (null for none).
   */
  ingest(vectors: Float32Array | ArrayLike<number> | ReadonlyArray<ArrayLike<number>>,
    ids: RvfId | ReadonlyArray<RvfId> | BigUint64Array,
    metadata?: ReadonlyArray<RvfMetadata | null | undefined> | null): RvfIngestResult;
  /** The k nearest live vectors, nearest first (equal distances by ascending id). */
  query(vector: Float32Array | ArrayLike<number>, k: number, options?: RvfQueryOptions): RvfSearchResult[];
  delete(ids: RvfId | ReadonlyArray<RvfId> | BigUint64Array): RvfDeleteResult;
  deleteByFilter(filter: RvfFilter | string): RvfDeleteResult;
  compact(): RvfCompactionResult;
  status(): RvfStatus;
  segments(): RvfSegmentInfo[];
  /** The store as the bytes of a .rvf file, which the reference implementation opens. */
  export(): Uint8Array;
  derive(derivationType?: RvfDerivationType): RvfStore;
  /** 32 hex digits. */
  fileId(): string;
  /** 32 hex digits, all zero for a root. */
  parentId(): string;
  lineageDepth(): number;
  /** Returns the KERNEL segment id. */
  embedKernel(arch: number, kernelType: number, flags: number, image: Uint8Array | ArrayBuffer | string,
    apiPort?: number, cmdline?: string | Uint8Array | null): number;
  extractKernel(): RvfKernelData | null;
  /** Returns the EBPF segment id. */
  embedEbpf(programType: number, attachType: number, maxDimension: number, bytecode: Uint8Array | ArrayBuffer,
    btf?: Uint8Array | ArrayBuffer | null): number;
  extractEbpf(): RvfEbpfData | null;
  verifyWitness(): RvfWitnessResult;
  /** The metadata of a live id ({} when it has none), or null when the id is not live. */
  metadata(id: RvfId): RvfMetadata | null;
  /** A copy of the live vector `id`, or null when the id is not live. */
  vector(id: RvfId): Float32Array | null;
  /** Every live vector in ascending id order; `ids[i]` owns `vectors[i * dimension .. (i + 1) * dimension)`. */
  vectors(): RvfVectors;
  /** Saves the store's file under `name` (OPFS, else IndexedDB, in browsers; a file path in Deno and Node). */
  save(name: string, options?: RvfStorageOptions): Promise<void>;
  /** Opens a store saved with save(); RvfError NOT_FOUND when there is none. */
  static load(name: string, options?: RvfOpenOptions & RvfStorageOptions): Promise<RvfStore>;
  /** Deletes a saved store; resolves to whether there was one. */
  static removeSaved(name: string, options?: RvfStorageOptions): Promise<boolean>;
  /**
   * The stores saved in a directory (OPFS directory; file-system directory in Deno and Node; key prefix "dir/" in
   * IndexedDB; default: the top level), newest first. Temporaries and ".idmap.json" files are not listed.
   */
  static listSaved(options?: RvfListSavedOptions): Promise<RvfSavedStore[]>;
  /** Releases the store; closing twice is harmless. */
  close(): void;
  [Symbol.dispose](): void;
}

/** Live vectors of a store, ascending by id. */
export interface RvfVectors {
  ids: RvfId[];
  vectors: Float32Array;
}

/** Where saved stores live: "file" (Deno, Node), "opfs" or "indexeddb" (browsers); default: the best present. */
export type RvfStorageKind = "file" | "opfs" | "indexeddb";

export interface RvfStorageOptions {
  storage?: RvfStorageKind;
}

export interface RvfListSavedOptions extends RvfStorageOptions {
  /** "dir/sub" (OPFS, IndexedDB) or a path (Deno, Node); default "": the top level. */
  directory?: string;
}

/** A saved `.rvf` file found by RvfStore.listSaved(). */
export interface RvfSavedStore {
  /** The name within the directory: load `${directory}/${name}`. */
  name: string;
  /** Bytes. */
  size: number;
  /** Milliseconds since 1970, as File.lastModified. */
  lastModified: number;
}

// ---------------------------------------------------------------------------------------------------------------
// RvfDatabase: the async API of the reference SDK @ruvector/rvf 0.2.3 (string ids, files kept in storage)

/** The reference SDK's RvfOptions. `compression` and `signing` are accepted and ignored. */
export interface RvfDatabaseOptions {
  /** Vector dimension (1..65535). */
  dimensions: number;
  /** @deprecated the SDK's alias of `dimensions`. */
  dimension?: number;
  metric?: RvfMetric;
  profile?: number;
  compression?: "none" | "scalar" | "product";
  signing?: boolean;
  /** Default 16, as in the SDK. */
  m?: number;
  /** Default 200, as in the SDK. */
  efConstruction?: number;
}

/** The SDK's BackendType (every one runs on rvf.wasm here), or a storage choice. */
export type RvfDatabaseBackend = "auto" | "node" | "wasm" | RvfStorageOptions;

export interface RvfIngestEntry {
  id: string;
  vector: Float32Array | number[];
  /** Kept with the vector (the SDK drops it over the native binding); a filter's fieldId n names field "n". */
  metadata?: RvfMetadata;
}

export interface RvfDatabaseQueryOptions {
  efSearch?: number;
  filter?: RvfFilter | string;
  /** Accepted for the SDK's signature; queries are not interrupted. */
  timeoutMs?: number;
}

export interface RvfDatabaseSearchResult {
  id: string;
  distance: number;
}

/** The SDK's RvfStatus. */
export interface RvfDatabaseStatus {
  totalVectors: number;
  totalSegments: number;
  fileSizeBytes: number;
  epoch: number;
  profileId: number;
  compactionState: "idle" | "running" | "emergency";
  deadSpaceRatio: number;
  readOnly: boolean;
}

/**
 * A .rvf file in storage with the reference SDK's async API. Every mutating call writes the file (and its id map
 * `<path>.idmap.json`, the SDK's sidecar) before it resolves.
 */
export declare class RvfDatabase {
  private constructor();
  /** Refuses (INVALID_ARGUMENT) a path where a file exists, as the reference does. */
  static create(path: string, options: RvfDatabaseOptions, backend?: RvfDatabaseBackend): Promise<RvfDatabase>;
  static open(path: string, backend?: RvfDatabaseBackend): Promise<RvfDatabase>;
  /** Every mutating call then rejects with RvfError READ_ONLY. */
  static openReadonly(path: string, backend?: RvfDatabaseBackend): Promise<RvfDatabase>;
  ingestBatch(entries: RvfIngestEntry[]): Promise<RvfIngestResult>;
  delete(ids: string[]): Promise<RvfDeleteResult>;
  deleteByFilter(filter: RvfFilter | string): Promise<RvfDeleteResult>;
  query(vector: Float32Array | number[], k: number, options?: RvfDatabaseQueryOptions)
    : Promise<RvfDatabaseSearchResult[]>;
  compact(): Promise<RvfCompactionResult>;
  status(): Promise<RvfDatabaseStatus>;
  fileId(): Promise<string>;
  parentId(): Promise<string>;
  lineageDepth(): Promise<number>;
  /** A new empty child at `childPath`; `options` is accepted for the SDK's signature. */
  derive(childPath: string, options?: Partial<RvfDatabaseOptions>): Promise<RvfDatabase>;
  embedKernel(arch: number, kernelType: number, flags: number, image: Uint8Array, apiPort: number,
    cmdline?: string): Promise<number>;
  extractKernel(): Promise<RvfKernelData | null>;
  embedEbpf(programType: number, attachType: number, maxDimension: number, bytecode: Uint8Array,
    btf?: Uint8Array): Promise<number>;
  extractEbpf(): Promise<RvfEbpfData | null>;
  segments(): Promise<RvfSegmentInfo[]>;
  dimension(): Promise<number>;
  close(): Promise<void>;
  get isClosed(): boolean;
  /** The RvfStore underneath; changes made through it reach storage with the database's next mutating call. */
  get store(): RvfStore;
}
