// The basic RvfStore flow as plain checks (some async) without imports (rvf.js is passed in), so the same checks run inside
// workerd (workerd/store_worker.mjs) and in a Chromium page (tests-browser page/store.mjs). Expected answers are
// computed here: float64 brute force, counts that follow from the data.

export class StoreCheckFailure extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new StoreCheckFailure(message);
  }
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual, (k, v) => (typeof v === "bigint" ? `${v}n` : v));
  const x = JSON.stringify(expected, (k, v) => (typeof v === "bigint" ? `${v}n` : v));
  check(a === x, `${what}: expected ${x}, got ${a}`);
}

function throwsRvfError(rvf, code, call, what) {
  try {
    call();
  } catch (error) {
    check(error instanceof rvf.RvfError, `${what}: not an RvfError: ${error?.stack ?? error}`);
    check(error.code === code, `${what}: ${error.code} (${error.message}), expected ${code}`);
    return;
  }
  throw new StoreCheckFailure(`${what}: no error, expected ${code}`);
}

/** 60 vectors of dimension 6 from a fixed LCG, ids 100..159, metadata { group: i % 3, label }. */
function data() {
  let x = 12345;
  const vectors = new Float32Array(60 * 6);
  for (let i = 0; i < vectors.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    vectors[i] = (x / 2 ** 32) * 2 - 1;
  }
  const ids = Array.from({ length: 60 }, (_, i) => 100 + i);
  const metadata = ids.map((id, i) => ({ group: i % 3, label: `v${id}` }));
  return { vectors, ids, metadata };
}

/** The k nearest ids by float64 squared L2 among those `keep` accepts. */
function nearest({ vectors, ids }, query, k, keep = () => true) {
  return ids.map((id, i) => ({ id, i, d: query.reduce((s, q, j) => s + (q - vectors[i * 6 + j]) ** 2, 0) }))
    .filter(({ i }) => keep(i)).sort((a, b) => a.d - b.d || a.id - b.id).slice(0, k).map(({ id }) => id);
}

const QUERY = Float32Array.of(0.25, -0.5, 0.1, 0.9, -0.3, 0);

