// A self-contained SVG scatter/line plot: recall@k on x (linear), QPS on y (log10). Written by hand.

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

function esc(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function f(x) { return Number(x.toFixed(1)); }

/**
 * series: [{ name, exact: boolean, points: [{ recall, qps, label }] }]; options: { title, targets: [recall...] }.
 * HNSW series are drawn as lines through their efSearch points, exact series as diamonds.
 */
export function recallQpsSvg(series, { title, targets = [] }) {
  const width = 820, height = 500;
  const left = 70, right = 250, top = 46, bottom = 56;
  const plotW = width - left - right, plotH = height - top - bottom;
  const all = series.flatMap((s) => s.points).filter((p) => p.qps > 0);
  const minRecall = Math.min(...all.map((p) => p.recall));
  const xMin = Math.max(0, Math.min(0.9, Math.floor((minRecall - 0.005) * 20) / 20));
  const xMax = 1;
  const yMin = Math.floor(Math.log10(Math.min(...all.map((p) => p.qps))));
  const yMax = Math.ceil(Math.log10(Math.max(...all.map((p) => p.qps))) + 1e-9);
  const x = (recall) => left + ((recall - xMin) / (xMax - xMin)) * plotW;
  const y = (qps) => top + plotH - ((Math.log10(qps) - yMin) / Math.max(1e-9, yMax - yMin)) * plotH;

  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);

  // grid and axes
  const xStep = xMax - xMin > 0.3 ? 0.1 : xMax - xMin > 0.12 ? 0.05 : 0.01;
  for (let v = Math.ceil(xMin / xStep - 1e-9) * xStep; v <= xMax + 1e-9; v += xStep) {
    parts.push(`<line x1="${f(x(v))}" y1="${top}" x2="${f(x(v))}" y2="${top + plotH}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${f(x(v))}" y="${top + plotH + 18}" text-anchor="middle">${v.toFixed(xStep < 0.05 ? 2 : 2)}</text>`);
  }
  for (let decade = yMin; decade <= yMax; decade++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** decade;
      if (Math.log10(v) > yMax + 1e-9) continue;
      parts.push(`<line x1="${left}" y1="${f(y(v))}" x2="${left + plotW}" y2="${f(y(v))}" stroke="${m === 1 ? '#d0d0d0' : '#eeeeee'}"/>`);
      parts.push(`<text x="${left - 6}" y="${f(y(v)) + 4}" text-anchor="end">${v >= 1000 ? `${v / 1000}k` : v}</text>`);
    }
  }
  for (const t of targets) {
    if (t < xMin) continue;
    parts.push(`<line x1="${f(x(t))}" y1="${top}" x2="${f(x(t))}" y2="${top + plotH}" stroke="#888" stroke-dasharray="4 4"/>`);
    parts.push(`<text x="${f(x(t)) + 3}" y="${top + 12}" fill="#666" font-size="10">${t}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${height - 16}" text-anchor="middle">recall@10</text>`);
  parts.push(`<text transform="translate(18 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">queries per second (log scale)</text>`);

  // series
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter((p) => p.qps > 0);
    if (s.exact) {
      for (const p of pts) {
        const cx = f(x(p.recall)), cy = f(y(p.qps));
        parts.push(`<path d="M${cx} ${cy - 6} L${cx + 6} ${cy} L${cx} ${cy + 6} L${cx - 6} ${cy} Z" fill="${color}"><title>${esc(`${s.name}: recall ${p.recall.toFixed(4)}, ${Math.round(p.qps)} QPS`)}</title></path>`);
      }
    } else {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${f(x(p.recall))},${f(y(p.qps))}`).join(' ')}"/>`);
      for (const p of pts) {
        parts.push(`<circle cx="${f(x(p.recall))}" cy="${f(y(p.qps))}" r="3.5" fill="${color}"><title>${esc(`${s.name}, efSearch ${p.label}: recall ${p.recall.toFixed(4)}, ${Math.round(p.qps)} QPS`)}</title></circle>`);
      }
      const first = pts[0], last = pts[pts.length - 1];
      if (first) parts.push(`<text x="${f(x(first.recall)) + 5}" y="${f(y(first.qps)) - 5}" fill="${color}" font-size="9">ef ${first.label}</text>`);
      if (last && last !== first) parts.push(`<text x="${f(x(last.recall)) - 5}" y="${f(y(last.qps)) + 14}" fill="${color}" font-size="9" text-anchor="end">ef ${last.label}</text>`);
    }
    // legend
    const ly = top + 8 + i * 22, lx = left + plotW + 16;
    if (s.exact) parts.push(`<path d="M${lx + 10} ${ly - 6} L${lx + 16} ${ly} L${lx + 10} ${ly + 6} L${lx + 4} ${ly} Z" fill="${color}"/>`);
    else parts.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 20}" y2="${ly}" stroke="${color}" stroke-width="2"/><circle cx="${lx + 10}" cy="${ly}" r="3.5" fill="${color}"/>`);
    parts.push(`<text x="${lx + 26}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
