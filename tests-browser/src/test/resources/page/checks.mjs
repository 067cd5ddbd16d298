// Loads the packaged rvf.js the way a web page would (default init(): rvf.wasm fetched next to rvf.js), runs
// the shared raw-ABI checks plus browser-only ones, shows them and leaves the outcome in window.rvfResult.
import init, { _internal, RvfError } from "/dist/rvf.js";
import { runAbiChecks } from "/checks/abi_checks.mjs";
import { check, publish, runChecks } from "./harness.mjs";

async function rejectsWith(promise, code) {
  try {
    await promise;
  } catch (error) {
    check(error instanceof RvfError, `not an RvfError: ${error}`);
    check(error.code === code, `code ${error.code}, expected ${code}: ${error.message}`);
    return error;
  }
  throw new Error(`resolved, expected RvfError ${code}`);
}

const BROWSER_CHECKS = [
  {
    name: "init() fetched rvf.wasm beside rvf.js, compiled it while streaming, with the js-string builtins",
    run() {
      const runtime = _internal.runtime();
      check(runtime.compiledBy === "streaming", `compiledBy ${runtime.compiledBy}`);
      check(runtime.stringBuiltins === true, "no js-string builtins");
    },
  },
  {
    name: "a missing wasm URL (relative to the page) rejects with RvfError NOT_FOUND",
    async run() {
      const error = await rejectsWith(_internal.load("../dist/missing.wasm"), "NOT_FOUND");
      check(error.message.includes("/dist/missing.wasm: HTTP 404"), error.message);
    },
  },
  {
    name: "something that is not rvf.wasm rejects with RvfError INVALID_ARGUMENT",
    async run() {
      await rejectsWith(_internal.load(new Uint8Array([1, 2, 3])), "INVALID_ARGUMENT");
      await rejectsWith(_internal.load(new Response("<html>", { headers: { "content-type": "text/html" } })),
        "INVALID_ARGUMENT");
    },
  },
];

publish("rvfResult", async () => {
  const instance = await init();
  return { results: await runChecks(BROWSER_CHECKS, runAbiChecks(instance)) };
});
