// Saving stores in the browser's origin-private file system (OPFS). A save writes a new file, checks its size,
// and only then swaps it in for the previous copy, so an interrupted save never destroys the last good one.
const DIRECTORY = "rvf-demo";
const PENDING = ".saving";

export function opfsSupported() {
  return typeof navigator !== "undefined" && typeof navigator.storage?.getDirectory === "function"
    && typeof FileSystemFileHandle !== "undefined" && "createWritable" in FileSystemFileHandle.prototype;
}

async function directory() {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(DIRECTORY, { create: true });
}

/** A file name made of safe characters, ending in .rvf. */
export function storageName(name) {
  const base = String(name).replace(/\.(rvf|rvdna)$/i, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "")
    .slice(0, 80);
  return `${base || "store"}.rvf`;
}

/** Writes `bytes` as `name` (see storageName); returns the name used. */
export async function saveToOpfs(name, bytes) {
  const file = storageName(name);
  const dir = await directory();
  const pending = await dir.getFileHandle(file + PENDING, { create: true });
  const writable = await pending.createWritable();
  try {
    await writable.write(bytes);
    await writable.close();
  } catch (e) {
    await writable.abort().catch(() => {});
    await dir.removeEntry(file + PENDING).catch(() => {});
    throw e;
  }
  const written = await pending.getFile();
  if (written.size !== bytes.length) {
    await dir.removeEntry(file + PENDING).catch(() => {});
    throw new Error(`browser storage kept ${written.size} of ${bytes.length} bytes; the previous copy is unchanged`);
  }
  await swapIn(dir, pending, file, bytes);
  return file;
}

/** Replaces `file` with the pending copy: an atomic rename where the browser has one, else copy then delete. */
async function swapIn(dir, pending, file, bytes) {
  if (typeof pending.move === "function") {
    try {
      await pending.move(dir, file);
      return;
    } catch {
      // some engines refuse to move onto an existing name: fall through to the copy (the pending file stays
      // until the copy is complete, so a good copy exists at every moment)
    }
  }
  const target = await dir.getFileHandle(file, { create: true });
  const writable = await target.createWritable(); // writes to a swap file; the target changes only on close()
  await writable.write(bytes);
  await writable.close();
  await dir.removeEntry(file + PENDING);
}

/** Saved stores: [{ name, size, lastModified }], newest first. Unfinished saves are not listed. */
export async function listOpfs() {
  const dir = await directory();
  const out = [];
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind === "file" && name.endsWith(".rvf")) {
      const f = await handle.getFile();
      out.push({ name, size: f.size, lastModified: f.lastModified });
    }
  }
  return out.sort((a, b) => b.lastModified - a.lastModified || a.name.localeCompare(b.name));
}

export async function readOpfs(name) {
  const dir = await directory();
  const handle = await dir.getFileHandle(name);
  return new Uint8Array(await (await handle.getFile()).arrayBuffer());
}

export async function removeOpfs(name) {
  const dir = await directory();
  await dir.removeEntry(name);
}
