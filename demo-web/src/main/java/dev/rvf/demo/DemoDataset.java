package dev.rvf.demo;

import dev.rvf.Metric;
import dev.rvf.filter.Value;
import dev.rvf.format.Clock;
import dev.rvf.store.RvfStore;
import dev.rvf.store.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's default dataset: {@value #COUNT} vectors of dimension {@value #DIMENSION} in {@value #CLUSTERS} Gaussian
 * clusters, with metadata ({@code cluster} number, {@code label} string, {@code score} number, {@code even} boolean),
 * written by the Java core's {@link RvfStore} (so the file carries our INDEX and META segments) in batches of
 * {@value #BATCH}. Everything comes from a fixed seed and a fixed clock: every run writes the same bytes.
 */
public final class DemoDataset {
    public static final int COUNT = 4000;
    public static final int DIMENSION = 48;
    public static final int CLUSTERS = 10;
    public static final int BATCH = 1000;
    public static final Metric METRIC = Metric.L2;
    /** First id; ids are FIRST_ID .. FIRST_ID + COUNT - 1. */
    public static final long FIRST_ID = 1;
    public static final String[] LABELS = {"aurora", "basalt", "cedar", "dune", "ember", "fjord", "glacier",
        "harbor", "iris", "juniper"};

    private static final long SEED = 0x5256_4644_454d_4fL; // "RVFDEMO"
    /** 2026-01-01T00:00:00Z: witness timestamps start here and advance 1 ms per read. */
    private static final long CLOCK_START_NANOS = 1_767_225_600_000_000_000L;
    private static final double CENTER_SPREAD = 1.0;

    private DemoDataset() {
    }

    /** The file's bytes (deterministic). */
    public static byte[] generate() {
        Random random = new Random(SEED);
        float[][] centers = new float[CLUSTERS][DIMENSION];
        double[] sigma = new double[CLUSTERS];
        double[] weight = new double[CLUSTERS];
        double totalWeight = 0;
        for (int c = 0; c < CLUSTERS; c++) {
            for (int d = 0; d < DIMENSION; d++) {
                centers[c][d] = (float) (random.nextGaussian() * CENTER_SPREAD);
            }
            sigma[c] = 0.22 + 0.16 * random.nextDouble(); // some clusters tighter than others
            weight[c] = 0.6 + 0.8 * random.nextDouble(); // and of different sizes
            totalWeight += weight[c];
        }

        StoreOptions options = StoreOptions.defaults()
                .withIdSeed("rvf-demo:default-dataset".getBytes(StandardCharsets.US_ASCII))
                .withClock(fixedClock());
        RvfStore store = RvfStore.create(DIMENSION, METRIC, options);
        try {
            for (int first = 0; first < COUNT; first += BATCH) {
                int n = Math.min(BATCH, COUNT - first);
                float[] vectors = new float[n * DIMENSION];
                long[] ids = new long[n];
                List<Map<String, Value>> metadata = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long id = FIRST_ID + first + i;
                    int c = pick(random.nextDouble() * totalWeight, weight);
                    for (int d = 0; d < DIMENSION; d++) {
                        vectors[i * DIMENSION + d] = (float) (centers[c][d] + random.nextGaussian() * sigma[c]);
                    }
                    ids[i] = id;
                    Map<String, Value> row = new LinkedHashMap<>();
                    row.put("cluster", Value.of(c));
                    row.put("label", Value.of(LABELS[c]));
                    row.put("score", Value.of(Math.round(random.nextDouble() * 1000) / 1000.0));
                    row.put("even", Value.of(id % 2 == 0));
                    metadata.add(row);
                }
                store.ingest(vectors, ids, metadata);
            }
            return store.export();
        } finally {
            store.close();
        }
    }

    private static int pick(double r, double[] weight) {
        for (int c = 0; c < weight.length - 1; c++) {
            r -= weight[c];
            if (r < 0) {
                return c;
            }
        }
        return weight.length - 1;
    }

    private static Clock fixedClock() {
        return new Clock() {
            private long now = CLOCK_START_NANOS;

            @Override
            public long nowNanos() {
                now += 1_000_000L;
                return now;
            }
        };
    }

    /** Writes the dataset to the path given as the only argument (run by the build, see pom.xml). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DemoDataset OUTPUT.rvf");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        byte[] bytes = generate();
        Files.write(out, bytes);
        System.out.println("[rvf-demo] default dataset: " + COUNT + " vectors x " + DIMENSION + " (" + METRIC.apiName()
                + ", " + CLUSTERS + " clusters), " + bytes.length + " bytes -> " + out);
    }
}
