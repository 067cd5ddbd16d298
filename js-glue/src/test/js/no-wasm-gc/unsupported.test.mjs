// Run with Node 20 (no final Wasm GC encoding): every way of loading rvf.wasm must reject with an RvfError that
// names the engines that work, never a raw CompileError.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import init, { _internal, RvfError } from "../../../../target/dist/rvf.js";

const WASM_URL = new URL("../../../../target/dist/rvf.wasm", import.meta.url);

function unsupportedEngine(error) {
  assert.ok(error instanceof RvfError, `expected an RvfError, got ${error?.stack ?? error}`);
  assert.equal(error.code, "UNSUPPORTED");
  assert.equal(error.status, -28);
  for (const minimum of ["Chrome/Edge 119", "Firefox 120", "Safari 18.2", "Node.js 22", "Deno 1.38"]) {
    assert.ok(error.message.includes(minimum), `"${error.message}" does not name ${minimum}`);
  }
  return true;
}

test("this engine really lacks Wasm GC: compiling rvf.wasm directly fails", async () => {
  await assert.rejects(WebAssembly.compile(await readFile(WASM_URL)), WebAssembly.CompileError);
});

test("init() rejects with RvfError UNSUPPORTED naming the minimum versions", async () => {
  await assert.rejects(init(), unsupportedEngine);
  await assert.rejects(init(), unsupportedEngine, "a retry fails the same way");
});

test("every input form is refused the same way", async () => {
  const bytes = await readFile(WASM_URL);
  for (const source of [WASM_URL, bytes, new Response(bytes, { headers: { "content-type": "application/wasm" } })]) {
    await assert.rejects(_internal.load(source), unsupportedEngine);
  }
});
