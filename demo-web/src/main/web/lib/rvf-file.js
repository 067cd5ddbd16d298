// The live vectors of a .rvf file held in memory. RvfStore answers queries but does not hand vectors back, and the
// page needs them (PCA map, "query with a stored vector", clones). The module finds the latest manifest exactly as
// the reference does (parse_manifest, raw ABI: tail discovery) and lists its directory; this file reads the
// records of the VEC segments it lists (later records of an id replace earlier ones) and drops the ids the
// manifest lists as deleted (rvf-format.md §5.3, §6, §8.1).
import { ERROR_CODES, RvfError } from "../rvf.js";

const SUMMARY_BYTES = 136;
const ENTRY_BYTES = 32;
const HEADER_BYTES = 64;
const SEG_VEC = 1;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const CODE_NAMES = new Map(Object.entries(ERROR_CODES).map(([name, status]) => [status, name]));

/**
 * @param {{exports: object, memory: WebAssembly.Memory}} instance what init() resolved to
 * @param {Uint8Array} bytes a whole dialect-R .rvf file
 * @returns {{dimension: number, ids: Array<number|bigint>, vectors: Float32Array, deleted: number}}
 *   live vectors in load order, `vectors` row-major (ids.length x dimension)
 */
export function readLiveVectors(instance, bytes) {
  const { directory, manifestOffset, manifestLength, segmentCount, dimension } = readManifest(instance, bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // Deleted ids follow the directory in the manifest payload: u32 count, u64 ids.
  const payload = manifestOffset + HEADER_BYTES;
  const deletedAt = payload + 22 + 25 * segmentCount;
  const deleted = new Set();
  if (deletedAt + 4 <= payload + manifestLength) {
    const count = view.getUint32(deletedAt, true);
    const end = Math.min(deletedAt + 4 + 8 * count, payload + manifestLength);
    for (let at = deletedAt + 4; at + 8 <= end; at += 8) {
      deleted.add(idOf(view.getBigUint64(at, true)));
    }
  }

  // id -> [record offset] of its latest record, in first-seen order (Map keeps insertion order).
  const latest = new Map();
  for (const entry of directory) {
    if (entry.type !== SEG_VEC) {
      continue;
    }
    const at = entry.offset + HEADER_BYTES;
    if (at + 6 > bytes.length || at + entry.payloadLength > bytes.length) {
      throw new RvfError("TRUNCATED", `the VEC segment at offset ${entry.offset} runs past the end of the file`);
    }
    const dim = view.getUint16(at, true);
    const count = view.getUint32(at + 2, true);
    const recordBytes = 8 + 4 * dim;
    if (dim !== dimension && count > 0) {
      throw new RvfError("BAD_PAYLOAD", `the VEC segment at offset ${entry.offset} has dimension ${dim}, the `
        + `manifest ${dimension}`);
    }
    if (6 + count * recordBytes > entry.payloadLength) {
      throw new RvfError("BAD_PAYLOAD", `the VEC segment at offset ${entry.offset} holds fewer records than it `
        + "claims");
    }
    for (let r = 0, rec = at + 6; r < count; r++, rec += recordBytes) {
      const id = idOf(view.getBigUint64(rec, true));
      latest.delete(id); // a re-used id moves to where its latest record is
      latest.set(id, rec);
    }
  }

  const ids = [];
  for (const id of latest.keys()) {
    if (!deleted.has(id)) {
      ids.push(id);
    }
  }
  const vectors = new Float32Array(ids.length * dimension);
  ids.forEach((id, i) => {
    const rec = latest.get(id) + 8;
    for (let d = 0; d < dimension; d++) {
      vectors[i * dimension + d] = view.getFloat32(rec + 4 * d, true);
    }
  });
  return { dimension, ids, vectors, deleted: deleted.size };
}

/** parse_manifest(mode 0) over the file: the summary and every directory entry of the latest manifest. */
function readManifest(instance, bytes) {
  const x = instance.exports;
  const blocks = [];
  const alloc = (size) => {
    const ptr = x.rvf_alloc(Math.max(1, size));
    if (ptr < 0) {
      throw failure(x, instance.memory, ptr);
    }
    blocks.push(ptr);
    return ptr;
  };
  try {
    const file = alloc(bytes.length);
    const summary = alloc(SUMMARY_BYTES);
    new Uint8Array(instance.memory.buffer).set(bytes, file);
    let status = x.parse_manifest(file, bytes.length, 0, summary, 0, 0);
    if (status < 0) {
      throw failure(x, instance.memory, status);
    }
    const segmentCount = new DataView(instance.memory.buffer).getUint32(summary + 16, true);
    const dir = alloc(segmentCount * ENTRY_BYTES);
    if (segmentCount > 0) {
      status = x.parse_manifest(file, bytes.length, 0, summary, dir, segmentCount);
      if (status < 0) {
        throw failure(x, instance.memory, status);
      }
    }
    const v = new DataView(instance.memory.buffer); // after the last rvf_alloc: memory may have grown
    const directory = [];
    for (let i = 0; i < segmentCount; i++) {
      const at = dir + i * ENTRY_BYTES;
      directory.push({
        offset: Number(v.getBigUint64(at + 8, true)),
        payloadLength: Number(v.getBigUint64(at + 16, true)),
        type: v.getUint32(at + 24, true),
      });
    }
    return {
      dimension: v.getUint32(summary + 4, true),
      segmentCount,
      manifestOffset: Number(v.getBigUint64(summary + 48, true)),
      manifestLength: Number(v.getBigUint64(summary + 56, true)),
      directory,
    };
  } finally {
    blocks.forEach((ptr) => x.rvf_free(ptr));
  }
}

/** The RvfError for a negative status, with the module's last error message. */
function failure(x, memory, status) {
  let message = "";
  const length = x.rvf_last_error(0, 0);
  if (length > 0) {
    const ptr = x.rvf_alloc(length);
    if (ptr >= 0) {
      x.rvf_last_error(ptr, length);
      message = new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, length).slice());
      x.rvf_free(ptr);
    }
  }
  const error = new RvfError(CODE_NAMES.get(status) ?? "INTERNAL", message || `status ${status}`);
  error.status = status;
  return error;
}

function idOf(u64) {
  return u64 <= MAX_SAFE ? Number(u64) : u64;
}
