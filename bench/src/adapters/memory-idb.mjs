// A minimal in-memory IndexedDB: just the calls that Emscripten's IDBFS (hnswlib-wasm) and edgevec's
// IndexedDbBackend make. Two peers can only persist through IndexedDB; this shim gives the harness their bytes
// without real storage I/O (Node has no IndexedDB; in a page it keeps disk I/O out of the timings).
// Events fire asynchronously as in a real IndexedDB; a transaction completes once its requests have settled.

class Request {
  constructor() { this.result = undefined; this.error = null; this.onsuccess = null; this.onerror = null; }
}

function fire(request, result, transaction) {
  transaction?.pending(1);
  setTimeout(() => {
    request.result = result;
    request.onsuccess?.({ target: request });
    transaction?.pending(-1);
  }, 0);
  return request;
}

class ObjectStore {
  constructor(records, transaction) {
    this.records = records;            // Map key -> value (shared with the database)
    this.transaction = transaction;
    this.indexNames = { contains: (name) => records.indexes.has(name) };
  }
  createIndex(name, keyPath) { this.records.indexes.set(name, keyPath); return {}; }
  get(key) { return fire(new Request(), this.records.get(key), this.transaction); }
  put(value, key) { this.records.set(key, value); return fire(new Request(), key, this.transaction); }
  delete(key) { this.records.delete(key); return fire(new Request(), undefined, this.transaction); }
  index(name) {
    const keyPath = this.records.indexes.get(name);
    const records = this.records;
    const transaction = this.transaction;
    return {
      openKeyCursor() {
        const entries = [...records].map(([primaryKey, value]) => ({ primaryKey, key: value[keyPath] }));
        const request = new Request();
        let position = 0;
        const step = () => {
          const entry = entries[position++];
          const cursor = entry ? { primaryKey: entry.primaryKey, key: entry.key, continue: step } : null;
          fire(request, cursor, transaction);
        };
        step();
        return request;
      },
    };
  }
}

class Transaction {
  constructor(database) {
    this.database = database; this.oncomplete = null; this.onerror = null; this.count = 0; this.done = false;
    this.pending(0);
  }
  pending(delta) {
    this.count += delta;
    if (this.count === 0 && !this.done) {
      setTimeout(() => {
        if (this.count === 0 && !this.done) { this.done = true; this.oncomplete?.({ target: this }); }
      }, 0);
    }
  }
  objectStore(name) {
    const records = this.database.stores.get(name);
    if (!records) throw new Error(`memory-idb: no object store ${name}`);
    return new ObjectStore(records, this);
  }
}

class Database {
  constructor(name) { this.name = name; this.stores = new Map(); }
  get objectStoreNames() { return { contains: (name) => this.stores.has(name) }; }
  createObjectStore(name) {
    const records = new Map();
    records.indexes = new Map();
    this.stores.set(name, records);
    return new ObjectStore(records, null);
  }
  transaction() { return new Transaction(this); }
  close() {}
}

export class MemoryIndexedDB {
  constructor() { this.databases = new Map(); }
  open(name) {
    const request = new Request();
    let database = this.databases.get(name);
    const fresh = !database;
    if (fresh) { database = new Database(name); this.databases.set(name, database); }
    setTimeout(() => {
      request.result = database;
      if (fresh) {
        request.transaction = new Transaction(database);
        request.onupgradeneeded?.({ target: request });
      }
      request.onsuccess?.({ target: request });
    }, 0);
    return request;
  }
  /** The records of one object store (Map key -> value), for reading and planting bytes directly. */
  store(databaseName, storeName) { return this.databases.get(databaseName)?.stores.get(storeName); }
}

/** Installs one shared MemoryIndexedDB as globalThis.indexedDB (an own property shadows a page's real one). */
export function installMemoryIndexedDB() {
  if (globalThis.indexedDB instanceof MemoryIndexedDB) return globalThis.indexedDB;
  const shim = new MemoryIndexedDB();
  Object.defineProperty(globalThis, 'indexedDB', { value: shim, configurable: true, writable: true });
  return shim;
}
