package dev.rvf.bench;

import dev.rvf.Metric;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.Value;
import dev.rvf.index.ClusteredData;
import dev.rvf.store.QueryOptions;
import dev.rvf.store.RvfStore;
import dev.rvf.store.SearchHit;
import dev.rvf.store.StoreOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Store benchmark through the public API on clustered Gaussian data (default 100,000 x 384, 100 clusters, cosine,
 * k = 10): ingest + incremental index build, query latency percentiles / QPS / recall@10 at several efSearch values,
 * exact-scan and filtered latency, export size and time, open time with the persisted index. Single-threaded. Not a
 * test: run with
 * {@code java -Xmx6g -cp core/target/classes:core/target/test-classes dev.rvf.bench.StoreBench [n] [dim] [queries]}.
 */
public final class StoreBench {
    private static final int K = 10;
    private static final int BATCH = 10_000;

    private StoreBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 384;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        ClusteredData source = new ClusteredData(dim, 100, 0.25f, 1234);
        float[] data = source.points(n, 1);
        float[] qs = source.points(queries, 2);
        System.out.println("StoreBench: n=" + n + " dim=" + dim + " metric=cosine k=" + K + " queries=" + queries
                + " batch=" + BATCH + " java=" + System.getProperty("java.version"));

        RvfStore store = RvfStore.create(dim, Metric.COSINE, StoreOptions.defaults());
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            long[] ids = new long[count];
            List<Map<String, Value>> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ids[i] = from + i;
                Map<String, Value> row = new LinkedHashMap<>();
                row.put("bucket", Value.of((from + i) % 100));
                rows.add(row);
            }
            store.ingest(Arrays.copyOfRange(data, from * dim, (from + count) * dim), ids, rows);
        }
        double ingestSeconds = seconds(t0);
        System.out.println("ingest + incremental HNSW build: " + round(ingestSeconds, 2) + " s ("
                + round(n / ingestSeconds, 0) + " vectors/s); " + store.status().index());

        // ground truth and exact-scan latency
        QueryOptions exact = QueryOptions.defaults().withExact(true);
        for (int q = 0; q < Math.min(queries, 10); q++) {
            store.query(row(qs, q, dim), K, exact);
        }
        List<Set<Long>> truth = new ArrayList<>();
        long[] exactNs = new long[queries];
        for (int q = 0; q < queries; q++) {
            long s = System.nanoTime();
            List<SearchHit> hits = store.query(row(qs, q, dim), K, exact);
            exactNs[q] = System.nanoTime() - s;
            Set<Long> ids = new HashSet<>();
            for (SearchHit h : hits) {
                ids.add(h.id());
            }
            truth.add(ids);
        }
        System.out.println("exact scan: " + latency(exactNs));

        for (int q = 0; q < queries; q++) { // JIT warm-up of the graph search
            store.query(row(qs, q, dim), K);
        }
        for (int ef : new int[] {16, 32, 64, 100, 200}) {
            QueryOptions o = QueryOptions.defaults().withEfSearch(ef);
            for (int q = 0; q < Math.min(queries, 20); q++) {
                store.query(row(qs, q, dim), K, o);
            }
            long[] ns = new long[queries];
            int found = 0;
            long all = System.nanoTime();
            for (int q = 0; q < queries; q++) {
                long s = System.nanoTime();
                List<SearchHit> hits = store.query(row(qs, q, dim), K, o);
                ns[q] = System.nanoTime() - s;
                for (SearchHit h : hits) {
                    if (truth.get(q).contains(h.id())) {
                        found++;
                    }
                }
            }
            double qps = queries / seconds(all);
            System.out.println("efSearch " + ef + ": recall@10 " + round(found / (double) (queries * K), 4) + ", "
                    + latency(ns) + ", " + round(qps, 0) + " QPS");
        }

        for (int percent : new int[] {50, 10, 1}) {
            QueryOptions o = QueryOptions.defaults().withFilter(
                    FilterExpr.compare(FilterExpr.Op.LT, "bucket", Value.of(percent)));
            long[] ns = new long[queries];
            for (int q = 0; q < queries; q++) {
                long s = System.nanoTime();
                store.query(row(qs, q, dim), K, o);
                ns[q] = System.nanoTime() - s;
            }
            System.out.println("filter keeping " + percent + "%: " + latency(ns));
        }

        long e0 = System.nanoTime();
        byte[] file = store.export();
        double exportSeconds = seconds(e0);
        long vecBytes = (long) n * (8 + 4L * dim);
        System.out.println("export: " + file.length + " bytes (" + round(file.length / 1048576.0, 1) + " MiB; VEC records "
                + round(vecBytes / 1048576.0, 1) + " MiB, INDEX+META+log " + round((file.length - vecBytes) / 1048576.0, 1)
                + " MiB) in " + round(exportSeconds * 1000, 0) + " ms");
        long e1 = System.nanoTime();
        byte[] again = store.export();
        System.out.println("export when nothing changed: " + round(seconds(e1) * 1000, 0) + " ms (same bytes: "
                + Arrays.equals(file, again) + ")");
        store.close();

        for (int round = 0; round < 2; round++) {
            long o0 = System.nanoTime();
            RvfStore reopened = RvfStore.open(file);
            double openSeconds = seconds(o0);
            System.out.println("open (persisted index, run " + (round + 1) + "): " + round(openSeconds * 1000, 0)
                    + " ms; " + reopened.status().index());
            int found = 0;
            for (int q = 0; q < queries; q++) {
                for (SearchHit h : reopened.query(row(qs, q, dim), K)) {
                    if (truth.get(q).contains(h.id())) {
                        found++;
                    }
                }
            }
            System.out.println("  reopened recall@10 at the default efSearch: "
                    + round(found / (double) (queries * K), 4));
            reopened.close();
        }
    }

    private static float[] row(float[] v, int i, int dim) {
        return Arrays.copyOfRange(v, i * dim, (i + 1) * dim);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String latency(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return "p50 " + round(s[s.length / 2] / 1e6, 3) + " ms, p99 " + round(s[(int) (s.length * 0.99)] / 1e6, 3)
                + " ms";
    }

    private static String round(double v, int digits) {
        double f = Math.pow(10, digits);
        double r = Math.round(v * f) / f;
        return digits == 0 ? Long.toString((long) r) : Double.toString(r);
    }
}
