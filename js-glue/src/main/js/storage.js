// Where RvfStore.save() and RvfDatabase keep bytes: files (Deno, Node), OPFS, IndexedDB.

import { RvfError } from "./errors.js";
import { describe, hasFileSystem } from "./runtime.js";

// Storage: where RvfStore.save() and RvfDatabase keep bytes. One small interface, three backends:
//   read(name) -> Uint8Array | null    write(name, bytes) (the old copy survives until the new one is complete)
//   remove(name) -> whether it existed     list(directory) -> [{ name, size, lastModified }] of its ".rvf" files
// and, where the stored bytes are a File (OPFS, IndexedDB), blob(name) -> Blob | null, which RvfStore.load streams
// into the module instead of reading all of it into JS first.
// Files (Deno, Node) are written to "<name>.tmp-<random>" and renamed over the old file. OPFS writes through
// createWritable(), whose data goes to a swap file that replaces the old file only when close() succeeds (the File
// System spec's atomic-commit rule; Chromium's ".crswap"); a failed write aborts the stream, leaving the old
// file. (Chromium 156 also has FileSystemFileHandle.move, which replaces an existing file - ChromiumPersistTest
// prints it - but a "name.tmp" + move pair could leave a stray .tmp behind; the swap file is the browser's to clean.)
// Where OPFS is missing, IndexedDB stores each name as one record (a File: bytes, size and lastModified), replaced
// in a single transaction; its "directories" are key prefixes ("dir/").

const STORAGE_KINDS = ["file", "opfs", "indexeddb"];
/** OPFS writes in chunks, so a huge store does not need a second whole copy in a single write() call. */
const OPFS_CHUNK = 4 << 20;

export function storageName(name) {
  if (typeof name !== "string" || name.length === 0) {
    throw new RvfError("INVALID_ARGUMENT", `a storage name must be a non-empty string, not ${describe(name)}`);
  }
  return name;
}

/** The backend `kind` names ("file", "opfs", "indexeddb"), or the best one this runtime has. */
export async function storageFor(kind) {
  if (kind !== undefined && kind !== null && !STORAGE_KINDS.includes(kind)) {
    throw new RvfError("INVALID_ARGUMENT", `storage must be one of ${STORAGE_KINDS.join(", ")}, not ${kind}`);
  }
  const chosen = kind ?? (hasFileSystem() ? "file" : hasOpfs() ? "opfs"
      : typeof globalThis.indexedDB === "object" && globalThis.indexedDB !== null ? "indexeddb" : null);
  switch (chosen) {
    case "file":
      if (!hasFileSystem()) {
        throw new RvfError("UNSUPPORTED", "file storage needs Deno or Node");
      }
      return typeof globalThis.Deno?.version === "object" ? DENO_FILES : await nodeFiles();
    case "opfs":
      if (!hasOpfs()) {
        throw new RvfError("UNSUPPORTED", "this runtime has no origin private file system with writable files");
      }
      return OPFS;
    case "indexeddb":
      if (typeof globalThis.indexedDB !== "object" || globalThis.indexedDB === null) {
        throw new RvfError("UNSUPPORTED", "this runtime has no IndexedDB");
      }
      return INDEXED_DB;
    default:
      throw new RvfError("UNSUPPORTED", "this runtime has no storage RVF can use (files, OPFS or IndexedDB)");
  }
}

/** OPFS as the window uses it: Safari had getDirectory() years before it had createWritable() outside workers. */
function hasOpfs() {
  return typeof globalThis.navigator?.storage?.getDirectory === "function"
    && typeof globalThis.FileSystemFileHandle?.prototype?.createWritable === "function";
}

/** The saved stores listSaved() reports: temporaries, swap files and ".idmap.json" sidecars end otherwise. */
const isStoreName = (name) => name.endsWith(".rvf");

/** `directory` without "." parts and empty parts; "" for the top level. ".." is refused (OPFS and IndexedDB). */
function pathParts(path) {
  const parts = path.split("/").filter((p) => p.length > 0 && p !== ".");
  if (parts.includes("..")) {
    throw new RvfError("INVALID_ARGUMENT", `"${path}" climbs out of the storage root`);
  }
  return parts;
}

/** Wraps a storage failure (permissions, quota, I/O) in an RvfError, keeping the cause. */
function storageError(what, name, cause) {
  if (cause instanceof RvfError) {
    return cause;
  }
  return new RvfError("INTERNAL", `could not ${what} "${name}": ${cause?.message ?? cause}`, { cause });
}

const tmpSuffix = () => `.tmp-${Math.random().toString(36).slice(2, 10)}`;

