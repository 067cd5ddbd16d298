package dev.rvf.bench;

import dev.rvf.Metric;
import dev.rvf.index.ClusteredData;
import dev.rvf.index.HnswConfig;
import dev.rvf.index.HnswIndex;
import dev.rvf.index.HnswIndexCodec;
import dev.rvf.index.SearchResults;
import dev.rvf.index.VectorStorage;
import java.util.Arrays;

/**
 * HNSW benchmark on clustered Gaussian data (default 100,000 x 384, 100 clusters, cosine, k = 10).
 * Prints build time, per-efSearch latency percentiles, QPS and recall@10 against the exact scan, and the exact
 * scan's own latency. Single-threaded. Not a test: run with
 * {@code java -cp core/target/classes:core/target/test-classes dev.rvf.bench.HnswBench [n] [dim] [metric] [queries]
 * [builds]}: the graph is built {@code builds} times (thread CPU time is reported too, as the machine may be
 * shared, and the median); {@code queries} 0 measures the build only.
 */
public final class HnswBench {
    private static final int K = 10;

    private HnswBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 384;
        Metric metric = args.length > 2 ? Metric.parse(args[2]) : Metric.COSINE;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        int builds = args.length > 4 ? Integer.parseInt(args[4]) : 1;

        ClusteredData source = new ClusteredData(dim, 100, 0.25f, 1234);
        float[] data = source.points(n, 1);
        float[] qs = source.points(queries, 2);
        System.out.println("HnswBench: n=" + n + " dim=" + dim + " metric=" + metric.apiName() + " k=" + K
                + " queries=" + queries + " M=" + HnswConfig.DEFAULT_M + " efConstruction="
                + HnswConfig.DEFAULT_EF_CONSTRUCTION + " java=" + System.getProperty("java.version"));

        VectorStorage storage = VectorStorage.forMetric(dim, metric, n);
        storage.addAll(data, 0, n);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        HnswIndex index = null;
        double[] cpu = new double[builds];
        for (int b = 0; b < builds; b++) {
            index = new HnswIndex(storage, metric, HnswConfig.defaults());
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            index.indexPending();
            double buildSeconds = (System.nanoTime() - t0) / 1e9;
            cpu[b] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            System.out.println("build: " + round(buildSeconds, 2) + " s wall, " + round(cpu[b], 2) + " s cpu ("
                    + round(n / buildSeconds, 0) + " vectors/s wall, " + round(n / cpu[b], 0) + " vectors/s cpu)");
        }
        Arrays.sort(cpu);
        System.out.println("build median: " + round(cpu[builds / 2], 2) + " s cpu = " + round(n / cpu[builds / 2], 0)
                + " vectors/s");
        if (queries == 0) {
            return;
        }

        long e0 = System.nanoTime();
        byte[] encoded = HnswIndexCodec.encode(index);
        long e1 = System.nanoTime();
        HnswIndexCodec.decode(encoded, 0, encoded.length, storage);
        long e2 = System.nanoTime();
        System.out.println("INDEX payload: " + encoded.length + " bytes (" + round(encoded.length / (double) n, 1)
                + " B/vector), encode " + round((e1 - e0) / 1e6, 1) + " ms, decode " + round((e2 - e1) / 1e6, 1) + " ms");

        // Exact answers (ground truth) and exact-scan latency.
        SearchResults[] truth = new SearchResults[queries];
        for (int q = 0; q < Math.min(queries, 20); q++) { // warm-up
            index.exactSearch(qs, q * dim, K, null);
        }
        long[] exactNs = new long[queries];
        for (int q = 0; q < queries; q++) {
            long s = System.nanoTime();
            truth[q] = index.exactSearch(qs, q * dim, K, null);
            exactNs[q] = System.nanoTime() - s;
        }
        report("exact scan", exactNs, 1.0);

        for (int ef : new int[] {16, 32, 64, 100, 200}) {
            runEf(index, qs, dim, queries, truth, ef, "hnsw ef=" + ef);
        }
        index.enableSq8();
        for (int ef : new int[] {64, 100}) {
            runEf(index, qs, dim, queries, truth, ef, "hnsw+sq8 ef=" + ef);
        }
    }

    private static void runEf(HnswIndex index, float[] qs, int dim, int queries, SearchResults[] truth, int ef,
                              String label) {
        for (int q = 0; q < Math.min(queries, 200); q++) { // warm-up
            index.search(qs, q * dim, K, ef, null);
        }
        long[] ns = new long[queries];
        double recall = 0;
        for (int q = 0; q < queries; q++) {
            long s = System.nanoTime();
            SearchResults r = index.search(qs, q * dim, K, ef, null);
            ns[q] = System.nanoTime() - s;
            recall += overlap(r, truth[q]);
        }
        report(label, ns, recall / queries);
    }

    private static double overlap(SearchResults approx, SearchResults exact) {
        int hits = 0;
        for (int i = 0; i < approx.size(); i++) {
            for (int j = 0; j < exact.size(); j++) {
                if (approx.ordinal(i) == exact.ordinal(j)) {
                    hits++;
                    break;
                }
            }
        }
        return exact.size() == 0 ? 1.0 : hits / (double) exact.size();
    }

    private static void report(String label, long[] ns, double recall) {
        long[] sorted = ns.clone();
        Arrays.sort(sorted);
        long total = 0;
        for (long v : ns) {
            total += v;
        }
        double p50 = sorted[sorted.length / 2] / 1e3;
        double p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e3;
        double qps = ns.length / (total / 1e9);
        System.out.println(pad(label, 18) + " p50 " + pad(round(p50, 1) + " us", 11) + " p99 "
                + pad(round(p99, 1) + " us", 11) + " QPS " + pad(round(qps, 0), 8) + " recall@10 " + round(recall, 4));
    }

    private static String round(double v, int digits) {
        double scale = Math.pow(10, digits);
        double r = Math.round(v * scale) / scale;
        return digits == 0 ? Long.toString((long) r) : Double.toString(r);
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }
}
