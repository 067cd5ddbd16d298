package dev.rvf.robust;

import static dev.rvf.store.StoreTestSupport.fixedClock;
import static dev.rvf.store.StoreTestSupport.options;

import dev.rvf.Metric;
import dev.rvf.filter.Value;
import dev.rvf.format.Clock;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.RvfWriter;
import dev.rvf.format.WasmExport;
import dev.rvf.format.WriterFlavor;
import dev.rvf.store.DerivationType;
import dev.rvf.store.RvfStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The seed files the robustness tests mutate: the 48 reference samples and files this project writes (store exports
 * with vectors, deletes, re-used ids, metadata, INDEX, SQ8, kernel, eBPF, lineage, compaction; writer logs of every
 * flavour; a wasm-export file). Everything is built from fixed seeds and clocks, so the corpus is the same in every
 * run and a printed case seed reproduces its input.
 */
final class Corpus {
    /** One seed file. */
    static final class Seed {
        final String name;
        final byte[] bytes;
        final boolean sample;

        Seed(String name, byte[] bytes, boolean sample) {
            this.name = name;
            this.bytes = bytes;
            this.sample = sample;
        }

        @Override
        public String toString() {
            return name + " (" + bytes.length + " B)";
        }
    }

    private static List<Seed> samples;
    private static List<Seed> written;

    private Corpus() {
    }

    static Path samplesDir() {
        String p = System.getProperty("rvf.shared.dir");
        return Paths.get(p != null && !p.isEmpty() ? p : "/work/shared").resolve("samples");
    }

    /** The reference samples (*.rvf, *.rvdna), by name. */
    static synchronized List<Seed> samples() {
        if (samples == null) {
            List<Seed> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(samplesDir())) {
                files.filter(p -> p.toString().endsWith(".rvf") || p.toString().endsWith(".rvdna")).sorted()
                        .forEach(p -> out.add(new Seed(p.getFileName().toString(), read(p), true)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + samplesDir(), e);
            }
            samples = Collections.unmodifiableList(out);
        }
        return samples;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files written by this project, built once per JVM. */
    static synchronized List<Seed> written() {
        if (written == null) {
            Map<String, byte[]> w = new LinkedHashMap<>();
            w.put("store-graph-l2.rvf", graphStore());
            w.put("store-cosine-sq8.rvf", sq8Store());
            RvfStore parent = smallStore("parent", Metric.DOT_PRODUCT, 6, 30);
            RvfStore child = parent.derive(DerivationType.FILTER, options("child"));
            child.ingest(random(new SplittableRandom(8), 5, 6), range(900, 5), rows(5));
            child.delete(new long[] {901});
            child.embedKernel(0, 0xFE, 1, bytes(40, 3), 80, "quiet");
            w.put("store-parent-dot.rvf", parent.export());
            w.put("store-child-depth1.rvf", child.export());
            RvfStore grandchild = child.derive(DerivationType.SNAPSHOT, options("grandchild"));
            w.put("store-grandchild-empty.rvf", grandchild.export());
            RvfStore compacted = smallStore("compacted", Metric.L2, 5, 40);
            compacted.delete(range(3, 9));
            compacted.compact();
            compacted.ingest(random(new SplittableRandom(9), 3, 5), range(500, 3), rows(3));
            w.put("store-compacted.rvf", compacted.export());
            w.put("store-empty.rvf", RvfStore.create(7, Metric.COSINE, options("empty")).export());
            w.put("writer-0.1-log.rvf", writerLog(WriterFlavor.NATIVE_0_1));
            w.put("writer-samples-flavour.rvf", writerLog(WriterFlavor.SAMPLES_2026_02));
            w.put("wasm-export.rvf", WasmExport.build(4, range(1, 12), random(new SplittableRandom(4), 12, 4)));
            List<Seed> out = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : w.entrySet()) {
                out.add(new Seed(e.getKey(), e.getValue(), false));
            }
            written = Collections.unmodifiableList(out);
        }
        return written;
    }

