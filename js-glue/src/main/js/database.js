// RvfDatabase: the async API of the reference SDK (@ruvector/rvf 0.2.3) over one RvfStore and a storage backend.

import { RvfError } from "./errors.js";
import init, { describe } from "./runtime.js";
import { utf8, utf8Decoder } from "./codecs.js";
import { RvfStore } from "./store.js";
import { storageFor, storageName } from "./storage.js";

/**
 * String ids <-> the store's numeric labels, as the reference SDK keeps them: labels from 1 upwards in order of
 * first use, never reused, saved next to the file as "<path>.idmap.json" ({ idToLabel, labelToId, nextLabel }).
 */
class IdMap {
  constructor() {
    this.idToLabel = new Map();
    this.labelToId = new Map();
    this.nextLabel = 1;
  }

  static parse(bytes) {
    const map = new IdMap();
    let raw;
    try {
      raw = JSON.parse(utf8Decoder.decode(bytes));
    } catch {
      return map; // the SDK starts afresh on an unreadable sidecar, too
    }
    for (const [id, label] of Object.entries(raw?.idToLabel ?? {})) {
      map.idToLabel.set(id, Number(label));
    }
    for (const [label, id] of Object.entries(raw?.labelToId ?? {})) {
      map.labelToId.set(Number(label), String(id));
    }
    map.nextLabel = Number.isSafeInteger(raw?.nextLabel) ? raw.nextLabel : map.idToLabel.size + 1;
    return map;
  }

  copy() {
    const map = new IdMap();
    map.idToLabel = new Map(this.idToLabel);
    map.labelToId = new Map(this.labelToId);
    map.nextLabel = this.nextLabel;
    return map;
  }

  labelFor(id) {
    let label = this.idToLabel.get(id);
    if (label === undefined) {
      label = this.nextLabel++;
      this.idToLabel.set(id, label);
      this.labelToId.set(label, id);
    }
    return label;
  }

  idFor(label) {
    return this.labelToId.get(Number(label)) ?? String(label);
  }

  forget(id) {
    const label = this.idToLabel.get(id);
    if (label !== undefined) {
      this.idToLabel.delete(id);
      this.labelToId.delete(label);
    }
  }

  toBytes() {
    return utf8.encode(JSON.stringify({
      idToLabel: Object.fromEntries(this.idToLabel),
      labelToId: Object.fromEntries(Array.from(this.labelToId, ([label, id]) => [String(label), id])),
      nextLabel: this.nextLabel,
    }));
  }
}

const sidecarName = (path) => `${path}.idmap.json`;

/** The reference SDK's RvfOptions -> RvfStore.create arguments. */
function databaseOptions(options) {
  if (options === null || typeof options !== "object") {
    throw new RvfError("INVALID_ARGUMENT", `options must be an object like { dimensions: 128 }, not `
      + `${describe(options)}`);
  }
  const dimension = options.dimensions ?? options.dimension;
  return { dimension, metric: options.metric ?? "l2",
    store: { m: options.m ?? 16, efConstruction: options.efConstruction ?? 200, profile: options.profile ?? 0 } };
}

/**
 * A .rvf file kept in storage, with the async API of the reference SDK's RvfDatabase (ids are strings). Every
 * mutating call writes the whole file (and the id map) before it resolves, so what resolved is on disk.
 */
export class RvfDatabase {
  #store;
  #storage;
  #path;
  #ids;
  #readOnly;
  /** The last queued write (see #persist). */
  #writes = Promise.resolve();
  /** Whether a change may be missing from storage (its write failed, or is under way). */
  #dirty = false;

  /** @internal use RvfDatabase.create / open / openReadonly / derive */
  constructor(store, storage, path, ids, readOnly) {
    this.#store = store;
    this.#storage = storage;
    this.#path = path;
    this.#ids = ids;
    this.#readOnly = readOnly;
  }

  /**
   * A new store at `path` (a file path in Deno and Node, an OPFS path in browsers); like the reference, it
   * refuses a path where a file exists (RvfError INVALID_ARGUMENT).
   * `backend` is the SDK's ("auto", "node", "wasm": all run on rvf.wasm here) or `{ storage }` to choose one.
   */
  static async create(path, options, backend) {
    const storage = await storageFor(storageKind(backend));
    const { dimension, metric, store: storeOptions } = databaseOptions(options);
    const name = storageName(path);
    if (await storage.read(name) !== null) {
      throw new RvfError("INVALID_ARGUMENT", `"${name}" exists already: open it, or remove it first`);
    }
    await init();
    const store = RvfStore.create(dimension, metric, storeOptions);
    const db = new RvfDatabase(store, storage, name, new IdMap(), false);
    try {
      await db.#persist(true);
    } catch (error) {
      store.close();
      throw error;
    }
    return db;
  }

