// Misuse of the control plane under `deno test` and `node --test`: garbage to every export (raw: a negative status
// and a fresh message, never a trap or an exception), misuse of RvfStore (RvfError), corrupt files to rvf_open.
// A store created before the garbage must answer the same query the same way after it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import init, { _internal, ERROR_CODES, RvfError, RvfStore } from "../../../target/dist/rvf.js";
import { STORE_ARITY } from "./abi_checks.mjs";
import { expectRvfError } from "./rvf_assert.mjs";

const { exports: e, memory } = await init();
const C = ERROR_CODES;
const SAMPLES = new URL("../../../../../shared/samples/", import.meta.url);
const I32_MAX = 2 ** 31 - 1;
const I32_MIN = -(2 ** 31);
/** Format errors: reading bytes that are not a valid .rvf (-20 .. -49). */
const isFormatError = (status) => status <= -20 && status >= -49;

const u8 = () => new Uint8Array(memory.buffer);

/** Blocks of one test, freed at the end (a failed free is a finding). */
class Blocks {
  live = [];

  alloc(size) {
    const ptr = e.rvf_alloc(size);
    assert.ok(ptr > 0, `rvf_alloc(${size}) = ${ptr}`);
    this.live.push(ptr);
    return ptr;
  }

  put(view) {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const ptr = this.alloc(Math.max(1, bytes.length));
    u8().set(bytes, ptr);
    return ptr;
  }

  fill(ptr, length, value) {
    u8().fill(value, ptr, ptr + length);
  }

  unchanged(ptr, length, value, what) {
    assert.ok(u8().subarray(ptr, ptr + length).every((b) => b === value), `${what}: output written on failure`);
  }

  freeAll() {
    for (const ptr of this.live.splice(0)) {
      assert.equal(e.rvf_free(ptr), 0, `rvf_free(${ptr})`);
    }
  }
}

function lastError() {
  const length = e.rvf_last_error(0, 0);
  const ptr = e.rvf_alloc(Math.max(1, length));
  try {
    e.rvf_last_error(ptr, length);
    return new TextDecoder().decode(u8().slice(ptr, ptr + length));
  } finally {
    e.rvf_free(ptr);
  }
}

const SENTINEL = 424243;
const SENTINEL_MESSAGE = `pointer or length outside a live allocated block - rvf_free: ${SENTINEL} is not the start `
  + "of a live block";

/**
 * Calls an export: returns its status; it must not throw, and a failure must leave a message of its own. Nothing is
 * allocated between the arguments being made and the call (a freed pointer stays freed).
 */
function raw(name, args) {
  e.rvf_free(SENTINEL); // leaves a known message behind
  let status;
  try {
    status = e[name](...args);
  } catch (error) {
    assert.fail(`${name}(${args.join(", ")}) threw ${error?.stack ?? error}`);
  }
  assert.ok(Number.isInteger(status), `${name}: status ${status}`);
  if (status < 0) {
    assert.notEqual(lastError(), SENTINEL_MESSAGE, `${name}(${args.join(", ")}): no message of its own`);
  }
  return status;
}

function fails(name, args, code, messagePart = "") {
  const status = raw(name, args);
  const message = status < 0 ? lastError() : "";
  assert.equal(status, code, `${name}(${args.join(", ")}) -> ${status} "${message}"`);
  assert.ok(message.includes(messagePart), `${name}: "${message}" lacks "${messagePart}"`);
}

function lcg(seed) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

/** A store made before the garbage, and what it answered then. */
function witnessStore() {
  const next = lcg(99);
  const store = RvfStore.create(4, "l2", { m: 8 });
  store.ingest(Float32Array.from({ length: 200 }, () => next() * 2 - 1), Array.from({ length: 50 }, (_, i) => i + 1),
    Array.from({ length: 50 }, (_, i) => ({ i })));
  store.export(); // writes the INDEX and META segments now, so that later exports change nothing
  const query = Float32Array.of(0.1, -0.2, 0.3, 0.05);
  const answer = () => ({ hits: store.query(query, 7), exact: store.query(query, 7, { exact: true }),
    filtered: store.query(query, 3, { filter: { op: "lt", field: "i", value: 10 } }), status: store.status(),
    file: store.export() });
  return { store, before: answer(), answer };
}

function sameAsBefore({ store, before, answer }) {
  assert.deepEqual(answer(), before, "the store made before the garbage answers differently");
  store.close();
}