const DENO_FILES = Object.freeze({
  kind: "file",
  async read(name) {
    try {
      return await Deno.readFile(name);
    } catch (cause) {
      if (cause instanceof Deno.errors.NotFound) {
        return null;
      }
      throw storageError("read", name, cause);
    }
  },
  async write(name, bytes) {
    const tmp = name + tmpSuffix();
    try {
      const file = await Deno.open(tmp, { write: true, create: true, truncate: true });
      try {
        for (let at = 0; at < bytes.length;) {
          at += await file.write(bytes.subarray(at));
        }
        await file.sync();
      } finally {
        file.close();
      }
      await Deno.rename(tmp, name);
    } catch (cause) {
      await Deno.remove(tmp).catch(() => {});
      throw storageError("write", name, cause);
    }
  },
  async remove(name) {
    try {
      await Deno.remove(name);
      return true;
    } catch (cause) {
      if (cause instanceof Deno.errors.NotFound) {
        return false;
      }
      throw storageError("remove", name, cause);
    }
  },
  async list(directory) {
    const dir = directory || ".";
    const found = [];
    try {
      for await (const { name } of Deno.readDir(dir)) {
        // stat, not the entry's isFile: a link to a saved store counts; a file gone meanwhile does not.
        const info = isStoreName(name) ? await Deno.stat(`${dir}/${name}`).catch(() => null) : null;
        if (info?.isFile) {
          found.push({ name, size: info.size, lastModified: info.mtime?.getTime() ?? 0 });
        }
      }
    } catch (cause) {
      if (!(cause instanceof Deno.errors.NotFound)) {
        throw storageError("list", dir, cause);
      }
    }
    return found;
  },
});

let nodeFilesBackend = null;

async function nodeFiles() {
  if (nodeFilesBackend === null) {
    // In a variable so that bundlers for the browser leave this Node-only import alone (as in compileFile).
    const fsModule = "node:fs/promises";
    const fs = await import(fsModule);
    nodeFilesBackend = Object.freeze({
      kind: "file",
      async read(name) {
        try {
          return new Uint8Array(await fs.readFile(name));
        } catch (cause) {
          if (cause?.code === "ENOENT") {
            return null;
          }
          throw storageError("read", name, cause);
        }
      },
      async write(name, bytes) {
        const tmp = name + tmpSuffix();
        try {
          const file = await fs.open(tmp, "w");
          try {
            await file.writeFile(bytes);
            await file.sync();
          } finally {
            await file.close();
          }
          await fs.rename(tmp, name);
        } catch (cause) {
          await fs.rm(tmp, { force: true }).catch(() => {});
          throw storageError("write", name, cause);
        }
      },
      async remove(name) {
        try {
          await fs.unlink(name);
          return true;
        } catch (cause) {
          if (cause?.code === "ENOENT") {
            return false;
          }
          throw storageError("remove", name, cause);
        }
      },
      async list(directory) {
        const dir = directory || ".";
        let names;
        try {
          names = await fs.readdir(dir);
        } catch (cause) {
          if (cause?.code === "ENOENT") {
            return [];
          }
          throw storageError("list", dir, cause);
        }
        const found = [];
        for (const name of names.filter(isStoreName)) {
          const info = await fs.stat(`${dir}/${name}`).catch(() => null); // as in Deno: links count, gone files not
          if (info?.isFile()) {
            found.push({ name, size: info.size, lastModified: Math.trunc(info.mtimeMs) });
          }
        }
        return found;
      },
    });
  }
  return nodeFilesBackend;
}

/** The OPFS directory holding `name` ("a/b/c.rvf": directories a and b) and the file's own name. */
async function opfsLocation(name, create) {
  const parts = pathParts(name);
  if (parts.length === 0) {
    throw new RvfError("INVALID_ARGUMENT", `"${name}" is not a usable OPFS path`);
  }
  return { dir: await opfsDirectory(parts.slice(0, -1), create), file: parts.at(-1) };
}

async function opfsDirectory(parts, create) {
  let dir = await navigator.storage.getDirectory();
  for (const part of parts) {
    dir = await dir.getDirectoryHandle(part, { create });
  }
  return dir;
}

const isNotFound = (error) => error?.name === "NotFoundError";

