// init() after a failed init(): the failure is not cached. Its own file, so that nothing initialized rvf.js before.
import { test } from "node:test";
import assert from "node:assert/strict";
import init, { _internal, RvfError } from "../../../target/dist/rvf.js";

test("a failed init() is not cached: the next call loads the module", async () => {
  const missing = new URL("../../../target/dist/missing.wasm", import.meta.url);
  await assert.rejects(init(missing), (error) => error instanceof RvfError && error.code === "NOT_FOUND");
  assert.equal(_internal.runtime(), null);
  const instance = await init();
  assert.equal(typeof instance.exports.rvf_alloc, "function");
  assert.equal(_internal.runtime().instance, instance);
  assert.equal(await init(missing), instance, "once loaded, later inputs are ignored");
});
