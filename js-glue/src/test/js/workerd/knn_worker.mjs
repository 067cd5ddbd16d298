// A Cloudflare Worker that serves k-NN search over HTTP from a bundled .rvf file (issue 5), run by
// WorkerdKnnServiceTest in `workerd serve`. rvf.wasm is a wasm module of the worker (a WebAssembly.Module, since
// Workers refuse to compile Wasm at run time) and the .rvf file a data module (an ArrayBuffer).
//
//   POST /query  {"vector": [..], "k": 10, "exact": false, "efSearch": 0}  -> {"hits": [{"id", "distance"}]}
//   POST /ingest {"vectors": [[..], ..], "ids": [..]}                      -> {"accepted", "rejected", "epoch"}
//   GET  /status                                                          -> {"totalVectors", "dimension", ...}
//   RvfError -> 400 {"code", "message"}; a body that is not JSON -> 400 {"code": "BAD_JSON", "message"}
import init, { RvfError, RvfStore } from "./rvf.js";
import wasm from "./rvf.wasm";
import baseFile from "./base.rvf";

/** The store of this isolate: opened from the bundled file on the first request, then changed by /ingest. */
let opening = null;

function store() {
  if (opening === null) {
    const pending = init(wasm).then(() => RvfStore.open(new Uint8Array(baseFile)));
    opening = pending;
    // A failed open is not kept: the next request tries again.
    pending.catch(() => {
      if (opening === pending) {
        opening = null;
      }
    });
  }
  return opening;
}

class BadRequest extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function jsonBody(request) {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new BadRequest("BAD_JSON", `the request body is not JSON: ${cause.message}`);
  }
}

function requireObject(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new BadRequest("BAD_JSON", "the request body must be a JSON object");
  }
  return body;
}

async function query(request, s) {
  const { vector, k, exact, efSearch } = requireObject(await jsonBody(request));
  const hits = s.query(vector, k ?? 10, { exact: exact === true, efSearch: efSearch ?? 0 });
  return { hits };
}

async function ingest(request, s) {
  const { vectors, ids } = requireObject(await jsonBody(request));
  return s.ingest(vectors, ids);
}

function status(s) {
  const { totalVectors, deletedVectors, dimension, metric, epoch, fileSizeBytes } = s.status();
  return { totalVectors, deletedVectors, dimension, metric, epoch, fileSizeBytes };
}

const ROUTES = new Map([
  ["POST /query", query],
  ["POST /ingest", ingest],
  ["GET /status", (request, s) => status(s)],
]);

export default {
  async fetch(request) {
    const route = ROUTES.get(`${request.method} ${new URL(request.url).pathname}`);
    if (route === undefined) {
      return Response.json({ code: "NOT_FOUND", message: "routes: POST /query, POST /ingest, GET /status" },
        { status: 404 });
    }
    try {
      return Response.json(await route(request, await store()));
    } catch (error) {
      if (error instanceof RvfError || error instanceof BadRequest) {
        return Response.json({ code: error.code, message: error.message }, { status: 400 });
      }
      return Response.json({ code: "INTERNAL", message: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
