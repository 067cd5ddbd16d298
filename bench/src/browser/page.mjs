// The page entry of the Chromium runner (bench/chromium.sh serves the repository root and opens bench/page.html).
// By hand: serve the repository root (wasm as application/wasm) and open bench/page.html?workload=10k-128&queries=200&metrics=cosine,l2&adapters=a,b&rvfDist=../js-glue/target/dist
// It reads the workload files the Node CLI cached in .cache/<key>/ (or generates them when absent), runs every
// browser-capable adapter with the same runner as Node, and publishes the results as window.benchResults,
// in <pre id="results"> and by setting document.title to "bench:done" (or "bench:error") for a driver to poll.
// Unlike the Node CLI every adapter shares one page, so memory figures are less isolated (a Wasm memory never
// shrinks). Serve the page with COOP/COEP headers (Cross-Origin-Opener-Policy: same-origin,
// Cross-Origin-Embedder-Policy: require-corp): without cross-origin isolation Chromium rounds performance.now()
// to 100 µs, too coarse for HNSW queries; meta.crossOriginIsolated records which one a run had.
// Run with Chromium 156 headless: rvf-web, js-exact, rvf-wasm, hnswlib-wasm and edgevec run;
// rvf-node is skipped ("runs only in node").
import { ADAPTER_MODULES, loadAdapter } from '../adapters/index.mjs';
import { DEFAULT_EF_SWEEP } from '../core/adapter.mjs';
import { METRICS, computeGroundTruth } from '../core/groundtruth.mjs';
import { forJson, runAdapter } from '../core/runner.mjs';
import { describeWorkload, generateWorkload } from '../core/workload.mjs';
import { analyse } from '../report/analysis.mjs';
import { createBrowserPlatform } from './platform.mjs';

const GT_K = 10;
const params = new URLSearchParams(location.search);
const list = (name, fallback) => (params.get(name) ? params.get(name).split(',').filter(Boolean) : fallback);
const benchRoot = new URL('../../', import.meta.url);
const output = document.getElementById('results');
const log = (line) => { output.textContent += `${line}\n`; };

async function fetchArray(url, Type) {
  const response = await fetch(url);
  if (!response.ok) return null;
  return new Type(await response.arrayBuffer());
}

/** Cached workload files when the Node CLI made them, else generated here (same generator, same numbers). */
async function loadWorkload(spec) {
  const dir = new URL(`.cache/${spec.key}/`, benchRoot);
  const vectors = await fetchArray(new URL('vectors.f32', dir), Float32Array);
  if (vectors) {
    const truth = {};
    for (const metric of METRICS) truth[metric] = { ids: await fetchArray(new URL(`gt-${metric}.i32`, dir), Int32Array) };
    return { vectors, queries: await fetchArray(new URL('queries.f32', dir), Float32Array), truth, source: 'cache' };
  }
  const { vectors: v, queries } = generateWorkload(spec);
  return { vectors: v, queries, truth: computeGroundTruth(v, queries, spec.dim, GT_K), source: 'generated in page' };
}

async function main() {
  const spec = describeWorkload(params.get('workload') ?? '10k-128', Number(params.get('queries') ?? 200));
  const options = { k: 10, m: 16, efConstruction: 200, efSweep: list('ef', DEFAULT_EF_SWEEP).map(Number),
    warmupQueries: 20, warmupMs: 250, repeats: Number(params.get('repeats') ?? 3), openCheckQueries: 50 };
  const platform = createBrowserPlatform({ benchRoot, rvfDist: params.get('rvfDist') ?? '../js-glue/target/dist/' });
  const data = await loadWorkload(spec);
  log(`workload ${spec.key} (${data.source})`);
  const results = [];
  for (const name of list('adapters', Object.keys(ADAPTER_MODULES))) {
    const adapter = await loadAdapter(name);
    for (const metric of list('metrics', METRICS)) {
      const workload = { spec, vectors: data.vectors, queries: data.queries, truthIds: data.truth[metric].ids };
      const result = forJson(await runAdapter({ adapter, platform, workload, metric, options, log: (l) => log(`${name} ${metric}: ${l}`) }));
      log(`${name} ${metric}: ${result.status}${result.reason ? ` - ${result.reason.split('\n')[0]}` : ''}`);
      results.push(result);
    }
  }
  const meta = { date: new Date().toISOString(), runtime: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated === true,
    options, quick: false };
  window.benchResults = { meta, workload: spec, results, analysis: analyse(results) };
  output.textContent += `\nRESULTS ${JSON.stringify(window.benchResults)}\n`;
  document.title = 'bench:done';
}

main().catch((error) => {
  log(`error: ${error?.stack ?? error}`);
  document.title = 'bench:error';
});
