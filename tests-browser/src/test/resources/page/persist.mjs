// Browser persistence (ChromiumPersistTest): ?phase=write saves and lists stores and databases in OPFS, in IndexedDB
// (with navigator.storage.getDirectory deleted) and interrupts a save; ?phase=read, loaded afterwards in the same
// origin, checks that everything is there. The outcome is left in window.rvfPersistResult.
import init, { RvfDatabase, RvfError, RvfStore } from "/dist/rvf.js";
import { check, publish, runChecks } from "./harness.mjs";

async function expectRvfError(promise, code) {
  try {
    await promise;
  } catch (error) {
    check(error instanceof RvfError, `expected an RvfError, got ${error?.stack ?? error}`);
    check(error.code === code, `expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  throw new Error(`expected RvfError ${code}, but it succeeded`);
}

/** The store every phase knows: 50 vectors of dimension 8, ids 1..50, metadata { n: id }. */
function sample(count = 50) {
  const store = RvfStore.create(8, "l2");
  const vectors = Float32Array.from({ length: count * 8 }, (_, i) => Math.sin(i * 0.37));
  store.ingest(vectors, Array.from({ length: count }, (_, i) => i + 1),
    Array.from({ length: count }, (_, i) => ({ n: i + 1 })));
  return store;
}

const QUERY = Float32Array.from({ length: 8 }, (_, i) => Math.cos(i));
const withoutOpfs = async (body) => {
  const original = StorageManager.prototype.getDirectory;
  delete StorageManager.prototype.getDirectory;
  try {
    check(typeof navigator.storage.getDirectory !== "function", "getDirectory still present");
    return await body();
  } finally {
    StorageManager.prototype.getDirectory = original;
  }
};

const opfsFile = async (...path) => {
  let dir = await navigator.storage.getDirectory();
  for (const part of path.slice(0, -1)) {
    dir = await dir.getDirectoryHandle(part);
  }
  return (await dir.getFileHandle(path.at(-1))).getFile();
};

/**
 * Saves listed/a.rvf, b.rvf, a database listed/db.rvf (with its id map), c.rvf (in that order, apart in time),
 * listed/sub/d.rvf and listed-more/e.rvf in `storage`, for listSaved.
 */
async function saveForListing(storage) {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15));
  for (const [name, count] of [["a", 5], ["b", 10]]) {
    using store = sample(count);
    await store.save(`listed/${name}.rvf`, { storage });
    await pause();
  }
  const db = await RvfDatabase.create("listed/db.rvf", { dimensions: 8 }, { storage });
  await db.ingestBatch([{ id: "one", vector: QUERY }]);
  await db.close();
  await pause();
  using c = sample(20);
  for (const name of ["listed/c.rvf", "listed/sub/d.rvf", "listed-more/e.rvf"]) {
    await c.save(name, { storage });
  }
}

const WRITE = [
  {
    name: "RvfStore.save writes the exported file to OPFS",
    async run() {
      using store = sample();
      await store.save("saved/sample.rvf");
      const file = await opfsFile("saved", "sample.rvf");
      const bytes = new Uint8Array(await file.arrayBuffer());
      const exported = store.export();
      check(bytes.length === exported.length && bytes.every((b, i) => b === exported[i]), "OPFS bytes differ");
    },
  },
  {
    name: "RvfDatabase keeps a database and its id map in OPFS",
    async run() {
      const db = await RvfDatabase.create("db/docs.rvf", { dimensions: 8, metric: "cosine" });
      await db.ingestBatch(Array.from({ length: 20 }, (_, i) => ({ id: `doc-${i}`,
        vector: Float32Array.from({ length: 8 }, (_, j) => Math.sin(i + j)), metadata: { 0: i % 2 } })));
      await db.delete(["doc-3"]);
      check((await db.status()).totalVectors === 19, "19 live");
      window.sessionStorage.setItem("dbHits", JSON.stringify(await db.query(QUERY, 5)));
      await db.close();
      const idmap = JSON.parse(await (await opfsFile("db", "docs.rvf.idmap.json")).text());
      check(idmap.nextLabel === 21 && idmap.idToLabel["doc-0"] === 1 && !("doc-3" in idmap.idToLabel),
        `idmap ${JSON.stringify(idmap)}`);
    },
  },
  {
    name: "an interrupted save leaves the previous copy readable, and fails with an RvfError",
    async run() {
      using v1 = sample(10);
      await v1.save("interrupted.rvf");
      using v2 = sample(40);
      const proto = FileSystemWritableFileStream.prototype;
      const write = proto.write;
      let calls = 0;
      proto.write = async function (data) {
        calls++;
        await write.call(this, data.subarray(0, Math.floor(data.length / 2))); // half of it reaches the stream
        throw new DOMException("disk unplugged (test)", "AbortError");
      };
      let error;
      try {
        error = await expectRvfError(v2.save("interrupted.rvf"), "INTERNAL");
      } finally {
        proto.write = write;
      }
      check(calls === 1 && error.cause?.name === "AbortError", `calls ${calls}, cause ${error.cause}`);
      using back = await RvfStore.load("interrupted.rvf");
      check(back.status().totalVectors === 10, `the previous copy has ${back.status().totalVectors} vectors`);
      const names = [];
      for await (const name of (await navigator.storage.getDirectory()).keys()) {
        names.push(name);
      }
      check(!names.some((n) => n.startsWith("interrupted.rvf") && n !== "interrupted.rvf"),
        `left behind: ${names}`);
    },
  },
  {
    name: "a saved copy whose tail was lost (truncated in OPFS) is refused on load with an RvfError",
    async run() {
      using store = sample(40);
      await store.save("torn.rvf");
      const handle = await (await navigator.storage.getDirectory()).getFileHandle("torn.rvf");
      const size = (await handle.getFile()).size;
      for (const keep of [size - 1, size - 100, Math.floor(size / 2)]) {
        const w = await handle.createWritable({ keepExistingData: true });
        await w.truncate(keep);
        await w.close();
        let error = null;
        try {
          (await RvfStore.load("torn.rvf")).close();
        } catch (e) {
          error = e;
        }
        check(error instanceof RvfError && ["TRUNCATED", "LENGTH_OUT_OF_RANGE"].includes(error.code),
          `${keep} of ${size} bytes: expected TRUNCATED or LENGTH_OUT_OF_RANGE, got ${error?.code ?? "an open store"}`);
        await store.save("torn.rvf"); // whole again for the next cut
      }
    },
  },
  {
    name: "without OPFS (getDirectory deleted) saves and databases fall back to IndexedDB",
    async run() {
      await withoutOpfs(async () => {
        using store = sample(30);
        await store.save("fallback.rvf");
        const db = await RvfDatabase.create("fallback-db.rvf", { dimensions: 8 });
        await db.ingestBatch([{ id: "only", vector: QUERY }]);
        await db.close();
        await expectRvfError(store.save("x.rvf", { storage: "opfs" }), "UNSUPPORTED");
      });
      await expectRvfError(RvfStore.load("fallback.rvf", { storage: "opfs" }), "NOT_FOUND");
      using fromIdb = await RvfStore.load("fallback.rvf", { storage: "indexeddb" });
      check(fromIdb.status().totalVectors === 30, "IndexedDB copy");
    },
  },
  {
    name: "RvfStore.listSaved lists a directory's .rvf files in OPFS, newest first, without sidecars or subdirectories",
    async run() {
      await saveForListing("opfs");
      const listed = await RvfStore.listSaved({ directory: "listed" });
      check(JSON.stringify(listed.map((f) => f.name)) === JSON.stringify(["c.rvf", "db.rvf", "b.rvf", "a.rvf"]),
        `listed ${JSON.stringify(listed)}`);
      for (const f of listed) {
        const file = await opfsFile("listed", f.name);
        check(f.size === file.size && f.lastModified === file.lastModified, `${f.name}: ${JSON.stringify(f)}`);
      }
      check((await opfsFile("listed", "db.rvf.idmap.json")).size > 0, "the sidecar is there, just not listed");
      check((await RvfStore.listSaved({ directory: "never-made" })).length === 0, "a missing directory is empty");
      await expectRvfError(RvfStore.listSaved({ directory: "../up" }), "INVALID_ARGUMENT");
      window.sessionStorage.setItem("listedOpfs", JSON.stringify(listed));
    },
  },
  {
    name: "without OPFS (or its createWritable) RvfStore.listSaved lists IndexedDB keys under \"dir/\" the same way",
    async run() {
      await withoutOpfs(async () => {
        await saveForListing("indexeddb");
        const listed = await RvfStore.listSaved({ directory: "listed/" });
        check(JSON.stringify(listed.map((f) => f.name)) === JSON.stringify(["c.rvf", "db.rvf", "b.rvf", "a.rvf"]),
          `listed ${JSON.stringify(listed)}`);
        using c = await RvfStore.load(`listed/${listed[0].name}`);
        check(listed[0].size === c.export().length, `size ${listed[0].size}`);
        const top = (await RvfStore.listSaved()).map((f) => f.name);
        check(top.includes("fallback.rvf") && top.includes("fallback-db.rvf") && !top.includes("x.rvf")
          && top.every((n) => n.endsWith(".rvf") && !n.includes("/")), `top level ${top}`);
        window.sessionStorage.setItem("listedIdb", JSON.stringify(listed));
      });
      // OPFS without writable files (Safari before createWritable): the package uses IndexedDB there too.
      const createWritable = FileSystemFileHandle.prototype.createWritable;
      delete FileSystemFileHandle.prototype.createWritable;
      try {
        const listed = await RvfStore.listSaved({ directory: "listed" });
        check(JSON.stringify(listed) === window.sessionStorage.getItem("listedIdb"), `${JSON.stringify(listed)}`);
        await expectRvfError(RvfStore.listSaved({ storage: "opfs" }), "UNSUPPORTED");
      } finally {
        FileSystemFileHandle.prototype.createWritable = createWritable;
      }
    },
  },
  {
    name: "a slow write does not let an older snapshot land after a newer one (writes queue up)",
    async run() {
      const db = await RvfDatabase.create("queue.rvf", { dimensions: 8 });
      const handleProto = FileSystemFileHandle.prototype;
      const streamProto = FileSystemWritableFileStream.prototype;
      const createWritable = handleProto.createWritable;
      const close = streamProto.close;
      const names = new WeakMap();
      let delayed = 0;
      handleProto.createWritable = async function (...args) {
        const stream = await createWritable.apply(this, args);
        names.set(stream, this.name);
        return stream;
      };
      streamProto.close = async function () {
        if (names.get(this) === "queue.rvf" && delayed++ === 0) {
          await new Promise((resolve) => setTimeout(resolve, 300)); // the first file write commits late
        }
        return close.call(this);
      };
      try {
        const first = db.ingestBatch([{ id: "first", vector: QUERY }]);
        await new Promise((resolve) => setTimeout(resolve, 100)); // first is now stuck in its slow commit
        const second = db.ingestBatch([{ id: "second", vector: QUERY.map((v) => -v) }]);
        await Promise.all([first, second]);
      } finally {
        handleProto.createWritable = createWritable;
        streamProto.close = close;
      }
      check(delayed >= 2, `the file was written ${delayed} times`);
      await db.close();
      using onDisk = RvfStore.open(new Uint8Array(await (await opfsFile("queue.rvf")).arrayBuffer()));
      check(onDisk.status().totalVectors === 2, `the file holds ${onDisk.status().totalVectors} vectors`);
    },
  },
  {
    name: "failures surface as RvfErrors",
    async run() {
      await expectRvfError(RvfStore.load("never-saved.rvf"), "NOT_FOUND");
      await expectRvfError(RvfDatabase.open("never/created.rvf"), "NOT_FOUND");
      await expectRvfError(RvfDatabase.create("../escape.rvf", { dimensions: 2 }), "INVALID_ARGUMENT");
      await expectRvfError(RvfStore.removeSaved(""), "INVALID_ARGUMENT");
      check(await RvfStore.removeSaved("never-saved.rvf") === false, "nothing to remove");
    },
  },
];

const READ = [
  {
    name: "after the reload RvfStore.load reads the OPFS copy",
    async run() {
      using expected = sample();
      using loaded = await RvfStore.load("saved/sample.rvf");
      const a = JSON.stringify(loaded.query(QUERY, 7));
      check(a === JSON.stringify(expected.query(QUERY, 7)), a);
      check(loaded.metadata(17).n === 17, "metadata");
      const { ids, vectors } = loaded.vectors();
      check(ids.length === 50 && ids[49] === 50 && vectors.length === 400, "vectors()");
      check(loaded.vector(3).every((v, i) => v === vectors[2 * 8 + i]), "vector(3)");
    },
  },
  {
    name: "after the reload RvfDatabase reopens from OPFS with the same answers; read-only refuses writes",
    async run() {
      const db = await RvfDatabase.openReadonly("db/docs.rvf");
      const hits = await db.query(QUERY, 5);
      check(JSON.stringify(hits) === window.sessionStorage.getItem("dbHits"), JSON.stringify(hits));
      check(hits.every((h) => h.id.startsWith("doc-")), "string ids from the id map");
      await expectRvfError(db.ingestBatch([{ id: "x", vector: QUERY }]), "READ_ONLY");
      await db.close();
      const rw = await RvfDatabase.open("db/docs.rvf");
      check((await rw.ingestBatch([{ id: "late", vector: QUERY }])).accepted === 1, "ingest");
      check((await rw.query(QUERY, 1))[0].id === "late", "nearest is the new one");
      await rw.close();
    },
  },
  {
    name: "after the reload the IndexedDB copies are there, and found by default when OPFS is missing",
    async run() {
      await withoutOpfs(async () => {
        using store = await RvfStore.load("fallback.rvf");
        check(store.status().totalVectors === 30, "fallback store");
        const db = await RvfDatabase.openReadonly("fallback-db.rvf");
        check((await db.query(QUERY, 1))[0].id === "only", "fallback database");
        await db.close();
        check(await RvfStore.removeSaved("fallback.rvf") === true, "removed");
        await expectRvfError(RvfStore.load("fallback.rvf"), "NOT_FOUND");
      });
    },
  },
  {
    name: "after the reload RvfStore.listSaved finds the same OPFS and IndexedDB files; the top level: only stores",
    async run() {
      const opfs = JSON.stringify(await RvfStore.listSaved({ directory: "listed" }));
      check(opfs === window.sessionStorage.getItem("listedOpfs"), `OPFS ${opfs}`);
      const idb = JSON.stringify(await RvfStore.listSaved({ directory: "listed", storage: "indexeddb" }));
      check(idb === window.sessionStorage.getItem("listedIdb"), `IndexedDB ${idb}`);
      const top = (await RvfStore.listSaved()).map((f) => f.name).sort();
      check(JSON.stringify(top) === JSON.stringify(["interrupted.rvf", "queue.rvf", "torn.rvf"]), `top level ${top}`);
    },
  },
  {
    name: "removeSaved deletes the OPFS copy",
    async run() {
      check(await RvfStore.removeSaved("saved/sample.rvf") === true, "removed");
      check(await RvfStore.removeSaved("saved/sample.rvf") === false, "already gone");
      await expectRvfError(RvfStore.load("saved/sample.rvf"), "NOT_FOUND");
    },
  },
];

/**
 * Facts for the record (printed by the Java test, asserting nothing): whether this browser has
 * FileSystemFileHandle.move and whether moving onto an existing name replaces that file. rvf.js does not use move:
 * createWritable's commit-on-close already swaps atomically.
 */
async function opfsFacts() {
  const facts = { move: typeof FileSystemFileHandle.prototype.move === "function" };
  if (facts.move) {
    const root = await navigator.storage.getDirectory();
    const write = async (name, text) => {
      const handle = await root.getFileHandle(name, { create: true });
      const stream = await handle.createWritable();
      await stream.write(text);
      await stream.close();
      return handle;
    };
    await write("facts-target", "old");
    const tmp = await write("facts-tmp", "new");
    try {
      await tmp.move("facts-target");
      facts.moveReplaces = await (await (await root.getFileHandle("facts-target")).getFile()).text() === "new";
    } catch (error) {
      facts.moveReplaces = false;
      facts.moveError = String(error?.name ?? error);
    }
    await root.removeEntry("facts-target").catch(() => {});
    await root.removeEntry("facts-tmp").catch(() => {});
  }
  return facts;
}

publish("rvfPersistResult", async () => {
  await init();
  const phase = new URL(location.href).searchParams.get("phase");
  const checks = phase === "write" ? WRITE : phase === "read" ? READ : [];
  check(checks.length > 0, `unknown phase ${phase}`);
  const results = await runChecks(checks);
  const facts = await opfsFacts().catch((error) => ({ error: String(error) }));
  return { results, facts };
});
