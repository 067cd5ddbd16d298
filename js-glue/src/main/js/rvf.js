/// <reference types="./rvf.d.ts" />
// RVF for the web: vector stores in rvf.wasm (Java compiled by TeaVM 0.15 to Wasm GC, C-style ABI) behind a JS API.
//
// Hand-written ES modules, no dependencies, no bundler. They never evaluate code (no eval / new Function) and can
// instantiate a precompiled WebAssembly.Module, so they also run inside Cloudflare Workers request handlers.
//
//   errors.js    RvfError, ERROR_CODES             codecs.js    metadata and filter encodings
//   runtime.js   init(), the instance, checked calls   store.js     RvfStore (synchronous)
//   storage.js   files / OPFS / IndexedDB             database.js  RvfDatabase (the reference SDK's async API)

export { default } from "./runtime.js";
export { ERROR_CODES, RvfError } from "./errors.js";
export { RvfStore } from "./store.js";
export { RvfDatabase } from "./database.js";
import { active, input, load, output } from "./runtime.js";
import { decodeRow, encodeFilter, encodeMetadata } from "./codecs.js";

/**
 * Not public API: the building blocks of the store API, exported for this package's own tests. They may change
 * in any release.
 */
export const _internal = Object.freeze({
  /** A fresh runtime that init() does not share (tests). */
  load,
  /** The runtime behind init(), or null before it resolved. */
  runtime: () => active,
  input,
  output,
  encodeFilter,
  encodeMetadata,
  decodeRow: (bytes) => decodeRow(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0).row,
});