test("garbage to every control-plane export returns its error code, writes nothing and never traps", () => {
  const witness = witnessStore();
  const blocksAtStart = e.rvf_debug_live_blocks();
  const storesAtStart = e.rvf_debug_open_stores();
  const b = new Blocks();
  const h = e.rvf_create(4, 0, 0, 0);
  assert.ok(h > 0);
  const vec4 = b.put(Float32Array.of(1, 2, 3, 4));
  const three = b.put(Float32Array.of(0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0));
  const ids3 = b.put(BigUint64Array.of(1n, 2n, 3n));
  const out = b.alloc(256);
  const slot = b.alloc(8);
  assert.equal(e.rvf_ingest(h, three, 3, ids3, 0, 0, out), 3);
  const closed = e.rvf_create(4, 0, 0, 0);
  assert.equal(e.rvf_close(closed), 0);
  const filter = b.put(_internal.encodeFilter({ op: "eq", field: "x", value: 1 }));
  const filterLength = _internal.encodeFilter({ op: "eq", field: "x", value: 1 }).length;

  // unknown, closed and made-up handles
  const withHandle = (x) => [
    ["rvf_close", [x]], ["rvf_ingest", [x, vec4, 1, ids3, 0, 0, out]], ["rvf_query", [x, vec4, 4, 1, 0, 0, 0, 0, out, 4]],
    ["rvf_delete", [x, ids3, 1, out]], ["rvf_delete_by_filter", [x, filter, filterLength, out]],
    ["rvf_status", [x, out]], ["rvf_compact", [x, out]], ["rvf_derive", [x, 0]], ["rvf_segments", [x, 0, 0]],
    ["rvf_export", [x, slot]], ["rvf_embed_kernel", [x, 1, 1, 0, vec4, 16, 0, 0, 0]],
    ["rvf_extract_kernel", [x, slot]], ["rvf_embed_ebpf", [x, 1, 1, 1, vec4, 16, 0, 0]],
    ["rvf_extract_ebpf", [x, slot]], ["rvf_lineage", [x, out]], ["rvf_verify_witness", [x, out]],
    ["rvf_metadata_get", [x, ids3, slot]], ["rvf_vector", [x, ids3, out]],
  ];
  assert.equal(withHandle(0).length, Object.keys(STORE_ARITY).length - 4, "every export taking a handle");
  for (const bad of [0, -1, 999999, I32_MAX, I32_MIN, closed]) {
    b.fill(out, 256, 0xab);
    b.fill(slot, 8, 0xab);
    for (const [name, args] of withHandle(bad)) {
      fails(name, args, C.BAD_HANDLE, bad === closed ? "its store was closed" : `store handle ${bad}`);
    }
    b.unchanged(out, 256, 0xab, "bad handle");
    b.unchanged(slot, 8, 0xab, "bad handle");
  }

  // pointers: past the end of memory, negative, freed, null, inside a block but running past its end (every range
  // below is at least 8 bytes, and out + 250 leaves 6 of out's 256)
  const freed = () => {
    const ptr = e.rvf_alloc(96);
    e.rvf_free(ptr);
    return ptr;
  };
  const pointers = [() => memory.buffer.byteLength + 8, () => memory.buffer.byteLength - 4, () => I32_MAX - 7,
    () => -8, freed, () => 0, () => out + 250];
  for (const pointer of pointers) {
    const p = pointer();
    for (const [name, template] of [
      ["rvf_status", [h, p]], ["rvf_compact", [h, p]], ["rvf_lineage", [h, p]], ["rvf_verify_witness", [h, p]],
      ["rvf_export", [h, p]], ["rvf_extract_kernel", [h, p]], ["rvf_extract_ebpf", [h, p]],
      ["rvf_metadata_get", [h, ids3, p]], ["rvf_metadata_get", [h, p, slot]], ["rvf_segments", [h, p, 4]],
      ["rvf_vector", [h, ids3, p]], ["rvf_vector", [h, p, out]],
      ["rvf_query", [h, p, 4, 1, 0, 0, 0, 0, out, 4]], ["rvf_query", [h, vec4, 4, 1, 0, 0, 0, 0, p, 4]],
      ["rvf_query", [h, vec4, 4, 1, 0, 0, p, 8, out, 4]],
      ["rvf_ingest", [h, p, 1, ids3, 0, 0, out]], ["rvf_ingest", [h, vec4, 1, p, 0, 0, out]],
      ["rvf_ingest", [h, vec4, 1, ids3, 0, 0, p]], ["rvf_ingest", [h, vec4, 1, ids3, p, 10, out]],
      ["rvf_delete", [h, p, 1, out]], ["rvf_delete", [h, ids3, 1, p]],
      ["rvf_delete_by_filter", [h, p, 8, out]], ["rvf_delete_by_filter", [h, filter, filterLength, p]],
      ["rvf_embed_kernel", [h, 1, 1, 0, p, 16, 0, 0, 0]], ["rvf_embed_kernel", [h, 1, 1, 0, vec4, 16, 0, p, 8]],
      ["rvf_embed_ebpf", [h, 1, 1, 1, p, 16, 0, 0]], ["rvf_embed_ebpf", [h, 1, 1, 1, vec4, 16, p, 8]],
      ["rvf_open", [p, 100, 0]], ["rvf_create", [4, 0, p, 24]],
    ]) {
      const fresh = pointer(); // the same value, made again right before the call
      const args = template.map((a) => (a === p ? fresh : a));
      fails(name, args, C.BAD_POINTER, `[${fresh}, +`);
    }
  }

  // lengths and counts: negative, huge, overflowing
  const lengthCases = [
    ["rvf_ingest", [h, vec4, -1, ids3, 0, 0, out], C.INVALID_ARGUMENT, "count -1 is negative"],
    ["rvf_ingest", [h, vec4, 1, ids3, 0, -1, out], C.INVALID_ARGUMENT, "metaLen -1"],
    ["rvf_ingest", [h, vec4, I32_MAX, ids3, 0, 0, out], C.BAD_POINTER, "vectors"],
    ["rvf_ingest", [h, vec4, 2 ** 28, ids3, 0, 0, out], C.BAD_POINTER, "vectors"],
    ["rvf_ingest", [h, vec4, 1, ids3, vec4, I32_MAX, out], C.BAD_POINTER, "meta"],
    ["rvf_delete", [h, ids3, -5, out], C.INVALID_ARGUMENT, "count -5"],
    ["rvf_delete", [h, ids3, 2 ** 29, out], C.BAD_POINTER, "ids"],
    ["rvf_delete_by_filter", [h, filter, 0, out], C.INVALID_ARGUMENT, "filterLen 0"],
    ["rvf_delete_by_filter", [h, filter, -1, out], C.INVALID_ARGUMENT, "filterLen -1"],
    ["rvf_query", [h, vec4, 4, 1, 0, 0, filter, -1, out, 4], C.INVALID_ARGUMENT, "filterLen -1"],
    ["rvf_query", [h, vec4, 4, 1, 0, 0, 0, 0, out, -1], C.INVALID_ARGUMENT, "outCap -1"],
    ["rvf_query", [h, vec4, 4, 1, 0, 0, 0, 0, out, I32_MAX], C.BAD_POINTER, "out"],
    ["rvf_segments", [h, out, -1], C.INVALID_ARGUMENT, "outCap -1"],
    ["rvf_segments", [h, out, 2 ** 27], C.BAD_POINTER, "out"],
    ["rvf_open", [vec4, -1, 0], C.INVALID_ARGUMENT, "bytes length -1"],
    ["rvf_open", [vec4, I32_MAX, 0], C.BAD_POINTER, "bytes"],
    ["rvf_embed_kernel", [h, 1, 1, 0, vec4, -1, 0, 0, 0], C.INVALID_ARGUMENT, "imageLen -1"],
    ["rvf_embed_kernel", [h, 1, 1, 0, vec4, 16, 0, vec4, -1], C.INVALID_ARGUMENT, "cmdlineLen -1"],
    ["rvf_embed_kernel", [h, 1, 1, 0, vec4, I32_MAX, 0, 0, 0], C.BAD_POINTER, "image"],
    ["rvf_embed_ebpf", [h, 1, 1, 1, vec4, -1, 0, 0], C.INVALID_ARGUMENT, "programLen -1"],
    ["rvf_embed_ebpf", [h, 1, 1, 1, vec4, 16, vec4, -1], C.INVALID_ARGUMENT, "btfLen -1"],
    ["rvf_create", [4, 0, out, 8], C.INVALID_ARGUMENT, "optsLen 8"],
    ["rvf_create", [4, 0, out, -24], C.INVALID_ARGUMENT, "optsLen -24"],
  ];
  for (const [name, args, code, part] of lengthCases) {
    fails(name, args, code, part);
  }

  // k, dims, metrics, flags, types
  for (const k of [0, -1, I32_MIN]) {
    fails("rvf_query", [h, vec4, 4, k, 0, 0, 0, 0, out, 4], C.INVALID_ARGUMENT, `k ${k}`);
  }
  fails("rvf_query", [h, vec4, 3, 1, 0, 0, 0, 0, out, 4], C.DIMENSION_MISMATCH, "query has 3 dimensions, store has 4");
  fails("rvf_query", [h, vec4, 0, 1, 0, 0, 0, 0, out, 4], C.INVALID_ARGUMENT, "dim 0");
  fails("rvf_query", [h, vec4, -4, 1, 0, 0, 0, 0, out, 4], C.INVALID_ARGUMENT, "dim -4");
  fails("rvf_query", [h, vec4, 4, 1, -1, 0, 0, 0, out, 4], C.INVALID_ARGUMENT, "efSearch");
  fails("rvf_query", [h, vec4, 4, 1, 70000, 0, 0, 0, out, 4], C.INVALID_ARGUMENT, "efSearch");
  fails("rvf_query", [h, vec4, 4, 1, 0, 2, 0, 0, out, 4], C.INVALID_ARGUMENT, "unknown flags");
  b.fill(out, 256, 0xab);
  fails("rvf_query", [h, vec4, 4, 3, 0, 0, 0, 0, out, 2], C.BUFFER_TOO_SMALL, "3 hits do not fit in outCap 2");
  b.unchanged(out, 256, 0xab, "BUFFER_TOO_SMALL");
  assert.equal(raw("rvf_query", [h, vec4, 4, I32_MAX, 0, 1, 0, 0, out, 4]), 3, "a huge k means every vector");
  fails("rvf_segments", [h, out, 1], C.BUFFER_TOO_SMALL, "do not fit in outCap 1");
  for (const dim of [0, -1, 65536, I32_MAX]) {
    fails("rvf_create", [dim, 0, 0, 0], C.INVALID_ARGUMENT, "dimension must be 1..65535");
  }
  for (const metric of [3, -1, 255]) {
    fails("rvf_create", [4, metric, 0, 0], C.INVALID_ARGUMENT, `metric ${metric}`);
  }
  fails("rvf_open", [vec4, 16, 4], C.INVALID_ARGUMENT, "unknown flags 0x4");
  for (const type of [7, -1, 256]) {
    fails("rvf_derive", [h, type], C.INVALID_ARGUMENT, `derivation type ${type}`);
  }
  fails("rvf_embed_kernel", [h, 256, 1, 0, vec4, 16, 0, 0, 0], C.INVALID_ARGUMENT, "arch");
  fails("rvf_embed_kernel", [h, 1, -1, 0, vec4, 16, 0, 0, 0], C.INVALID_ARGUMENT, "kernelType");
  fails("rvf_embed_kernel", [h, 1, 1, 0, vec4, 16, 70000, 0, 0], C.INVALID_ARGUMENT, "apiPort");
  fails("rvf_embed_ebpf", [h, 300, 1, 1, vec4, 16, 0, 0], C.INVALID_ARGUMENT, "programType");
  fails("rvf_embed_ebpf", [h, 1, 1, 70000, vec4, 16, 0, 0], C.INVALID_ARGUMENT, "maxDimension");

  // the options struct of rvf_create
  const opts = (values) => b.put(Uint32Array.from(values));
  for (const [values, part] of [
    [[0, 0, 0, 2, 0, 0], "unknown option flags 0x2"], [[0, 0, 0, 0, 0, 1], "reserved field 1"],
    [[1, 0, 0, 0, 0, 0], "M must be"], [[0, 70000, 0, 0, 0, 0], "efConstruction"], [[0, 0, 2 ** 32 - 1, 0, 0, 0], "efSearch"],
    [[0, 0, 0, 0, 256, 0], "profile"],
  ]) {
    fails("rvf_create", [4, 0, opts(values), 24], C.INVALID_ARGUMENT, part);
  }

  // non-finite vectors and queries
  for (const bad of [NaN, Infinity, -Infinity]) {
    const v = b.put(Float32Array.of(1, bad, 3, 4));
    b.fill(out, 256, 0xab);
    fails("rvf_ingest", [h, v, 1, ids3, 0, 0, out], C.NON_FINITE, "contains NaN or infinity");
    fails("rvf_query", [h, v, 4, 1, 0, 0, 0, 0, out, 4], C.NON_FINITE, "query vector contains NaN or infinity");
    b.unchanged(out, 256, 0xab, "non-finite");
  }

  // metadata blobs for one vector
  const meta = (bytes) => b.put(Uint8Array.from(bytes));
  const row = (...fields) => [fields.length, 0, ...fields.flat()];
  const str = (s) => [s.length, 0, 0, 0, ...Array.from(s, (c) => c.charCodeAt(0))];
  const num = (x) => [2, ...new Uint8Array(Float64Array.of(x).buffer)];
  for (const [bytes, code, part] of [
    [[2, 0, 0, 0, ...row(), ...row()], C.INVALID_ARGUMENT, "metadata has 2 rows for 1 vectors"],
    [[1, 0, 0, 0, 1, 0], C.TRUNCATED, ""],
    [[1, 0, 0, 0, ...row(), 7], C.INVALID_ARGUMENT, "1 bytes after the metadata rows"],
    [[1, 0, 0, 0, ...row([...str("k"), 9, 0])], C.INVALID_ARGUMENT, "unknown value kind 9"],
    [[1, 0, 0, 0, ...row([...str("k"), ...num(NaN)])], C.INVALID_ARGUMENT, "NaN"],
    [[1, 0, 0, 0, ...row([...str(""), 3, 1])], C.INVALID_ARGUMENT, "empty metadata field name"],
    [[1, 0, 0, 0, ...row([...str("k"), 3, 1], [...str("k"), 3, 0])], C.INVALID_ARGUMENT, "given twice"],
    [[1, 0, 0, 0, 1, 0, 255, 255, 255, 255], C.TRUNCATED, ""],
    [[1, 0], C.TRUNCATED, ""],
  ]) {
    fails("rvf_ingest", [h, vec4, 1, ids3, meta(bytes), bytes.length, out], code, part);
  }

  // filter blobs
  const nested = [...new Array(100).fill(11), 1, ...str("x"), 3, 1];
  for (const [bytes, code, part] of [
    [[0], C.INVALID_ARGUMENT, "unknown filter op 0"], [[12], C.INVALID_ARGUMENT, "unknown filter op 12"],
    [[255, 1, 2], C.INVALID_ARGUMENT, "unknown filter op 255"], [[1, 5, 0, 0, 0, 120], C.TRUNCATED, ""],
    [nested, C.LIMIT_EXCEEDED, "filter nested deeper than 64"],
    [[1, ...str("x"), 3, 1, 0], C.INVALID_ARGUMENT, "1 bytes after the filter"],
    [[7, ...str("x"), 255, 255, 255, 255], C.INVALID_ARGUMENT, "\"in\" value count"],
    [[9, 255, 255, 255, 127], C.INVALID_ARGUMENT, "filter child count"],
    [[8, ...str("x"), 3, 1, 3, 0], C.INVALID_ARGUMENT, "bounds must both be numbers or both strings"],
  ]) {
    const f = meta(bytes);
    fails("rvf_query", [h, vec4, 4, 1, 0, 0, f, bytes.length, out, 4], code, part);
    fails("rvf_delete_by_filter", [h, f, bytes.length, out], code, part);
  }
  assert.ok(isFormatError(raw("rvf_open", [0, 0, 0])), "an empty file");
  assert.ok(isFormatError(raw("rvf_open", [vec4, 16, 0])), "16 bytes of floats");

  // a read-only store refuses mutations
  const fileSlot = b.alloc(8);
  assert.ok(e.rvf_export(h, fileSlot) > 0);
  const [filePtr, fileLen] = new Uint32Array(memory.buffer, fileSlot, 2);
  const ro = e.rvf_open(filePtr, fileLen, 1);
  assert.equal(e.rvf_free(filePtr), 0, "the exported block is freed with rvf_free");
  assert.equal(e.rvf_free(filePtr), C.BAD_POINTER, "once");
  assert.ok(ro > 0);
  for (const [name, args] of [
    ["rvf_ingest", [ro, vec4, 1, ids3, 0, 0, out]], ["rvf_delete", [ro, ids3, 1, out]],
    ["rvf_delete_by_filter", [ro, filter, filterLength, out]], ["rvf_compact", [ro, out]],
    ["rvf_embed_kernel", [ro, 1, 1, 0, vec4, 16, 0, 0, 0]], ["rvf_embed_ebpf", [ro, 1, 1, 1, vec4, 16, 0, 0]],
  ]) {
    fails(name, args, C.READ_ONLY, "read-only");
  }
  assert.equal(e.rvf_close(ro), 0);

  // adopting (flag 2): only a whole block from rvf_alloc; on failure the block stays the caller's, on success the
  // store owns it (rvf_free refuses it) and frees it on close
  const blocksBeforeAdopt = e.rvf_debug_live_blocks();
  assert.ok(e.rvf_export(h, fileSlot) > 0);
  const [adoptPtr, adoptLen] = new Uint32Array(memory.buffer, fileSlot, 2);
  fails("rvf_open", [adoptPtr + 8, adoptLen - 8, 2], C.BAD_POINTER, "adopting needs the start of a block");
  fails("rvf_open", [0, 0, 2], C.BAD_POINTER, "adopting needs the start of a block");
  assert.ok(isFormatError(raw("rvf_open", [vec4, 16, 2])), "16 bytes of floats, adopted");
  assert.equal(e.rvf_debug_live_blocks(), blocksBeforeAdopt + 1, "a failed adopt leaves the block to the caller");
  const adopted = e.rvf_open(adoptPtr, adoptLen, 2);
  assert.ok(adopted > 0);
  fails("rvf_free", [adoptPtr], C.BAD_POINTER, "not the start of a live block");
  fails("rvf_query", [adopted, adoptPtr, 4, 1, 0, 0, 0, 0, out, 4], C.BAD_POINTER, "");
  assert.equal(e.rvf_query(adopted, vec4, 4, 3, 0, 1, 0, 0, out, 4), 3, "the adopted store answers");
  assert.equal(e.rvf_debug_live_blocks(), blocksBeforeAdopt + 1, "its file counts as a live block");
  assert.equal(e.rvf_close(adopted), 0);
  assert.equal(e.rvf_debug_live_blocks(), blocksBeforeAdopt, "closing the store freed its file");

  // the victim still works and the store made before is untouched
  assert.equal(e.rvf_query(h, vec4, 4, 3, 0, 1, 0, 0, out, 4), 3);
  assert.equal(e.rvf_status(h, out), 0);
  assert.equal(new BigUint64Array(memory.buffer, out, 1)[0], 3n, "live vectors of the victim");
  assert.equal(e.rvf_close(h), 0);
  b.freeAll();
  assert.equal(e.rvf_debug_open_stores(), storesAtStart);
  assert.equal(e.rvf_debug_live_blocks(), blocksAtStart);
  sameAsBefore(witness);
});

