// Results document -> Markdown report (BENCHMARKS.md style) and one recall/QPS SVG per metric.
// Portable (strings in, strings out); write.mjs puts them on disk.
import { RECALL_TARGETS, analyse, seriesOf } from './analysis.mjs';
import { recallQpsSvg } from './svg.mjs';

const MiB = 2 ** 20;

function num(x, digits = 2) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toFixed(digits);
}
function ms(x) { return x === null || x === undefined ? '–' : x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : Math.round(x).toLocaleString('en-US'); }
function mib(bytes) { return bytes === null || bytes === undefined ? '–' : (bytes / MiB).toFixed(1); }
function ratio(a, b) { return a && b ? `${(a / b).toFixed(2)}×` : '–'; }
function row(cells) { return `| ${cells.join(' | ')} |`; }
function table(header, rows, align) {
  return [row(header), row(header.map((_, i) => (align?.[i] === 'l' ? '---' : '---:'))), ...rows.map(row)].join('\n');
}
/** rvf-web has two series (exact and HNSW); every other library one. */
function seriesName(s) { return s.adapter !== 'rvf-web' ? s.label : `${s.label}, ${s.group === 'exact' ? 'exact' : 'HNSW'}`; }

/** Returns { markdown, svgs: { [metric]: svgText } }; `svgFile(metric)` names the SVG the Markdown links. */
export function renderReport(document, svgFile) {
  const { meta, workload: spec, results } = document;
  const analysis = document.analysis ?? analyse(results);
  const metrics = [...new Set(results.map((r) => r.metric))];
  const out = [];
  const o = meta.options;
  out.push(`# Benchmarks: ${spec.n.toLocaleString('en-US')} × ${spec.dim} (${spec.name})${meta.quick ? ', quick run' : ''}`);
  out.push('');
  out.push(`${meta.date.slice(0, 16).replace('T', ' ')} UTC · ${meta.browser ?? `Node ${meta.node}`} · ${meta.cpu} · ${meta.memoryGiB} GiB · ` +
    `load average ${meta.loadAverageAtStart.join('/')} at start, ${meta.loadAverageAtEnd?.join('/')} at end · commit ${meta.commit ?? '?'}`);
  out.push('');
  out.push(`Data: ${spec.clusters} Gaussian clusters (centres N(0, ${spec.centerSd}²) per coordinate, per-cluster spread ` +
    `${spec.spreadMin}–${spec.spreadMax}), seed ${spec.seed}; ${spec.queries} queries from the same mixture (not stored vectors), ` +
    `run one at a time after ${o.warmupQueries} warm-up queries${o.warmupMs ? ` (and at least ${o.warmupMs} ms of them)` : ''} per search mode. k = ${o.k}; recall@${o.k} against an exact float64 brute force. ` +
    `HNSW peers: M = ${o.m}, efConstruction = ${o.efConstruction}, efSearch ∈ {${o.efSweep.join(', ')}}. ` +
    (meta.browser ? 'Every library × metric runs in one Chromium page, one after another. ' : 'Each library × metric runs in its own Node process. ') + 'Latencies are per query (p50 = median); ' +
    'QPS = queries / wall time of the timed loop. Ratios compare libraries measured in this same run.');
  out.push('');
  out.push('## Libraries');
  out.push('');
  const libs = new Map();
  for (const r of results) if (!libs.has(r.adapter)) libs.set(r.adapter, r);
  out.push(table(['library', 'package', 'kind', 'status', 'notes'], [...libs.values()].map((r) => {
    const statuses = results.filter((x) => x.adapter === r.adapter).map((x) => `${x.metric}: ${x.status}`).join(', ');
    const notes = [];
    const failed = results.find((x) => x.adapter === r.adapter && x.status !== 'ok');
    if (failed) notes.push(String(failed.reason).split('\n')[0]);
    if (r.info) notes.push(Object.entries(r.info).filter(([, v]) => v !== null).map(([key, v]) => `${key}: ${v}`).join('; '));
    const check = results.find((x) => x.adapter === r.adapter && x.selfCheck)?.selfCheck;
    if (check) notes.push(`self-check: ${JSON.stringify(check)}`);
    return [r.label ?? r.adapter, r.package ?? '–', r.kind ?? '–', statuses, notes.join(' · ').replaceAll('|', '\\|') || '–'];
  }), ['l', 'l', 'l', 'l', 'l']));
  out.push('');

  const svgs = {};
  for (const metric of metrics) {
    const ok = results.filter((r) => r.metric === metric && r.status === 'ok');
    const a = analysis[metric];
    out.push(`## ${metric}`);
    out.push('');
    out.push('### Build, memory, persistence');
    out.push('');
    out.push(table(['library', 'build s', 'first query ms', 'Wasm memory MiB', 'RSS Δ MiB', 'JS heap Δ MiB', 'external Δ MiB', 'peak RSS MiB', 'serialized MiB', 'serialize ms', 'open ms', 'first query after open ms', 'reopened = original'],
      ok.map((r) => {
        const m = r.memory ?? {}, d = m.afterQueries ?? {}, p = r.persistence ?? {};
        const open = p.open ?? {};
        return [r.label, num(r.build?.ms / 1000), ms(r.firstQueryMs), mib(m.wasmBytes), mib(d.rss), mib(d.heapUsed), mib(d.external),
          mib(m.maxRss), p.supported ? mib(p.bytes) : 'n/a', p.supported ? ms(p.serializeMs) : 'n/a',
          open.supported ? ms(open.ms) : 'n/a', open.supported ? ms(p.firstQueryAfterOpenMs) : 'n/a',
          open.supported ? `${(open.agreement * 100).toFixed(1)} % (${open.mode})` : 'n/a'];
      }), ['l']));
    out.push('');
    const persistenceNotes = ok.flatMap((r) => {
      const p = r.persistence ?? {}, notes = [];
      if (p.note) notes.push(`${r.label}: ${p.note}`);
      if (p.supported === false) notes.push(`${r.label}: no persistence (${p.reason})`);
      if (p.open?.supported === false) notes.push(`${r.label}: no open (${p.open.reason})`);
      return notes;
    });
    if (persistenceNotes.length) { out.push(persistenceNotes.map((n) => `* ${n}`).join('\n')); out.push(''); }
    out.push('Build = ingest/insert calls; "first query" is the first search after it (it pays for lazily built indexes). ' +
      'Wasm memory = the library\'s linear memory after the queries. RSS/heap/external Δ = after build and all queries ' +
      '(forced GC) minus before the build, in the library\'s own process; peak RSS includes the workload arrays (vectors, queries, ground truth).');
    out.push('');

    if (a.exact.length) {
      out.push('### Exact search');
      out.push('');
      const rows = a.exact.map((e) => [e.label, ms(e.p50), ms(e.p99), num(e.qps, 0), e.recall.toFixed(4),
        ...a.exact.map((f) => ratio(e.p50, f.p50))]);
      out.push(table(['library', 'p50 ms', 'p99 ms', 'QPS', 'recall@10', ...a.exact.map((f) => `p50 ÷ ${f.label}`)], rows, ['l']));
      out.push('');
    }

    for (const target of RECALL_TARGETS) {
      const entries = a.equalRecall[target];
      if (!entries.length) continue;
      out.push(`### HNSW at recall@10 ≥ ${target}`);
      out.push('');
      const reached = entries.filter((e) => e.reached);
      const exactRefs = a.exact;
      out.push(table(['library', 'efSearch', 'recall@10', 'p50 ms', 'p99 ms', 'QPS',
        ...reached.map((f) => `QPS ÷ ${f.label}`), ...exactRefs.map((f) => `QPS ÷ ${f.label} (exact)`)],
      entries.map((e) => e.reached
        ? [e.label, e.efSearch, e.recall.toFixed(4), ms(e.p50), ms(e.p99), num(e.qps, 0),
          ...reached.map((f) => ratio(e.qps, f.qps)), ...exactRefs.map((f) => ratio(e.qps, f.qps))]
        : [e.label, `not reached (best ${e.bestRecall.toFixed(4)} at ef=${e.bestEfSearch})`, '–', '–', '–', '–',
          ...reached.map(() => '–'), ...exactRefs.map(() => '–')]), ['l', 'l']));
      out.push('');
    }

    const sweeps = ok.flatMap(seriesOf).filter((s) => s.group === 'hnsw');
    if (sweeps.length) {
      out.push('### efSearch sweep (recall@10 · QPS · p99 ms)');
      out.push('');
      const efs = [...new Set(sweeps.flatMap((s) => s.points.map((p) => p.params.efSearch)))].sort((x, y) => x - y);
      out.push(table(['efSearch', ...sweeps.map(seriesName)], efs.map((ef) => [ef, ...sweeps.map((s) => {
        const p = s.points.find((q) => q.params.efSearch === ef);
        return p ? `${p.recall.toFixed(3)} · ${num(p.qps, 0)} · ${ms(p.latency.p99)}` : '–';
      })])));
      out.push('');
    }

    const series = ok.flatMap(seriesOf);
    if (series.length) {
      svgs[metric] = recallQpsSvg(series.map((s) => ({ name: seriesName(s), exact: s.group === 'exact',
        points: s.points.map((p) => ({ recall: p.recall, qps: p.qps, label: p.params?.efSearch ?? 'exact' })) })),
      { title: `${spec.name}, ${metric}: recall@10 vs QPS (higher and further right is better)`, targets: RECALL_TARGETS });
      out.push(`![recall vs QPS, ${metric}](${svgFile(metric)})`);
      out.push('');
    }

    const problems = results.filter((r) => r.metric === metric && r.status !== 'ok');
    if (problems.length) {
      out.push('### Not measured');
      out.push('');
      for (const r of problems) out.push(`* ${r.label ?? r.adapter}: ${r.status} - ${String(r.reason).split('\n')[0]}`);
      out.push('');
    }
  }
  return { markdown: out.join('\n'), svgs };
}
