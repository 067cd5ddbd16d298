// Type-checked (never run) by `deno check`: uses the public API as a TypeScript user would, through the types
// rvf.js points to (rvf.d.ts). The @ts-expect-error lines prove that wrong uses are rejected.
import init, { ERROR_CODES, RvfError, type RvfErrorCode, type RvfExports, type RvfInstance }
  from "../../../target/dist/rvf.js";
import { type RvfCompactionResult, type RvfDeleteResult, type RvfEbpfData, type RvfFilter, type RvfId,
  type RvfIndexStatus, type RvfIngestResult, type RvfKernelData, type RvfMetadata, type RvfMetric,
  type RvfSearchResult, type RvfSegmentInfo, type RvfStatus, RvfStore, type RvfWitnessResult }
  from "../../../target/dist/rvf.js";

export async function usesTheApi(module: WebAssembly.Module, bytes: Uint8Array): Promise<number> {
  const fromDefault: RvfInstance = await init();
  const fromUrl = await init(new URL("https://example.org/rvf.wasm"));
  const fromString = await init("./rvf.wasm");
  const fromModule = await init(module);
  const fromBytes = await init(bytes);
  const fromBuffer = await init(bytes.buffer as ArrayBuffer);
  const fromResponse = await init(fetch("rvf.wasm"));
  const exports: Readonly<RvfExports> = fromDefault.exports;
  const memory: WebAssembly.Memory = fromUrl.memory;
  const ptr: number = exports.rvf_alloc(16);
  const status: number = exports.tile_dot_f32(ptr, ptr, 2, ptr + 8) + exports.rvf_free(ptr);
  const tiles: number = fromString.exports.tile_batch_distance(0, ptr, ptr, 1, 2, ptr + 8)
    + fromString.exports.parse_manifest(ptr, 16, 0, ptr, 0, 0) + fromString.exports.tile_accumulate(ptr, ptr, 2, 0.5);
  // @ts-expect-error: tile_dot_many_f32 was replaced by tile_batch_distance
  fromString.exports.tile_dot_many_f32(ptr, ptr, 1, 2, ptr + 8);
  const messageLength: number = fromModule.exports.rvf_last_error(0, 0);
  // @ts-expect-error: there is no such export
  fromBytes.exports.rvf_no_such_export(1);
  // @ts-expect-error: exports are read-only
  fromBuffer.exports.rvf_alloc = () => 0;
  // @ts-expect-error: init takes one input
  await init(module, bytes);
  return status + tiles + messageLength + memory.buffer.byteLength + fromResponse.memory.buffer.byteLength;
}

export function handles(error: unknown): RvfErrorCode | undefined {
  if (error instanceof RvfError) {
    const code: RvfErrorCode = error.code;
    const status: number = error.status;
    const message: string = error.message;
    const name: "RvfError" = error.name;
    // @ts-expect-error: codes are a closed set of names
    const wrong: RvfErrorCode = "NO_SUCH_CODE";
    return status === ERROR_CODES[code] && message !== name && wrong !== code ? code : undefined;
  }
  return undefined;
}

export const made: RvfError = new RvfError("NOT_FOUND", "missing", { cause: new Error("inner") });
// @ts-expect-error: ERROR_CODES is read-only
ERROR_CODES.NOT_FOUND = 1;

// The store API (RvfStore) and its types.
export function usesTheStore(bytes: Uint8Array, exports: Readonly<RvfExports>): number {
  using store: RvfStore = RvfStore.create(4, "cosine", { m: 8, efConstruction: 50, sq8: true });
  const ingested: RvfIngestResult = store.ingest(new Float32Array(8), [1, 2n], [{ tag: "a", n: 1 }, null]);
  store.ingest([[1, 2, 3, 4]], BigUint64Array.of(3n));
  const filter: RvfFilter = { op: "and", exprs: [{ op: "eq", field: "tag", value: "a" },
    { op: "not", expr: { op: "range", fieldId: 0, low: 1, high: 5 } }, { op: "in", field: "n", values: [1, 2] }] };
  const hits: RvfSearchResult[] = store.query([1, 0, 0, 0], 3, { efSearch: 32, exact: false, filter });
  const viaJson = store.query(new Float32Array(4), 1, { filter: '{"op":"eq","fieldId":0,"value":"a"}' });
  const id: RvfId = hits[0].id;
  const removed: RvfDeleteResult = store.delete([id]);
  const byFilter: RvfDeleteResult = store.deleteByFilter({ op: "ne", field: "tag", value: true });
  const compacted: RvfCompactionResult = store.compact();
  const status: RvfStatus = store.status();
  const state: RvfIndexStatus["state"] = status.index.state;
  const segments: RvfSegmentInfo[] = store.segments();
  const file: Uint8Array = store.export();
  using copy = RvfStore.open(file, { readOnly: true });
  const streamed: Promise<RvfStore> = RvfStore.openStream(new Blob([file.slice()]), { readOnly: true, length: file.length });
  const fetched: Promise<RvfStore> = RvfStore.openStream(new Response(file.slice()));
  using child = store.derive("snapshot");
  const kernelId: number = store.embedKernel(1, 2, 0, bytes, 8080, "console=ttyS0");
  const kernel: RvfKernelData | null = store.extractKernel();
  const ebpfId: number = store.embedEbpf(1, 2, 4, bytes, null);
  const ebpf: RvfEbpfData | null = store.extractEbpf();
  const witness: RvfWitnessResult = store.verifyWitness();
  const meta: RvfMetadata | null = store.metadata(1);
  const metric: RvfMetric = copy.metric;
  const lineage: string = child.fileId() + child.parentId() + child.lineageDepth();
  const raw: number = exports.rvf_create(4, 0, 0, 0) + exports.rvf_debug_live_blocks();
  // @ts-expect-error: an unknown filter op
  store.query([0, 0, 0, 0], 1, { filter: { op: "like", field: "tag", value: "a" } });
  // @ts-expect-error: "in" takes values, not value
  store.query([0, 0, 0, 0], 1, { filter: { op: "in", field: "tag", value: "a" } });
  // @ts-expect-error: metadata values are strings, numbers or booleans
  store.ingest([0, 0, 0, 0], 9, [{ tag: { nested: 1 } }]);
  // @ts-expect-error: no public constructor
  new RvfStore();
  // @ts-expect-error: read-only
  store.dimension = 3;
  return ingested.accepted + viaJson.length + removed.deleted + byFilter.epoch + compacted.bytesReclaimed
    + segments.length + file.length + kernelId + ebpfId + (kernel?.image.length ?? 0) + (ebpf?.header.length ?? 0)
    + witness.entries + Object.keys(meta ?? {}).length + metric.length + lineage.length + raw + state.length;
}

