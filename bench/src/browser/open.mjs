// bench/open.html?file=/bench/.cache/<key>/rvf-web-cosine.rvf&runs=3 (served from the repository root): fetches the
// file (not timed), then per run: RvfStore.open(bytes) and the first query (default efSearch), each timed, and the
// index state after the query ("loaded" = the persisted graph answered; a rebuild would show "built").
// With &phases=1 each run goes through the raw exports instead, to split an open into its parts: rvf_alloc of the
// input block, the JS copy of the file into it, and rvf_open (parse, hash, decode) on it, adopting the block as
// RvfStore.open does.
// With &fetch=bytes or &fetch=stream each run starts at fetch() instead (the file is not fetched beforehand): "bytes"
// reads the whole body into JS and calls RvfStore.open(bytes), "stream" hands the Response to RvfStore.openStream.
// &rvfDist=/bench/.cache/distA/ loads rvf.js + rvf.wasm from another folder (served from the repository root).
// Publishes window.benchResults and the title bench:done / bench:error, like page.html.
const params = new URLSearchParams(location.search);
const output = document.getElementById('results');
const log = (line) => { output.textContent += `${line}\n`; };

async function main() {
  const file = params.get('file');
  const runs = Number(params.get('runs') ?? 3);
  const dist = new URL(params.get('rvfDist') ?? '../../../js-glue/target/dist/', import.meta.url);
  const { default: init, RvfStore } = await import(new URL('rvf.js', dist).href);
  const raw = await init(new URL('rvf.wasm', dist));
  const results = [];
  const fetchMode = params.get('fetch');
  for (let run = 1; run <= runs && fetchMode; run++) {
    const t0 = performance.now();
    const response = await fetch(file, { cache: 'no-store' });
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    const store = fetchMode === 'stream' ? await RvfStore.openStream(response)
      : RvfStore.open(new Uint8Array(await response.arrayBuffer()));
    const t1 = performance.now();
    const query = new Float32Array(store.dimension).map((_, i) => Math.sin(run * 7919 + i));
    store.query(query, 10);
    const t2 = performance.now();
    const r = { run, mode: fetchMode, openMs: t1 - t0, firstQueryMs: t2 - t1, totalMs: t2 - t0,
      indexState: store.status().index?.state };
    log(`run ${run}: fetch + ${fetchMode === 'stream' ? 'openStream(response)' : 'arrayBuffer + open(bytes)'} `
      + `${r.openMs.toFixed(0)} ms + first query ${r.firstQueryMs.toFixed(1)} ms = ${r.totalMs.toFixed(0)} ms `
      + `(index ${r.indexState})`);
    results.push(r);
    store.close();
    if (globalThis.gc) globalThis.gc();
  }
  if (fetchMode) {
    window.benchResults = { meta: { date: new Date().toISOString(), runtime: navigator.userAgent, file, fetchMode },
      results };
    output.textContent += `\nRESULTS ${JSON.stringify(window.benchResults)}\n`;
    document.title = 'bench:done';
    return;
  }
  const response = await fetch(file);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  log(`file ${file}: ${bytes.length} bytes`);
  for (let run = 1; run <= runs && params.get('phases'); run++) {
    const x = raw.exports;
    const t0 = performance.now();
    const ptr = x.rvf_alloc(bytes.length);
    const t1 = performance.now();
    new Uint8Array(raw.memory.buffer, ptr, bytes.length).set(bytes);
    const t2 = performance.now();
    const handle = x.rvf_open(ptr, bytes.length, 2); // adopt, as RvfStore.open: the store keeps the block
    const t3 = performance.now();
    if (handle <= 0) {
      x.rvf_free(ptr);
      throw new Error(`rvf_open failed: ${handle}`);
    }
    x.rvf_close(handle); // frees the block too
    const r = { run, allocMs: t1 - t0, copyMs: t2 - t1, rvfOpenMs: t3 - t2, openMs: t3 - t0 };
    log(`run ${run}: rvf_alloc ${r.allocMs.toFixed(0)} ms + copy into Wasm memory ${r.copyMs.toFixed(0)} ms `
      + `+ rvf_open ${r.rvfOpenMs.toFixed(0)} ms = ${r.openMs.toFixed(0)} ms`);
    results.push(r);
    if (globalThis.gc) globalThis.gc();
  }
  for (let run = 1; run <= runs && !params.get('phases'); run++) {
    const t0 = performance.now();
    const store = RvfStore.open(bytes);
    const t1 = performance.now();
    const status = store.status();
    const query = new Float32Array(status.dimension);
    for (let i = 0; i < query.length; i++) query[i] = Math.sin(run * 7919 + i);
    const hits = store.query(query, 10);
    const t2 = performance.now();
    const index = store.status().index;
    const r = { run, openMs: t1 - t0, firstQueryMs: t2 - t1, totalMs: t2 - t0, hits: hits.length,
      vectors: status.totalVectors, dimension: status.dimension, indexState: index?.state, loadedNodes: index?.loadedNodes };
    log(`run ${run}: open ${r.openMs.toFixed(0)} ms + first query ${r.firstQueryMs.toFixed(1)} ms = ${r.totalMs.toFixed(0)} ms `
      + `(${r.vectors} x ${r.dimension}, index ${r.indexState}, ${r.loadedNodes} nodes loaded)`);
    results.push(r);
    store.close();
    if (globalThis.gc) globalThis.gc();
  }
  // Machine baseline: writing fresh memory of the file's size once (on the 2-core VM this report comes from, first
  // touch of fresh pages costs ~6.5 ns/byte, so every copy of a 150 MB file costs ~1 s whatever the code does).
  const t = performance.now();
  new Uint8Array(bytes.length).fill(1);
  const freshMemoryMs = performance.now() - t;
  log(`baseline: filling a fresh ${bytes.length}-byte Uint8Array takes ${freshMemoryMs.toFixed(0)} ms`);
  const meta = { freshMemoryMs, date: new Date().toISOString(), runtime: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true, file, fileBytes: bytes.length };
  window.benchResults = { meta, results };
  output.textContent += `\nRESULTS ${JSON.stringify(window.benchResults)}\n`;
  document.title = 'bench:done';
}

main().catch((error) => {
  log(`error: ${error?.stack ?? error}`);
  document.title = 'bench:error';
});
