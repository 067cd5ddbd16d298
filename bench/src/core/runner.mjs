// The measurement loop for one adapter and one metric. Portable: it only uses the `platform` object for
// clocks and memory readings, so the same module runs under Node and in a page.
//
// platform = {
//   name,                      "node" | "chromium" | ...
//   now(),                     milliseconds, high resolution
//   memory(),                  { rss, heapUsed, external, arrayBuffers } in bytes, or null when unavailable
//   maxRss(),                  peak resident set of the process in bytes, or null
//   gc(),                      forces a collection when the runtime allows it (no-op otherwise)
//   url(path), readBytes(path) files below bench/ (package code and Wasm), quietConsole(), rvfDist*(): see
//                              src/node/platform.mjs and src/browser/platform.mjs; node: Node-only services
// }
import { SkipError, defaultModes } from './adapter.mjs';
import { recallAtK } from './groundtruth.mjs';
import { median, summarize } from './stats.mjs';

/**
 * Measures one adapter on one metric. workload = { spec, vectors, queries, truthIds (queries*k ordinals) }.
 * options = { k, m, efConstruction, efSweep, warmupQueries, warmupMs, repeats, openCheckQueries }.
 * Never throws: failures are recorded in the returned object (status "ok" | "skipped" | "failed").
 */
export async function runAdapter({ adapter, platform, workload, metric, options, log = () => {} }) {
  const { spec, vectors, queries, truthIds } = workload;
  const { dim, n } = spec;
  const k = options.k;
  const queryCount = queries.length / dim;
  const result = {
    adapter: adapter.name, label: adapter.label, package: adapter.package, kind: adapter.kind, metric, runtime: platform.name,
    status: 'ok', build: null, firstQueryMs: null, memory: null, modes: [], persistence: null, info: null, notes: [],
  };
  const queryAt = (i) => queries.subarray(i * dim, (i + 1) * dim);

  let index = null;
  try {
    if (adapter.runtimes && !adapter.runtimes.includes(platform.family ?? platform.name)) {
      throw new SkipError(`runs only in ${adapter.runtimes.join(', ')}`);
    }
    await adapter.load(platform);

    platform.gc();
    const before = platform.memory();
    const buildSpec = { dim, metric, n, vectors, m: options.m, efConstruction: options.efConstruction };
    log(`build ${n} x ${dim} ${metric}`);
    const buildStart = platform.now();
    index = await adapter.build(buildSpec);
    result.build = { ms: platform.now() - buildStart };
    platform.gc();
    const afterBuild = platform.memory();

    const modes = adapter.modes?.(options) ?? defaultModes(adapter.kind, options);
    // The first query after a build can pay for lazy work (an index built on first use): report it apart.
    // It uses the first approximate mode when there is one, since that is what a lazy index serves.
    const firstMode = modes.find((mode) => mode.params.efSearch !== undefined) ?? modes[0];
    index.prepare?.(firstMode.params);
    const firstStart = platform.now();
    index.search(queryAt(0), k, firstMode.params);
    result.firstQueryMs = platform.now() - firstStart;

    for (const mode of modes) {
      result.modes.push(measureMode(index, mode, { platform, queryAt, queryCount, k, truthIds, options }));
      const last = result.modes[result.modes.length - 1];
      log(`${mode.label}: recall ${last.recall.toFixed(4)}, p50 ${last.latency.p50.toFixed(3)} ms, ${last.qps.toFixed(0)} QPS`);
    }

    platform.gc();
    const afterQueries = platform.memory();
    result.memory = {
      wasmBytes: index.wasmMemoryBytes?.() ?? null,
      afterBuild: delta(afterBuild, before),
      afterQueries: delta(afterQueries, before),
      maxRss: platform.maxRss(),
    };
    result.stats = index.stats?.() ?? null;
    if (index.selfCheck) {                  // after the memory readings: a check may allocate
      const checkQueries = queries.subarray(0, Math.min(queryCount, options.openCheckQueries) * dim);
      try {
        result.selfCheck = index.selfCheck({ queries: checkQueries, k });
      } catch (error) {
        result.selfCheck = { error: String(error?.message ?? error) };
      }
    }

    result.persistence = await measurePersistence(adapter, index, buildSpec, result.modes, modes,
      { platform, queryAt, queryCount, k, options });
    index = result.persistence?.consumed ? null : index;
    if (result.persistence) delete result.persistence.consumed;
  } catch (error) {
    if (error instanceof SkipError) {
      result.status = 'skipped';
      result.reason = error.message;
    } else {
      result.status = 'failed';
      result.reason = String(error?.stack ?? error?.message ?? error);
    }
  } finally {
    try { index?.close?.(); } catch (error) { result.notes.push(`close failed: ${error}`); }
  }
  if (result.status !== 'skipped') {
    try { result.info = adapter.info?.() ?? null; } catch (error) { result.notes.push(`info failed: ${error}`); }
  }
  return result;
}