import { RvfDatabase, type RvfDatabaseSearchResult, type RvfDatabaseStatus, type RvfIngestEntry,
  type RvfSavedStore, type RvfVectors } from "../../../target/dist/rvf.js";

export async function usesTheDatabase(store: RvfStore): Promise<number> {
  const vector: Float32Array | null = store.vector(1);
  const all: RvfVectors = store.vectors();
  await store.save("saved.rvf");
  await store.save("saved.rvf", { storage: "indexeddb" });
  const loaded: RvfStore = await RvfStore.load("saved.rvf", { readOnly: true, storage: "opfs" });
  const removed: boolean = await RvfStore.removeSaved("saved.rvf");
  const newest: RvfSavedStore | undefined = (await RvfStore.listSaved({ directory: "stores", storage: "opfs" }))[0];
  const when: number = newest === undefined ? 0 : newest.lastModified + newest.size + newest.name.length;
  // @ts-expect-error: an unknown storage kind
  await store.save("saved.rvf", { storage: "floppy" });

  const db: RvfDatabase = await RvfDatabase.create("db.rvf", { dimensions: 4, metric: "cosine", m: 8 });
  const other = await RvfDatabase.create("other.rvf", { dimensions: 4 }, "auto");
  const entries: RvfIngestEntry[] = [{ id: "a", vector: [1, 2, 3, 4], metadata: { 0: "red" } }];
  const ingested: RvfIngestResult = await db.ingestBatch(entries);
  const hits: RvfDatabaseSearchResult[] = await db.query(new Float32Array(4), 3,
    { efSearch: 64, filter: { op: "eq", fieldId: 0, value: "red" }, timeoutMs: 0 });
  const id: string = hits[0].id;
  const removedIds: RvfDeleteResult = await db.delete(["a"]);
  const byFilter: RvfDeleteResult = await db.deleteByFilter({ op: "eq", fieldId: 0, value: "red" });
  const compacted: RvfCompactionResult = await db.compact();
  const status: RvfDatabaseStatus = await db.status();
  const lineage: string = await db.fileId() + await db.parentId() + await db.lineageDepth();
  const child: RvfDatabase = await db.derive("child.rvf");
  const kernelId: number = await db.embedKernel(1, 2, 0, new Uint8Array(8), 8080, "console=ttyS0");
  const kernel: RvfKernelData | null = await db.extractKernel();
  const ebpfId: number = await db.embedEbpf(1, 2, 4, new Uint8Array(8));
  const ebpf: RvfEbpfData | null = await db.extractEbpf();
  const segments: RvfSegmentInfo[] = await db.segments();
  const dim: number = await db.dimension();
  const ro = await RvfDatabase.openReadonly("db.rvf", { storage: "opfs" });
  const rw = await RvfDatabase.open("db.rvf");
  const closed: boolean = ro.isClosed;
  const underneath: RvfStore = rw.store;
  await db.close();
  // @ts-expect-error: ids are strings
  await db.delete([1]);
  // @ts-expect-error: dimensions is required
  await RvfDatabase.create("x.rvf", { metric: "l2" });
  // @ts-expect-error: no public constructor
  new RvfDatabase();
  return (vector?.length ?? 0) + all.vectors.length + Number(removed) + loaded.dimension + ingested.accepted
    + id.length + removedIds.deleted + byFilter.deleted + compacted.epoch + status.totalVectors + lineage.length
    + kernelId + ebpfId + (kernel?.image.length ?? 0) + (ebpf?.payload.length ?? 0) + segments.length + dim
    + Number(closed) + underneath.dimension + (await other.status()).epoch + (await child.lineageDepth());
}