test("random arguments to every control-plane export never trap or throw", () => {
  const witness = witnessStore();
  const storesAtStart = e.rvf_debug_open_stores();
  const blocksAtStart = e.rvf_debug_live_blocks();
  const b = new Blocks();
  const victim = e.rvf_create(3, 2, 0, 0);
  const closed = e.rvf_create(3, 0, 0, 0);
  e.rvf_close(closed);
  const data = b.put(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
  const ids = b.put(BigUint64Array.of(1n, 2n, 3n));
  assert.equal(e.rvf_ingest(victim, data, 3, ids, 0, 0, b.alloc(16)), 3);
  const out = b.alloc(512);
  const slot = b.alloc(8);
  const next = lcg(7);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const handles = [victim, closed, 0, -1, I32_MAX, I32_MIN, 1e9];
  const values = () => [0, 1, 2, 3, 4, 8, 16, 24, 96, -1, -4, I32_MAX, I32_MIN, data, ids, out, out + 4, out + 500,
    slot, slot + 4, memory.buffer.byteLength, Math.floor(next() * 2 ** 32) | 0, Math.floor(next() * 4096)];
  const handOut = { rvf_export: 1, rvf_extract_kernel: 1, rvf_extract_ebpf: 1, rvf_metadata_get: 2 };
  const made = { rvf_create: true, rvf_open: true, rvf_derive: true };
  let successes = 0;
  let failures = 0;
  for (const [name, arity] of Object.entries(STORE_ARITY)) {
    for (let i = 0; i < 300; i++) {
      const args = Array.from({ length: arity }, () => pick(values()));
      if (!(name in made && name !== "rvf_derive") && arity > 0) {
        args[0] = pick(handles); // never a store of another test
      }
      if (name === "rvf_close" && args[0] === victim) {
        args[0] = closed;
      }
      let status;
      try {
        status = e[name](...args);
      } catch (error) {
        assert.fail(`${name}(${args.join(", ")}) threw ${error?.stack ?? error}`);
      }
      assert.ok(Number.isInteger(status), `${name}(${args.join(", ")}) returned ${status}`);
      if (status < 0) {
        assert.ok(Object.values(C).includes(status) && status !== C.INTERNAL, `${name}(${args.join(", ")}) -> `
          + `${status} ${lastError()}`);
        failures++;
        continue;
      }
      successes++;
      if (name in made && status > 0) {
        assert.equal(e.rvf_close(status), 0, `${name} made ${status}`);
      }
      if (name in handOut && status > 0) {
        const ptr = new Uint32Array(memory.buffer.slice(args[handOut[name]], args[handOut[name]] + 4))[0];
        assert.equal(e.rvf_free(ptr), 0, `the block ${name} handed out`);
      }
    }
  }
  assert.ok(failures > successes, `${failures} failures, ${successes} successes`);
  e.rvf_close(victim);
  b.freeAll();
  assert.equal(e.rvf_debug_open_stores(), storesAtStart);
  assert.equal(e.rvf_debug_live_blocks(), blocksAtStart);
  sameAsBefore(witness);
});

test("RvfStore misuse throws RvfError with the right code", () => {
  const witness = witnessStore();
  const bad = (code, call, part) => assert.throws(call, expectRvfError(code, part));
  for (const dim of [0, 70000, 1.5, "4", -3]) {
    bad("INVALID_ARGUMENT", () => RvfStore.create(dim), "dimension");
  }
  bad("INVALID_ARGUMENT", () => RvfStore.create(4, "manhattan"), "unknown metric");
  bad("INVALID_ARGUMENT", () => RvfStore.create(4, "l2", { m: -1 }), "m must be");
  bad("INVALID_ARGUMENT", () => RvfStore.create(4, "l2", { m: 1.5 }), "m must be");
  bad("INVALID_ARGUMENT", () => RvfStore.create(4, "l2", { m: 1 }), "M must be in");
  bad("INVALID_ARGUMENT", () => RvfStore.create(4, "l2", { efSearch: 1e6 }), "efSearch");
  bad("TRUNCATED", () => RvfStore.open(new Uint8Array(0)), "empty");
  bad("INVALID_ARGUMENT", () => RvfStore.open(123), "bytes must be");
  assert.throws(() => RvfStore.open("not an rvf file"), (error) => error instanceof RvfError
    && isFormatError(error.status));

  using s = RvfStore.create(3, "cosine");
  s.ingest([[1, 0, 0], [0, 1, 0]], [1, 2], [{ a: 1 }, { a: 2 }]);
  bad("DIMENSION_MISMATCH", () => s.ingest([[1, 2]], [3]), "vector 0 has 2 dimensions");
  bad("DIMENSION_MISMATCH", () => s.ingest(new Float32Array(5), [3, 4]), "5 floats for 2 ids");
  bad("NON_FINITE", () => s.ingest([[1, NaN, 0]], [3]), "NaN or infinity");
  bad("NON_FINITE", () => s.ingest([[1, 0, -Infinity]], [3]), "NaN or infinity");
  bad("INVALID_ARGUMENT", () => s.ingest([[1, 0, 0]], [3], [{}, {}]), "one object per vector");
  bad("INVALID_ARGUMENT", () => s.ingest([[1, 0, 0]], [3], [{ a: { b: 1 } }]), "metadata value must be");
  bad("INVALID_ARGUMENT", () => s.ingest([[1, 0, 0]], [3], [{ a: NaN }]), "NaN is not a metadata value");
  bad("INVALID_ARGUMENT", () => s.ingest([[1, 0, 0]], ["3"]), "an id must be");
  for (const k of [0, -1, 1.5, NaN, "3", Infinity]) {
    bad("INVALID_ARGUMENT", () => s.query([1, 0, 0], k), "k must be");
  }
  bad("DIMENSION_MISMATCH", () => s.query([1, 0], 1), "query vector has 2 dimensions");
  bad("NON_FINITE", () => s.query([1, Infinity, 0], 1), "NaN or infinity");
  bad("INVALID_ARGUMENT", () => s.query([1, 0, 0], 1, { efSearch: -1 }), "efSearch");
  bad("INVALID_ARGUMENT", () => s.query([1, 0, 0], 1, { efSearch: 70000 }), "efSearch");
  bad("INVALID_ARGUMENT", () => s.query([1, 0, 0], 1, { filter: { op: "like", field: "a", value: 1 } }), "unknown op");
  bad("INVALID_ARGUMENT", () => s.query([1, 0, 0], 1, { filter: "{not json" }), "not valid JSON");
  bad("INVALID_ARGUMENT", () => s.query([1, 0, 0], 1, { filter: { op: "range", field: "a", low: 1, high: "z" } }),
    "bounds must both be numbers or both strings");
  let deep = { op: "eq", field: "a", value: 1 };
  for (let i = 0; i < 70; i++) {
    deep = { op: "not", expr: deep };
  }
  bad("LIMIT_EXCEEDED", () => s.query([1, 0, 0], 1, { filter: deep }), "nested deeper than 64");
  bad("INVALID_ARGUMENT", () => s.delete([-2]), "an id must be");
  bad("INVALID_ARGUMENT", () => s.deleteByFilter(null), "filter must be an object");
  bad("INVALID_ARGUMENT", () => s.derive("sideways"), "unknown derivation type");
  bad("INVALID_ARGUMENT", () => s.embedKernel(256, 1, 0, new Uint8Array(1)), "arch must be");
  bad("INVALID_ARGUMENT", () => s.embedKernel(1, 1, -1, new Uint8Array(1)), "flags must be");
  bad("INVALID_ARGUMENT", () => s.embedKernel(1, 1, 0, 42), "image must be bytes");
  bad("INVALID_ARGUMENT", () => s.embedEbpf(1, 1, 70000, new Uint8Array(1)), "maxDimension must be");
  bad("INVALID_ARGUMENT", () => s.metadata("x"), "an id must be");
  assert.deepEqual(s.query([1, 0, 0], 5, { exact: true }).map((h) => h.id), [1, 2], "the store is unchanged");
  assert.equal(s.status().epoch, 1, "no refused call wrote anything");
  sameAsBefore(witness);
});

// ---------------------------------------------------------------------------------------------------------------
// Corrupt files

/** Every truncation at `cuts` points and `flips` single-bit flips (seeded), each opened through RvfStore. */
function corruptions(bytes, cuts, flips, seed) {
  const next = lcg(seed);
  const variants = [];
  const cutAt = new Set([0, 1, 63, 64, 65, bytes.length - 1, bytes.length - 64]);
  for (let i = 1; i < cuts; i++) {
    cutAt.add(Math.floor((bytes.length * i) / cuts));
  }
  for (const n of cutAt) {
    variants.push([`truncated to ${n}`, bytes.slice(0, n)]);
  }
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(next() * bytes.length);
    const bit = Math.floor(next() * 8);
    const copy = bytes.slice();
    copy[at] ^= 1 << bit;
    variants.push([`bit ${bit} of byte ${at} flipped`, copy]);
  }
  return variants;
}