function measureMode(index, mode, { platform, queryAt, queryCount, k, truthIds, options }) {
  index.prepare?.(mode.params);
  // At least warmupQueries, and queries for at least warmupMs: the engine's optimizing tier compiles hot functions
  // in the background once they have run enough, and a mode's timed passes (a few ms each for HNSW at 10k) must not
  // share the machine's second core with that compilation (a one-time cost per page, not a steady state).
  const warmup = Math.min(options.warmupQueries, queryCount);
  const warmupEnd = platform.now() + (options.warmupMs ?? 0);
  for (let i = 0; i < warmup || platform.now() < warmupEnd; i++) index.search(queryAt(i % queryCount), k, mode.params);

  // `repeats` timed passes over all queries: latency percentiles pool every sample, QPS is the median pass.
  const repeats = Math.max(1, options.repeats ?? 1);
  const latencies = new Float64Array(queryCount * repeats);
  const found = new Int32Array(queryCount * k).fill(-1);
  const passQps = [];
  for (let r = 0; r < repeats; r++) {
    const loopStart = platform.now();
    for (let i = 0; i < queryCount; i++) {
      const start = platform.now();
      const ids = index.search(queryAt(i), k, mode.params);
      latencies[r * queryCount + i] = platform.now() - start;
      const count = Math.min(ids.length, k);
      for (let j = 0; j < count; j++) found[i * k + j] = ids[j];
    }
    passQps.push(queryCount / ((platform.now() - loopStart) / 1000));
  }
  return {
    label: mode.label,
    params: mode.params,
    recall: recallAtK(found, truthIds, queryCount, k),
    latency: summarize(latencies),
    qps: median(passQps),
    passQps,
    queries: queryCount,
    repeats,
    found,            // kept for the reopen check; dropped before the result is written
  };
}

/** Serialize, reopen from the serialized form, and check the reopened index answers like the original. */
async function measurePersistence(adapter, index, buildSpec, measured, modes, { platform, queryAt, queryCount, k, options }) {
  if (!index.serialize) return { supported: false, reason: adapter.persistenceNote ?? 'no serialization API' };
  const out = { supported: true };
  let serialized;
  try {
    const start = platform.now();
    serialized = await index.serialize();
    out.serializeMs = serialized.serializeMs ?? platform.now() - start;
    out.bytes = serialized.size;
    if (serialized.note) out.note = serialized.note;
    out.consumed = Boolean(serialized.consumesIndex);
  } catch (error) {
    return { supported: false, reason: `serialize failed: ${error?.message ?? error}` };
  }
  if (!adapter.open) {
    out.open = { supported: false, reason: adapter.openNote ?? 'no open-from-bytes API' };
    return out;
  }
  let reopened = null;
  try {
    const start = platform.now();
    reopened = await adapter.open(serialized, buildSpec);
    const openMs = reopened.openMs ?? platform.now() - start;
    // Compare the reopened index with the original on the mode measured first (same parameters).
    const mode = modes[0];
    reopened.prepare?.(mode.params);
    const firstStart = platform.now();
    const checkCount = Math.min(options.openCheckQueries, queryCount);
    let same = 0, total = 0;
    for (let i = 0; i < checkCount; i++) {
      const ids = reopened.search(queryAt(i), k, mode.params);
      if (i === 0) out.firstQueryAfterOpenMs = platform.now() - firstStart;
      const original = measured[0].found.subarray(i * k, (i + 1) * k);
      const set = new Set(Array.from(original).filter((x) => x >= 0));
      for (let j = 0; j < Math.min(ids.length, k); j++) if (set.has(ids[j])) same++;
      total += set.size;
    }
    out.open = { supported: true, ms: openMs, agreement: total ? same / total : null, checkedQueries: checkCount, mode: mode.label };
  } catch (error) {
    out.open = { supported: false, reason: `open failed: ${String(error?.message ?? error).slice(0, 300)}` };
  } finally {
    try { reopened?.close?.(); } catch { /* the reopened copy is thrown away */ }
  }
  return out;
}

function delta(after, before) {
  if (!after || !before) return null;
  const out = {};
  for (const key of Object.keys(after)) out[key] = after[key] - before[key];
  return out;
}

/** Drops per-query data that only the runner needs. */
export function forJson(result) {
  return { ...result, modes: result.modes.map(({ found, ...rest }) => rest) };
}
