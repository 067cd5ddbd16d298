// Entry point of bench/run.sh: prepares workloads (data + float64 ground truth, cached in bench/.cache),
// runs every adapter x metric in its own Node process, writes bench/results/<date>-<workload>[-quick].json
// and the Markdown report + SVG plot next to it.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADAPTER_MODULES } from '../adapters/index.mjs';
import { DEFAULT_EF_SWEEP } from '../core/adapter.mjs';
import { METRICS } from '../core/groundtruth.mjs';
import { describeWorkload, WORKLOADS } from '../core/workload.mjs';
import { analyse } from '../report/analysis.mjs';
import { writeReport } from '../report/write.mjs';
import { ensureWorkload } from './data.mjs';

const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `usage: bench/run.sh [--quick] [--workload 10k-128,100k-384] [--queries N] [--adapters a,b]
                    [--metrics cosine,l2] [--ef 10,32,...] [--repeats 3] [--rvf-dist DIR] [--no-report]
  --quick       the 10k x 128 workload only, 200 queries
  --workload    workloads to run (default: all: ${Object.keys(WORKLOADS).join(', ')})
  --queries     queries per workload (default 500; quick 200)
  --adapters    subset of: ${Object.keys(ADAPTER_MODULES).join(', ')}
  --repeats     timed passes over the queries per search mode (default 3; QPS = median pass)
  --rvf-dist    folder with this project's rvf.js + rvf.wasm (default ../js-glue/target/dist)
Report only: node src/report/cli.mjs results/<file>.json`;

function parseArgs(argv) {
  const args = { quick: false, workloads: null, queries: null, adapters: Object.keys(ADAPTER_MODULES), metrics: METRICS,
    ef: DEFAULT_EF_SWEEP, repeats: 3, rvfDist: join(benchDir, '..', 'js-glue', 'target', 'dist'), report: true };
  const list = (value) => value.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => { if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`); return argv[++i]; };
    switch (arg) {
      case '--quick': args.quick = true; break;
      case '--workload': case '--workloads': args.workloads = list(value()); break;
      case '--queries': args.queries = Number(value()); break;
      case '--adapters': args.adapters = list(value()); break;
      case '--metrics': args.metrics = list(value()); break;
      case '--ef': args.ef = list(value()).map(Number); break;
      case '--repeats': args.repeats = Number(value()); break;
      case '--rvf-dist': args.rvfDist = resolve(value()); break;
      case '--no-report': args.report = false; break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  args.workloads ??= args.quick ? ['10k-128'] : Object.keys(WORKLOADS);
  args.queries ??= args.quick ? 200 : 500;
  for (const a of args.adapters) if (!ADAPTER_MODULES[a]) throw new Error(`unknown adapter ${a}`);
  for (const m of args.metrics) if (!METRICS.includes(m)) throw new Error(`unknown metric ${m}`);
  return args;
}

function runWorker(job) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, ['--expose-gc', join(benchDir, 'src', 'node', 'worker.mjs'), JSON.stringify(job)],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = [];
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        if (line.startsWith('» ')) console.log(`  ${line.slice(2)}`);
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code, signal) => resolvePromise({ code, signal, tail }));
  });
}

function gitCommit() {
  try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchDir }).toString().trim(); } catch { return null; }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const options = { k: 10, m: 16, efConstruction: 200, efSweep: args.ef, warmupQueries: 20, warmupMs: 250, repeats: args.repeats, openCheckQueries: 50 };
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const written = [];

  for (const workloadName of args.workloads) {
    const spec = describeWorkload(workloadName, args.queries);
    console.log(`== workload ${workloadName}: ${spec.n} x ${spec.dim}, ${spec.clusters} clusters, ${spec.queries} queries`);
    ensureWorkload(benchDir, spec, (line) => console.log(`  ${line}`));
    const meta = {
      date: new Date().toISOString(), quick: args.quick, commit: gitCommit(), node: process.version,
      cpu: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
      loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)), options,
    };
    const results = [];
    for (const adapter of args.adapters) {
      for (const metric of args.metrics) {
        const out = join(tmpdir(), `rvf-bench-${process.pid}-${adapter}-${metric}.json`);
        console.log(`-- ${adapter} / ${metric}`);
        const job = { adapter, workload: workloadName, queries: args.queries, metric, options, rvfDist: args.rvfDist, out };
        const started = Date.now();
        const { code, signal, tail } = await runWorker(job);
        let result;
        try {
          result = JSON.parse(readFileSync(out, 'utf8'));
        } catch {
          result = { adapter, metric, status: 'failed', reason: `worker exited with ${signal ?? code} before writing a result:\n${tail.join('\n')}` };
        }
        rmSync(out, { force: true });
        result.wallSeconds = (Date.now() - started) / 1000;
        if (result.status !== 'ok') console.log(`   ${result.status}: ${String(result.reason).split('\n')[0]}`);
        results.push(result);
      }
    }
    meta.loadAverageAtEnd = loadavg().map((x) => +x.toFixed(2));
    const document = { meta, workload: spec, results, analysis: analyse(results) };
    const base = join(resultsDir, `${date}-${workloadName}${args.quick ? '-quick' : ''}`);
    writeFileSync(`${base}.json`, JSON.stringify(document, null, 1));
    written.push(`${base}.json`);
    if (args.report) written.push(...writeReport(document, base));
  }
  console.log('== written');
  for (const file of written) console.log(`  ${file}`);
}

main().catch((error) => {
  console.error(error?.message ?? error);
  process.exit(2);
});