export const STORE_CHECKS = [
  {
    name: "create, ingest with metadata, query (exact, HNSW, filtered), status",
    run(rvf) {
      const d = data();
      const s = rvf.RvfStore.create(6, "l2", { m: 8, efConstruction: 64 });
      try {
        same(s.ingest(d.vectors, d.ids, d.metadata), { accepted: 60, rejected: 0, epoch: 1 }, "ingest");
        same(s.query(QUERY, 5, { exact: true }).map((h) => h.id), nearest(d, QUERY, 5), "exact");
        same(s.query(QUERY, 5, { efSearch: 100 }).map((h) => h.id), nearest(d, QUERY, 5), "HNSW (ef 100 of 60)");
        same(s.query(QUERY, 4, { filter: { op: "eq", field: "group", value: 1 } }).map((h) => h.id),
          nearest(d, QUERY, 4, (i) => i % 3 === 1), "filtered");
        const hits = s.query(QUERY, 3, { exact: true });
        const i0 = d.ids.indexOf(hits[0].id);
        const d0 = QUERY.reduce((sum, q, j) => sum + (q - d.vectors[i0 * 6 + j]) ** 2, 0);
        check(Math.abs(hits[0].distance - d0) < 1e-5, `distance ${hits[0].distance} vs ${d0}`);
        const status = s.status();
        same([status.totalVectors, status.dimension, status.metric, status.epoch, status.index.state,
          status.index.nodes, status.index.m], [60, 6, "l2", 1, "built", 60, 8], "status");
        same(s.metadata(101), { group: 1, label: "v101" }, "metadata");
      } finally {
        s.close();
      }
    },
  },
  {
    name: "delete, deleteByFilter, compact, segments, verifyWitness",
    run(rvf) {
      const d = data();
      const s = rvf.RvfStore.create(6, "l2");
      try {
        s.ingest(d.vectors, d.ids, d.metadata);
        same(s.delete([100, 101, 99999]), { deleted: 2, epoch: 2 }, "delete");
        same(s.deleteByFilter({ op: "eq", field: "group", value: 2 }), { deleted: 20, epoch: 3 }, "deleteByFilter");
        same(s.query(QUERY, 60, { exact: true }).length, 38, "live after deletes");
        same([s.status().totalVectors, s.status().deletedVectors], [38, 22], "status after deletes");
        same(s.compact().segmentsCompacted, 22, "compact");
        same([s.status().totalVectors, s.status().deletedVectors], [38, 0], "status after compact");
        same(s.query(QUERY, 3).map((h) => h.id), nearest(d, QUERY, 3, (i) => i > 1 && i % 3 !== 2), "after compact");
        const types = s.segments().map((x) => x.segType);
        check(types.includes("vec") && types.includes("manifest") && types.includes("witness"), `segments ${types}`);
        check(s.segments().every((x) => x.hashOk), "every hash checks out");
        const witness = s.verifyWitness();
        check(witness.valid && witness.entries > 0, `witness ${JSON.stringify(witness)}`);
      } finally {
        s.close();
      }
    },
  },
  {
    name: "export -> open answers the same; read-only refuses writes; derive, kernel, eBPF",
    run(rvf) {
      const d = data();
      const s = rvf.RvfStore.create(6, "cosine");
      try {
        s.ingest(d.vectors, d.ids, d.metadata);
        const kernelId = s.embedKernel(1, 2, 0, new Uint8Array([1, 2, 3, 4]), 8080, "quiet");
        check(kernelId > 0, `kernel segment id ${kernelId}`);
        same(Array.from(s.extractKernel().image), [1, 2, 3, 4, 113, 117, 105, 101, 116], "kernel image + cmdline");
        s.embedEbpf(1, 2, 6, new Uint8Array([9, 8]), new Uint8Array([7]));
        same(Array.from(s.extractEbpf().payload), [9, 8, 7], "eBPF program + BTF");
        const file = s.export();
        const copy = rvf.RvfStore.open(file, { readOnly: true });
        try {
          same(copy.query(QUERY, 5), s.query(QUERY, 5), "same answers");
          same(copy.fileId(), s.fileId(), "same file id");
          same(copy.status().index.state, "loaded", "index loaded from the file");
          same(Array.from(copy.export()), Array.from(file), "read-only export");
          throwsRvfError(rvf, "READ_ONLY", () => copy.delete([100]), "read-only delete");
        } finally {
          copy.close();
        }
        const child = s.derive("snapshot");
        try {
          same([child.parentId(), child.lineageDepth(), child.dimension, child.status().totalVectors],
            [s.fileId(), 1, 6, 0], "derived child");
        } finally {
          child.close();
        }
      } finally {
        s.close();
      }
    },
  },
  {
    name: "openStream: a Response and a chunked ReadableStream open as open(bytes); a broken stream leaves nothing",
    async run(rvf, { exports }) {
      const d = data();
      const s = rvf.RvfStore.create(6, "l2");
      try {
        s.ingest(d.vectors, d.ids, d.metadata); // its vectors take a block of the module's
        const blocks = exports.rvf_debug_live_blocks();
        const file = s.export();
        const chunks = (fail) => new ReadableStream({
          start(controller) {
            for (let at = 0; at < file.length; at += 333) {
              controller.enqueue(file.slice(at, at + 333));
            }
            if (fail) {
              controller.error(new Error("connection reset"));
            } else {
              controller.close();
            }
          },
        });
        for (const [what, source] of [["Response", new Response(file.slice())], ["stream", chunks(false)]]) {
          const copy = await rvf.RvfStore.openStream(source);
          try {
            same(copy.query(QUERY, 5), s.query(QUERY, 5), `${what}: same answers`);
            same(copy.metadata(100), s.metadata(100), `${what}: metadata`);
            same(Array.from(copy.export()), Array.from(file), `${what}: same file`);
          } finally {
            copy.close();
          }
        }
        let failure = null;
        await rvf.RvfStore.openStream(chunks(true)).catch((error) => { failure = error; });
        same(failure?.message, "connection reset", "the stream's error reaches the caller");
        same(exports.rvf_debug_live_blocks(), blocks, "no block left behind");
      } finally {
        s.close();
      }
    },
  },
  {
    name: "misuse throws RvfError; a closed store throws CLOSED; no block or store is left behind",
    run(rvf, { exports }) {
      const blocks = exports.rvf_debug_live_blocks();
      const stores = exports.rvf_debug_open_stores();
      const s = rvf.RvfStore.create(3);
      s.ingest([[1, 2, 3]], [1]);
      throwsRvfError(rvf, "DIMENSION_MISMATCH", () => s.query([1, 2], 1), "wrong dimension");
      throwsRvfError(rvf, "NON_FINITE", () => s.ingest([[1, NaN, 3]], [2]), "NaN");
      throwsRvfError(rvf, "INVALID_ARGUMENT", () => s.query([1, 2, 3], 0), "k = 0");
      throwsRvfError(rvf, "NO_MANIFEST", () => rvf.RvfStore.open(new Uint8Array(200).fill(7)), "garbage file");
      same(s.query([1, 2, 3], 1), [{ id: 1, distance: 0 }], "still answers");
      s.close();
      throwsRvfError(rvf, "CLOSED", () => s.query([1, 2, 3], 1), "closed");
      same([exports.rvf_debug_live_blocks(), exports.rvf_debug_open_stores()], [blocks, stores], "leftovers");
    },
  },
];

/**
 * Runs every check, one after another; resolves to one result per check. `rvf` is the rvf.js module, `instance` what
 * init() returned.
 */
export async function runStoreChecks(rvf, instance) {
  const results = [];
  for (const { name, run } of STORE_CHECKS) {
    try {
      await run(rvf, instance);
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: String(error?.stack ?? error) });
    }
  }
  return results;
}