function openCorrupt(variants, dim) {
  const outcomes = new Map();
  for (const [what, bytes] of variants) {
    let s;
    try {
      s = RvfStore.open(bytes);
    } catch (error) {
      assert.ok(error instanceof RvfError, `${what}: ${error?.stack ?? error}`);
      assert.notEqual(error.code, "INTERNAL", `${what}: ${error.message}`);
      outcomes.set(error.code, (outcomes.get(error.code) ?? 0) + 1);
      continue;
    }
    try {
      // Whatever opened must work: a flip in a vector's bytes is still a vector.
      s.status();
      s.query(new Float32Array(dim), 3);
      s.query(new Float32Array(dim).fill(0.5), 2, { exact: true });
      assert.ok(s.export().length > 0);
      s.segments();
      s.verifyWitness();
      outcomes.set("opened", (outcomes.get("opened") ?? 0) + 1);
    } catch (error) {
      assert.ok(error instanceof RvfError && error.code !== "INTERNAL", `${what} opened, then: ${error}`);
      outcomes.set(`then ${error.code}`, (outcomes.get(`then ${error.code}`) ?? 0) + 1);
    } finally {
      s.close();
    }
  }
  return outcomes;
}

test("truncated and bit-flipped files fail with format errors or open into working stores; never trap", async () => {
  const witness = witnessStore();
  const storesAtStart = e.rvf_debug_open_stores();
  const ours = (() => {
    using s = RvfStore.create(6, "l2", { m: 8 });
    const next = lcg(5);
    s.ingest(Float32Array.from({ length: 240 }, next), Array.from({ length: 40 }, (_, i) => i),
      Array.from({ length: 40 }, (_, i) => ({ tag: `t${i % 4}`, i })));
    s.delete([3, 4]);
    s.embedKernel(1, 1, 0, new Uint8Array(32).fill(7), 80, "quiet");
    s.embedEbpf(1, 1, 6, new Uint8Array(16).fill(9), new Uint8Array(4));
    return s.export(); // with INDEX, META, JOURNAL, KERNEL, EBPF, WITNESS segments
  })();
  const reference = new Uint8Array(await readFile(new URL("swarm_knowledge.rvf", SAMPLES)));
  const mine = openCorrupt(corruptions(ours, 120, 400, 11), 6);
  const theirs = openCorrupt(corruptions(reference, 40, 120, 12), 256);
  for (const [name, outcomes] of [["our export", mine], ["swarm_knowledge.rvf", theirs]]) {
    const rejected = [...outcomes].filter(([k]) => k !== "opened" && !k.startsWith("then")).reduce((n, [, v]) => n + v, 0);
    assert.ok(rejected > 20, `${name}: only ${rejected} corruptions detected (${JSON.stringify([...outcomes])})`);
    console.log(`${name}: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  }
  assert.equal(e.rvf_debug_open_stores(), storesAtStart);
  sameAsBefore(witness);
});