    /** Samples and written files together. */
    static List<Seed> all() {
        List<Seed> out = new ArrayList<>(samples());
        out.addAll(written());
        return out;
    }

    static Seed named(String name) {
        for (Seed s : all()) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no seed file " + name);
    }

    /**
     * L2, dimension 3, 600 live vectors (above the exact-scan threshold, so queries walk the HNSW graph), M 4 to keep
     * the INDEX small: three batches with metadata, re-used ids, deletes, a kernel, two eBPF programs, INDEX + META.
     */
    private static byte[] graphStore() {
        RvfStore s = RvfStore.create(3, Metric.L2, options("graph").withM(4).withEfConstruction(24));
        SplittableRandom rnd = new SplittableRandom(1);
        s.ingest(random(rnd, 400, 3), range(0, 400), rows(400));
        s.ingest(random(rnd, 230, 3), range(400, 230), null);
        s.ingest(random(rnd, 10, 3), range(100, 10), rows(10)); // re-used ids replace vector and metadata
        s.delete(new long[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
            28, 29, 30, 4_000_000});
        s.embedKernel(1, 0xFE, 0x11, bytes(48, 1), 8080, "console=ttyS0");
        s.embedEbpf(2, 3, 3, bytes(16, 2), "btf".getBytes(StandardCharsets.US_ASCII));
        s.embedEbpf(1, 1, 3, bytes(8, 5), null);
        return s.export();
    }

    /** Cosine, dimension 8, 40 vectors with metadata, SQ8 traversal stored in the INDEX. */
    private static byte[] sq8Store() {
        RvfStore s = RvfStore.create(8, Metric.COSINE, options("sq8").withSq8(true).withM(3));
        s.ingest(random(new SplittableRandom(2), 40, 8), range(1L << 40, 40), rows(40));
        s.delete(new long[] {(1L << 40) + 3});
        return s.export();
    }

    private static RvfStore smallStore(String seed, Metric metric, int dim, int n) {
        RvfStore s = RvfStore.create(dim, metric, options(seed).withM(2));
        s.ingest(random(new SplittableRandom(seed.hashCode()), n, dim), range(0, n), rows(n));
        s.export();
        return s;
    }

    /** A plain writer log: create, two ingests, a delete, kernel and eBPF, compaction, another ingest and delete. */
    private static byte[] writerLog(WriterFlavor flavor) {
        Clock clock = fixedClock();
        RvfWriter w = RvfWriter.create(4, Metric.L2, 0,
                FileIdentity.newRoot(("log-" + flavor).getBytes(StandardCharsets.UTF_8)), clock, flavor);
        w.ingest(range(10, 6), random(new SplittableRandom(3), 6, 4));
        w.ingest(range(13, 4), random(new SplittableRandom(4), 4, 4));
        w.delete(new long[] {10, 11, 99});
        w.embedKernel(0, 0, 0, bytes(20, 7), 0, null);
        w.embedEbpf(0, 0, 4, bytes(24, 8), bytes(5, 9));
        w.compact(new long[] {12, 13, 14, 15, 16}, random(new SplittableRandom(5), 5, 4));
        w.ingest(range(30, 2), random(new SplittableRandom(6), 2, 4));
        w.delete(new long[] {30});
        return w.toBytes();
    }

    static float[] random(SplittableRandom rnd, int count, int dim) {
        float[] v = new float[count * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return v;
    }

    static long[] range(long first, int count) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = first + i;
        }
        return ids;
    }

    /** Metadata: "group" (number), "tag" (string), "even" (boolean). */
    static List<Map<String, Value>> rows(int count) {
        List<Map<String, Value>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Value> row = new LinkedHashMap<>();
            row.put("group", Value.of(i % 7));
            row.put("tag", Value.of("t" + (i % 3)));
            row.put("even", Value.of(i % 2 == 0));
            out.add(row);
        }
        return out;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
