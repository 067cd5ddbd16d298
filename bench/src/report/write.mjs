// Writes the Markdown report and its SVG plots next to a results file: <base>.md, <base>-<metric>.svg.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { renderReport } from './report.mjs';

export function writeReport(document, base) {
  const svgFile = (metric) => `${basename(base)}-${metric}.svg`;
  const { markdown, svgs } = renderReport(document, svgFile);
  const written = [`${base}.md`];
  writeFileSync(`${base}.md`, markdown + '\n');
  for (const [metric, svg] of Object.entries(svgs)) {
    writeFileSync(`${base}-${metric}.svg`, svg);
    written.push(`${base}-${metric}.svg`);
  }
  return written;
}
