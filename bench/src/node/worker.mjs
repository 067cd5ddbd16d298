// One adapter x one metric in a fresh Node process, so memory deltas and peak RSS belong to that library alone
// and a crash cannot take the whole run down. Usage (from cli.mjs):
//   node --expose-gc worker.mjs '<json {adapter, workload, queries, metric, options, rvfDist, out}>'
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAdapter } from '../adapters/index.mjs';
import { forJson, runAdapter } from '../core/runner.mjs';
import { describeWorkload } from '../core/workload.mjs';
import { loadWorkload } from './data.mjs';
import { createNodePlatform } from './platform.mjs';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const job = JSON.parse(process.argv[2]);
const log = (line) => process.stdout.write(`» ${job.adapter} ${job.metric}: ${line}\n`);

const spec = describeWorkload(job.workload, job.queries);
const workload = loadWorkload(benchDir, spec, job.metric);
const platform = createNodePlatform({ benchDir, rvfDist: job.rvfDist });
let result;
try {
  const adapter = await loadAdapter(job.adapter);
  result = forJson(await runAdapter({ adapter, platform, workload, metric: job.metric, options: job.options, log }));
} finally {
  platform.dispose();
}
writeFileSync(job.out, JSON.stringify(result, (key, value) => (typeof value === 'bigint' ? Number(value) : value), 1));
// Some glue keeps timers or handles alive; the result is written, so leave now.
process.exit(0);
