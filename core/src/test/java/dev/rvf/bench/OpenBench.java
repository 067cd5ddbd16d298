package dev.rvf.bench;

import dev.rvf.Metric;
import dev.rvf.format.Clock;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.RvfWriter;
import dev.rvf.index.ClusteredData;
import dev.rvf.store.QueryOptions;
import dev.rvf.format.FileBytes;
import dev.rvf.store.RvfStore;
import dev.rvf.store.StoreOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Cold-open benchmark: one JVM per measurement, as a browser tab opens a file once. Two files of clustered Gaussian
 * vectors (default 100,000 x 384, cosine), cached in a directory so they are written once:
 * <ul>
 * <li>{@code indexed}: exported by the store, so it holds our INDEX (and no META);</li>
 * <li>{@code plain}: written by {@link RvfWriter} exactly as the reference writes it (no INDEX of ours).</li>
 * </ul>
 * Prints the open time, the first query's time (approximate, default efSearch; for the plain file an exact query
 * first), heap allocated by the open (ThreadMXBean), the sum of the heap pools' peak usage during the open (the
 * caller's file bytes included, as they are held while opening), and the heap the store retains after a GC (the
 * file bytes only if the store keeps them), each also as a multiple of the raw vector data (n x dim x 4 bytes). Not a test: run with
 * {@code java -Xmx3g -cp core/target/classes:core/target/test-classes dev.rvf.bench.OpenBench
 * indexed|plain [n] [dim] [cacheDir] [copy|adopt] [runs]}; run 1 is a cold JVM (what a fresh page sees, minus
 * the JIT differences), later runs open the file again in the warmed-up JVM.
 */
public final class OpenBench {
    private static final int K = 10;
    private static final int BATCH = 10_000;

    private OpenBench() {
    }

    public static void main(String[] args) throws IOException {
        String kind = args.length > 0 ? args[0] : "indexed";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int dim = args.length > 2 ? Integer.parseInt(args[2]) : 384;
        Path dir = Paths.get(args.length > 3 ? args[3] : "/tmp/rvf-bench");
        boolean adopt = args.length > 4 && args[4].equals("adopt");
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Path file = dir.resolve(kind + "-" + n + "x" + dim + ".rvf");
        if (!Files.exists(file)) {
            Files.createDirectories(dir);
            long t = System.nanoTime();
            Files.write(file, kind.equals("plain") ? writePlain(n, dim) : writeIndexed(n, dim));
            System.out.println("wrote " + file + " in " + ms(System.nanoTime() - t) + " ms; run again to measure");
            return;
        }
        System.out.println("OpenBench " + kind + " n=" + n + " dim=" + dim + " " + (adopt ? "adopt" : "copy")
                + " file=" + Files.size(file) + " B, vectors=" + (long) n * dim * 4 + " B, java="
                + System.getProperty("java.version"));
        for (int run = 1; run <= runs; run++) {
            // later runs of the plain file skip the approximate query: it would build the whole graph again
            measure(kind, file, n, dim, adopt, run, run == 1 || !kind.equals("plain"));
        }
    }

    private static void measure(String kind, Path file, int n, int dim, boolean adopt, int run,
            boolean approximate) throws IOException {
        float[] query = new ClusteredData(dim, 100, 0.25f, 1234).points(1, 2);
        long vectorBytes = (long) n * dim * 4;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long heapBase = usedAfterGc();
        byte[] bytes = Files.readAllBytes(file);
        usedAfterGc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        long alloc0 = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        RvfStore store = open(bytes, adopt);
        long openNs = System.nanoTime() - t0;
        long allocated = threads.getCurrentThreadAllocatedBytes() - alloc0;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        peak -= heapBase;
        String statusAtOpen = store.status().index().toString();
        System.out.println("run " + run + (run == 1 ? " (cold JVM)" : "") + ": open " + ms(openNs)
                + " ms; status at open: " + statusAtOpen);

        if (kind.equals("plain")) {
            long e0 = System.nanoTime();
            store.query(query, K, QueryOptions.defaults().withExact(true));
            System.out.println("  first exact query: " + ms(System.nanoTime() - e0) + " ms");
        }
        if (approximate) {
            long q0 = System.nanoTime();
            store.query(query, K);
            long firstQueryNs = System.nanoTime() - q0;
            long q1 = System.nanoTime();
            store.query(query, K);
            long secondQueryNs = System.nanoTime() - q1;
            System.out.println("  first approximate query: " + ms(firstQueryNs) + " ms; second: "
                    + ms(secondQueryNs) + " ms; status: " + store.status().index());
        }
        bytes = null; // count the file bytes only if the store keeps them
        long retained = usedAfterGc() - heapBase;
        System.out.println("  open allocated " + mib(allocated) + " (" + x(allocated, vectorBytes) + "), pool peaks "
                + mib(peak) + " (" + x(peak, vectorBytes) + "), retained after queries " + mib(retained) + " ("
                + x(retained, vectorBytes) + ")");
        store.close();
    }

    private static RvfStore open(byte[] bytes, boolean adopt) {
        return adopt ? RvfStore.open(FileBytes.of(bytes), StoreOptions.defaults()) : RvfStore.open(bytes);
    }

    private static byte[] writeIndexed(int n, int dim) {
        ClusteredData source = new ClusteredData(dim, 100, 0.25f, 1234);
        float[] data = source.points(n, 1);
        RvfStore store = RvfStore.create(dim, Metric.COSINE, StoreOptions.defaults().withIdSeed(new byte[] {7}));
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            store.ingest(Arrays.copyOfRange(data, from * dim, (from + count) * dim), ids(from, count), null);
        }
        return store.export();
    }

    private static byte[] writePlain(int n, int dim) {
        ClusteredData source = new ClusteredData(dim, 100, 0.25f, 1234);
        float[] data = source.points(n, 1);
        RvfWriter w = RvfWriter.create(dim, Metric.COSINE, 0, FileIdentity.newRoot(new byte[] {8}), Clock.SYSTEM);
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            w.ingest(ids(from, count), Arrays.copyOfRange(data, from * dim, (from + count) * dim));
        }
        return w.toBytes();
    }

    private static long[] ids(int from, int count) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = from + i;
        }
        return ids;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String ms(long ns) {
        return Long.toString(Math.round(ns / 1e6));
    }

    private static String mib(long bytes) {
        return Math.round(bytes / 1048576.0) + " MiB";
    }

    private static String x(long bytes, long vectorBytes) {
        return Math.round(bytes * 100.0 / vectorBytes) / 100.0 + "x vectors";
    }
}
