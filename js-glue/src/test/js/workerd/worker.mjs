// A Cloudflare Worker (run by workerd from WorkerdTest) that loads the packaged rvf.js with rvf.wasm embedded as
// a WebAssembly.Module, the only way Workers accept Wasm.
import init, { _internal, RvfError } from "./rvf.js";
import wasm from "./rvf.wasm";
import { runAbiChecks } from "./abi_checks.mjs";

const { input, output } = _internal;

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** What only Workers can show: how rvf.js copes with an embedded module and with compilation being refused. */
const WORKER_CHECKS = [
  {
    name: "init(module) uses the embedded module; its strings go through the polyfill",
    run() {
      const runtime = _internal.runtime();
      check(runtime.compiledBy === "module", `compiledBy ${runtime.compiledBy}`);
      check(runtime.stringBuiltins === false, "workerd compiled the embedded module with js-string builtins");
    },
  },
  {
    name: "compiling bytes at run time is refused with RvfError UNSUPPORTED and a hint",
    async run() {
      const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
      try {
        await _internal.load(bytes);
      } catch (error) {
        check(error instanceof RvfError && error.code === "UNSUPPORTED", `got ${error}`);
        check(error.message.includes("pass the WebAssembly.Module to init()"), error.message);
        return;
      }
      throw new Error("compiling bytes succeeded inside a Worker");
    },
  },
  {
    name: "a negative status surfaces as RvfError with the module's message",
    run() {
      try {
        _internal.runtime().call("tile_dot_f32", input(new Float32Array(2)), input(new Float32Array(2)), 3,
          output(Float32Array, 1));
      } catch (error) {
        check(error instanceof RvfError && error.code === "BAD_POINTER", `got ${error}`);
        check(error.message.startsWith("pointer or length outside a live allocated block - tile_dot_f32"),
          error.message);
        return;
      }
      throw new Error("no error for a dim past the inputs");
    },
  },
];

async function runAll() {
  const instance = await init(wasm);
  const results = runAbiChecks(instance);
  for (const { name, run } of WORKER_CHECKS) {
    try {
      await run();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: String(error?.stack ?? error) });
    }
  }
  return results;
}

/** Parses "1,2.5,-3" into floats. */
function floats(text) {
  return Float32Array.from((text ?? "").split(",").filter((s) => s !== "").map(Number));
}

export default {
  async test() {
    const results = await runAll();
    for (const { name, ok, error } of results) {
      console.log(ok ? `ok - ${name}` : `not ok - ${name}\n${error}`);
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`workerd checks: ${results.length - failed} passed, ${failed} failed`);
    if (failed > 0) {
      throw new Error(`${failed} workerd check(s) failed`);
    }
  },

  /** GET /dot?a=1,2,3&b=4,5,6 -> {"dot": 32}; errors -> 400 {"code", "message"}. */
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/dot") {
      return new Response("not found", { status: 404 });
    }
    await init(wasm);
    const a = floats(url.searchParams.get("a"));
    const b = floats(url.searchParams.get("b"));
    try {
      const { outputs } = _internal.runtime().call("tile_dot_f32", input(a), input(b), a.length,
        output(Float32Array, 1));
      // tile_dot_f32 returns the store's dot distance, the negated dot product.
      return Response.json({ dot: -outputs[0][0] });
    } catch (error) {
      if (error instanceof RvfError) {
        return Response.json({ code: error.code, message: error.message }, { status: 400 });
      }
      throw error;
    }
  },
};