const OPFS = Object.freeze({
  kind: "opfs",
  async read(name) {
    try {
      const { dir, file } = await opfsLocation(name, false);
      const handle = await dir.getFileHandle(file);
      return new Uint8Array(await (await handle.getFile()).arrayBuffer());
    } catch (cause) {
      if (isNotFound(cause)) {
        return null;
      }
      throw storageError("read", name, cause);
    }
  },
  async blob(name) {
    try {
      const { dir, file } = await opfsLocation(name, false);
      return await (await dir.getFileHandle(file)).getFile();
    } catch (cause) {
      if (isNotFound(cause)) {
        return null;
      }
      throw storageError("read", name, cause);
    }
  },
  async write(name, bytes) {
    let stream = null;
    try {
      const { dir, file } = await opfsLocation(name, true);
      const handle = await dir.getFileHandle(file, { create: true });
      // keepExistingData false: the swap file starts empty; the old file is untouched until close() commits.
      stream = await handle.createWritable({ keepExistingData: false });
      for (let at = 0; at < bytes.length; at += OPFS_CHUNK) {
        await stream.write(bytes.subarray(at, Math.min(bytes.length, at + OPFS_CHUNK)));
      }
      const done = stream;
      stream = null;
      await done.close();
    } catch (cause) {
      if (stream !== null) {
        await stream.abort().catch(() => {});
      }
      throw storageError("write", name, cause);
    }
  },
  async remove(name) {
    try {
      const { dir, file } = await opfsLocation(name, false);
      await dir.removeEntry(file);
      return true;
    } catch (cause) {
      if (isNotFound(cause)) {
        return false;
      }
      throw storageError("remove", name, cause);
    }
  },
  async list(directory) {
    const found = [];
    try {
      for await (const [name, handle] of (await opfsDirectory(pathParts(directory), false)).entries()) {
        if (handle.kind === "file" && isStoreName(name)) {
          const file = await handle.getFile();
          found.push({ name, size: file.size, lastModified: file.lastModified });
        }
      }
    } catch (cause) {
      if (!isNotFound(cause)) { // a directory that does not exist holds nothing
        throw storageError("list", directory, cause);
      }
    }
    return found;
  },
});

const IDB_NAME = "rvf-storage";
const IDB_STORE = "files";
let idbOpening = null;

function idbRequest(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function idbDatabase() {
  if (idbOpening === null) {
    const request = indexedDB.open(IDB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(IDB_STORE);
    idbOpening = idbRequest(request);
    idbOpening.catch(() => {
      idbOpening = null;
    });
  }
  return idbOpening;
}

/**
 * Runs `body(objectStore)` in one transaction; resolves to the result of the request it returns (or the results of
 * an array of requests) once the transaction commits.
 */
async function idbTransaction(mode, body) {
  const db = await idbDatabase();
  const tx = db.transaction(IDB_STORE, mode);
  const requests = body(tx.objectStore(IDB_STORE));
  const result = Array.isArray(requests) ? Promise.all(requests.map(idbRequest)) : idbRequest(requests);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
  });
  return result;
}

const INDEXED_DB = Object.freeze({
  kind: "indexeddb",
  async read(name) {
    try {
      const value = await idbTransaction("readonly", (s) => s.get(name));
      return value === undefined ? null : new Uint8Array(await value.arrayBuffer());
    } catch (cause) {
      throw storageError("read", name, cause);
    }
  },
  async blob(name) {
    try {
      return (await idbTransaction("readonly", (s) => s.get(name))) ?? null;
    } catch (cause) {
      throw storageError("read", name, cause);
    }
  },
  async write(name, bytes) {
    try {
      // A File carries its size and date for list(); one put = one atomic record.
      const file = new File([bytes], name.slice(name.lastIndexOf("/") + 1), { lastModified: Date.now() });
      await idbTransaction("readwrite", (s) => s.put(file, name));
    } catch (cause) {
      throw storageError("write", name, cause);
    }
  },
  async remove(name) {
    try {
      const existed = (await idbTransaction("readonly", (s) => s.count(name))) > 0;
      if (existed) {
        await idbTransaction("readwrite", (s) => s.delete(name));
      }
      return existed;
    } catch (cause) {
      throw storageError("remove", name, cause);
    }
  },
  async list(directory) {
    const parts = pathParts(directory);
    const prefix = parts.length === 0 ? "" : `${parts.join("/")}/`;
    try {
      // Listing reads the records' File handles, not their bytes.
      const range = prefix === "" ? null : IDBKeyRange.bound(prefix, `${prefix}\uffff`);
      const [keys, files] = await idbTransaction("readonly", (s) => [s.getAllKeys(range), s.getAll(range)]);
      return keys.map((key, i) => ({ name: key.slice(prefix.length), size: files[i].size,
        lastModified: files[i].lastModified }))
        .filter(({ name }) => !name.includes("/") && isStoreName(name));
    } catch (cause) {
      throw storageError("list", directory, cause);
    }
  },
});
