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
  tile_prefetch(handle: number, firstOrdinal: number, count: number, outPtr: number): number;
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
};
