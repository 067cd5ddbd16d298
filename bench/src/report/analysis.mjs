// Derived figures: exact-scan rows and, for every HNSW series, the smallest efSearch reaching each recall target.

export const RECALL_TARGETS = [0.95, 0.99];

/** Series of one result: its exact modes and its efSearch sweep, each as points sorted by efSearch. */
export function seriesOf(result) {
  const exact = result.modes.filter((m) => m.params?.exact);
  const sweep = result.modes.filter((m) => m.params?.efSearch !== undefined).sort((a, b) => a.params.efSearch - b.params.efSearch);
  const out = [];
  if (exact.length) out.push({ adapter: result.adapter, label: result.label, group: 'exact', points: exact });
  if (sweep.length) out.push({ adapter: result.adapter, label: result.label, group: 'hnsw', points: sweep });
  return out;
}

function point(mode) {
  return { mode: mode.label, efSearch: mode.params?.efSearch ?? null, recall: mode.recall, qps: mode.qps,
    p50: mode.latency.p50, p99: mode.latency.p99 };
}

export function analyse(results) {
  const metrics = [...new Set(results.map((r) => r.metric))];
  const out = {};
  for (const metric of metrics) {
    const ok = results.filter((r) => r.metric === metric && r.status === 'ok');
    const exact = [], equalRecall = Object.fromEntries(RECALL_TARGETS.map((t) => [t, []]));
    for (const result of ok) {
      for (const series of seriesOf(result)) {
        if (series.group === 'exact') {
          for (const mode of series.points) exact.push({ adapter: result.adapter, label: result.label, ...point(mode) });
          continue;
        }
        for (const target of RECALL_TARGETS) {
          const hit = series.points.find((m) => m.recall >= target);
          const best = series.points.reduce((a, b) => (b.recall > a.recall ? b : a));
          equalRecall[target].push(hit
            ? { adapter: result.adapter, label: result.label, reached: true, ...point(hit) }
            : { adapter: result.adapter, label: result.label, reached: false, bestRecall: best.recall, bestEfSearch: best.params.efSearch });
        }
      }
    }
    out[metric] = { exact, equalRecall };
  }
  return out;
}
