// A Cloudflare Worker (run by WorkerdStoreTest) that drives RvfStore: rvf.wasm embedded as a WebAssembly.Module,
// the shared store checks (store_checks.mjs) in `workerd test`, and a store kept across requests in `workerd serve`.
import * as rvf from "./rvf.js";
import wasm from "./rvf.wasm";
import { runStoreChecks } from "./store_checks.mjs";

let store = null;

/** One store per isolate, made on the first request and reused by later ones. */
async function sharedStore() {
  await rvf.default(wasm);
  if (store === null) {
    store = rvf.RvfStore.create(3, "l2");
  }
  return store;
}

export default {
  async test() {
    const instance = await rvf.default(wasm);
    const results = await runStoreChecks(rvf, instance);
    for (const { name, ok, error } of results) {
      console.log(ok ? `ok - ${name}` : `not ok - ${name}\n${error}`);
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`workerd store checks: ${results.length - failed} passed, ${failed} failed`);
    if (failed > 0) {
      throw new Error(`${failed} workerd store check(s) failed`);
    }
  },

  /**
   * POST /ingest?id=7 with body "1,2,3" -> {accepted, epoch}; GET /query?v=1,2,3&k=2 -> [{id, distance}];
   * RvfError -> 400 {code, message}.
   */
  async fetch(request) {
    const url = new URL(request.url);
    const s = await sharedStore();
    const floats = (text) => (text ?? "").split(",").filter((x) => x !== "").map(Number);
    try {
      if (url.pathname === "/ingest" && request.method === "POST") {
        const { accepted, epoch } = s.ingest([floats(await request.text())], [Number(url.searchParams.get("id"))]);
        return Response.json({ accepted, epoch });
      }
      if (url.pathname === "/query") {
        return Response.json(s.query(floats(url.searchParams.get("v")), Number(url.searchParams.get("k") ?? 1)));
      }
      return new Response("not found", { status: 404 });
    } catch (error) {
      if (error instanceof rvf.RvfError) {
        return Response.json({ code: error.code, message: error.message }, { status: 400 });
      }
      throw error;
    }
  },
};