  /** Opens the store at `path` for reading and writing. */
  static async open(path, backend) {
    return RvfDatabase.#openAt(path, backend, false);
  }

  /** Opens the store at `path`; every mutating call then throws RvfError READ_ONLY. */
  static async openReadonly(path, backend) {
    return RvfDatabase.#openAt(path, backend, true);
  }

  static async #openAt(path, backend, readOnly) {
    const storage = await storageFor(storageKind(backend));
    const name = storageName(path);
    const [bytes, sidecar] = await Promise.all([storage.read(name), storage.read(sidecarName(name))]);
    if (bytes === null) {
      throw new RvfError("NOT_FOUND", `no RVF file at "${name}"`);
    }
    await init();
    const store = RvfStore.open(bytes, { readOnly });
    const ids = sidecar === null ? new IdMap() : IdMap.parse(sidecar);
    if (sidecar === null && !readOnly) {
      // A file without id map (written through the raw binding): new labels must not land on existing ones.
      const { ids: labels } = store.vectors();
      for (const label of labels) {
        if (typeof label === "number" && label >= ids.nextLabel) {
          ids.nextLabel = label + 1;
        }
      }
    }
    return new RvfDatabase(store, storage, name, ids, readOnly);
  }

  #open() {
    if (this.#store.closed) {
      throw new RvfError("CLOSED", "this RvfDatabase is closed");
    }
    return this.#store;
  }

  #writable() {
    const store = this.#open();
    if (this.#readOnly) {
      throw new RvfError("READ_ONLY", `"${this.#path}" was opened read-only`);
    }
    return store;
  }

  /**
   * Writes the id map, then the file: a crash between them leaves labels the file lacks, never the reverse.
   * Writes queue up, each taking the state of its own turn, so calls not awaited one by one never let an older
   * snapshot land after a newer one.
   */
  #persist(withIds) {
    this.#dirty = true;
    const write = async () => {
      if (withIds) {
        await this.#storage.write(sidecarName(this.#path), this.#ids.toBytes());
      }
      await this.#storage.write(this.#path, this.#store.export());
      this.#dirty = false; // the export held every change made so far
    };
    const turn = this.#writes.then(write);
    this.#writes = turn.catch(() => {}); // a failed write is reported to its caller and does not stop later ones
    return turn;
  }

  /** Adds `[{ id, vector, metadata? }]`; a known id replaces its vector. `{ accepted, rejected, epoch }`. */
  async ingestBatch(entries) {
    const store = this.#writable();
    if (!Array.isArray(entries)) {
      throw new RvfError("INVALID_ARGUMENT", `entries must be an array of { id, vector, metadata }, not `
        + `${describe(entries)}`);
    }
    if (entries.length === 0) {
      return { accepted: 0, rejected: 0, epoch: 0 };
    }
    const dim = store.dimension;
    const flat = new Float32Array(entries.length * dim);
    const metadata = [];
    entries.forEach((entry, i) => {
      if (typeof entry?.id !== "string" && typeof entry?.id !== "number") {
        throw new RvfError("INVALID_ARGUMENT", `entries[${i}].id must be a string, not ${describe(entry?.id)}`);
      }
      if (entry.vector?.length !== dim) {
        throw new RvfError("DIMENSION_MISMATCH", `entries[${i}].vector has ${entry.vector?.length} dimensions, `
          + `the store has ${dim}`);
      }
      flat.set(entry.vector, i * dim);
      metadata.push(entry.metadata ?? null);
    });
    const next = this.#ids.copy();
    const labels = entries.map((entry) => next.labelFor(String(entry.id)));
    const hasMetadata = metadata.some((m) => m !== null);
    const result = store.ingest(flat, labels, hasMetadata ? metadata : undefined);
    this.#ids = next;
    await this.#persist(true);
    return result;
  }

  /** The k nearest vectors, nearest first: `[{ id, distance }]` (options: efSearch, filter; timeoutMs ignored). */
  async query(vector, k, options = {}) {
    const store = this.#open();
    const hits = store.query(vector instanceof Float32Array ? vector : Float32Array.from(vector), k,
      { efSearch: options?.efSearch, filter: options?.filter });
    return hits.map((hit) => ({ id: this.#ids.idFor(hit.id), distance: hit.distance }));
  }

  /** Soft-deletes ids (unknown ids are skipped, as in the SDK); `{ deleted, epoch }`. */
  async delete(ids) {
    const store = this.#writable();
    if (!Array.isArray(ids)) {
      throw new RvfError("INVALID_ARGUMENT", `ids must be an array of strings, not ${describe(ids)}`);
    }
    const known = ids.map(String).filter((id) => this.#ids.idToLabel.has(id));
    if (known.length === 0) {
      return { deleted: 0, epoch: 0 };
    }
    const result = store.delete(known.map((id) => this.#ids.idToLabel.get(id)));
    known.forEach((id) => this.#ids.forget(id));
    await this.#persist(true);
    return result;
  }

  /** Soft-deletes every vector whose metadata matches `filter`; `{ deleted, epoch }`. */
  async deleteByFilter(filter) {
    const result = this.#writable().deleteByFilter(filter);
    await this.#persist(false);
    return result;
  }

  /** Drops deleted vectors for good; `{ segmentsCompacted, bytesReclaimed, epoch }`. */
  async compact() {
    const result = this.#writable().compact();
    await this.#persist(false);
    return result;
  }

  /** The SDK's status shape (the SDK itself reports fileSizeBytes and epoch as 0 over the native binding). */
  async status() {
    const s = this.#open().status();
    return { totalVectors: s.totalVectors, totalSegments: s.totalSegments, fileSizeBytes: s.fileSizeBytes,
      epoch: s.epoch, profileId: s.profileId, compactionState: "idle", deadSpaceRatio: s.deadSpaceRatio,
      readOnly: this.#readOnly || s.readOnly };
  }

  async fileId() {
    return this.#open().fileId();
  }

  async parentId() {
    return this.#open().parentId();
  }

  async lineageDepth() {
    return this.#open().lineageDepth();
  }

  /**
   * A new empty child store at `childPath` (same storage) with this store as its lineage parent; it starts with a
   * copy of the id map, as in the SDK. `options` is accepted for the SDK's signature; the child keeps the
   * parent's dimension, metric and index settings.
   */
  async derive(childPath, options) {
    const store = this.#open();
    const name = storageName(childPath);
    const child = new RvfDatabase(store.derive(), this.#storage, name, this.#ids.copy(), false);
    try {
      await child.#persist(true);
    } catch (error) {
      child.#store.close();
      throw error;
    }
    return child;
  }

  async embedKernel(arch, kernelType, flags, image, apiPort, cmdline) {
    const id = this.#writable().embedKernel(arch, kernelType, flags, image, apiPort ?? 0, cmdline);
    await this.#persist(false);
    return id;
  }

  async extractKernel() {
    return this.#open().extractKernel();
  }

  async embedEbpf(programType, attachType, maxDimension, bytecode, btf) {
    const id = this.#writable().embedEbpf(programType, attachType, maxDimension, bytecode, btf);
    await this.#persist(false);
    return id;
  }

  async extractEbpf() {
    return this.#open().extractEbpf();
  }

  /** `[{ id, offset, payloadLength, segType, hashStatus, hashOk }]` in file order. */
  async segments() {
    return this.#open().segments();
  }

  async dimension() {
    return this.#open().dimension;
  }

  /**
   * Writes the id map (writable stores) and any change an earlier failed write left out, then releases the store;
   * later calls throw RvfError CLOSED.
   */
  async close() {
    if (this.#store.closed) {
      return;
    }
    try {
      await this.#writes;
      if (this.#dirty) {
        await this.#persist(true);
      } else if (!this.#readOnly) {
        await this.#storage.write(sidecarName(this.#path), this.#ids.toBytes());
      }
    } finally {
      this.#store.close();
    }
  }

  get isClosed() {
    return this.#store.closed;
  }

  /** The RvfStore underneath (synchronous API; vector(), vectors(), metadata()); changes made through it are not
   * written to storage until the next mutating call of this database. */
  get store() {
    return this.#open();
  }
}

/** The SDK's third argument: a BackendType string (every one runs on rvf.wasm here) or `{ storage }`. */
function storageKind(backend) {
  if (backend === undefined || backend === null || backend === "auto" || backend === "node"
    || backend === "wasm") {
    return undefined;
  }
  if (typeof backend === "object") {
    return backend.storage;
  }
  throw new RvfError("INVALID_ARGUMENT", `backend must be "auto", "node", "wasm" or { storage }, not ${backend}`);
}
