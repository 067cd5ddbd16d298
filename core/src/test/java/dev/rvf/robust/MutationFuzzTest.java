package dev.rvf.robust;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Property: every mutated input either opens and then works, or fails with a documented {@link dev.rvf.RvfException}
 * code; never another throwable, never an allocation above {@link InputRunner#allocationBound}, never a run of more
 * than {@link #INPUT_LIMIT_NANOS} for one input (a watchdog fails the test, naming the case, if one input does not
 * finish at all).
 *
 * <p>Inputs are seeded: case i uses {@code SplittableRandom(caseSeed(base, i))} to pick the seed file, the mutation
 * and the mode. A failure prints its case seed; {@code -Drvf.fuzz.case=<seed>} replays just that case. The number of
 * inputs is {@code -Drvf.fuzz.inputs} (default 100,000), the base seed {@code -Drvf.fuzz.seed}. Most inputs are
 * mutations of small files run through the format parser and the parsed file's accessors; one in
 * {@link #STORE_EVERY} (of inputs up to {@link #STORE_MAX_BYTES}) goes through {@code RvfStore.open} and every store
 * operation. See docs/ROBUSTNESS.md.
 */
class MutationFuzzTest {
    static final int DEFAULT_INPUTS = 100_000;
    static final long DEFAULT_SEED = 0x5EED_2026L;
    static final int SMALL_FILE = 40_000;
    static final int STORE_EVERY = 6;
    /** One input in this many is a mutation of any seed (the large samples included); the others of small ones. */
    static final int LARGE_EVERY = 50;
    static final int STORE_MAX_BYTES = 200_000;
    static final long INPUT_LIMIT_NANOS = 2_000_000_000L;
    /** The watchdog gives up on an input after this long (a loop without end). */
    static final long HANG_NANOS = 30_000_000_000L;
    static final int MAX_REPORTED_FAILURES = 15;

    static long caseSeed(long base, long i) {
        long z = base + i * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The work, shared with the watchdog. */
    static final class Campaign implements Runnable {
        final List<Mutator.Prepared> small = new ArrayList<>();
        final List<Mutator.Prepared> everything = new ArrayList<>();
        final Mutator mutator;
        final long base;
        final long count;
        final int storeEvery = Integer.getInteger("rvf.fuzz.storeEvery", STORE_EVERY);
        long parseNanos;
        long storeNanos;
        volatile long totalCpuNanos;
        final Long only;
        final InputRunner.Stats stats = new InputRunner.Stats();
        final long[] perKind = new long[Mutator.KINDS.length];
        final List<String> failures = new ArrayList<>();
        volatile long caseStart;
        volatile String current = "";
        volatile boolean done;

        Campaign(long base, long count, Long only) {
            for (Corpus.Seed s : Corpus.all()) {
                Mutator.Prepared p = new Mutator.Prepared(s);
                everything.add(p);
                if (s.bytes.length <= SMALL_FILE || !s.sample) { // every written file: they hold INDEX, META, witnesses
                    small.add(p);
                }
            }
            this.mutator = new Mutator(small);
            this.base = base;
            this.count = count;
            this.only = only;
        }

        @Override
        public void run() {
            long cpu0 = InputRunner.cpuNanos();
            try {
                if (only != null) {
                    runCase(only, -1);
                } else {
                    for (long i = 0; i < count && failures.size() < MAX_REPORTED_FAILURES; i++) {
                        runCase(caseSeed(base, i), i);
                    }
                }
            } finally {
                totalCpuNanos = InputRunner.cpuNanos() - cpu0;
                done = true;
            }
        }

        void runCase(long seed, long index) {
            SplittableRandom rnd = new SplittableRandom(seed);
            List<Mutator.Prepared> pool = rnd.nextInt(LARGE_EVERY) == 0 ? everything : small;
            Mutator.Prepared p = pool.get(rnd.nextInt(pool.size()));
            Mutator.Mutant m = mutator.mutate(p, rnd);
            boolean store = m.data.length <= STORE_MAX_BYTES && rnd.nextInt(storeEvery) == 0;
            String id = "case " + index + " seed " + seed + " (" + p.seed.name + ": " + m.what + (store ? ", store"
                    : ", parse") + ")";
            current = id;
            caseStart = System.nanoTime();
            long cpuStart = InputRunner.cpuNanos();
            perKind[m.kind]++;
            if (index < 0 && System.getProperty("rvf.fuzz.dump") != null) {
                dump(m.data, System.getProperty("rvf.fuzz.dump"));
            }
            try {
                if (store) {
                    InputRunner.store(m.data, rnd, stats, id);
                } else {
                    InputRunner.parseOnly(m.data, stats, id);
                }
            } catch (Throwable t) { // everything, including OOM and StackOverflowError, is a finding
                failures.add(id + ": " + describe(t) + "\n  replay: -Drvf.fuzz.case=" + seed);
                if (failures.size() <= 3) {
                    t.printStackTrace(System.out);
                }
            }
            // CPU time of this thread: the per-input limit must not trip because other builds share the cores
            long took = InputRunner.cpuNanos() - cpuStart;
            if (store) {
                storeNanos += took;
            } else {
                parseNanos += took;
            }
            if (took > stats.maxNanos) {
                stats.maxNanos = took;
                stats.maxNanosCase = id;
            }
            if (took > INPUT_LIMIT_NANOS) {
                failures.add(id + ": took " + took / 1_000_000 + " ms\n  replay: -Drvf.fuzz.case=" + seed);
            }
        }
    }

    /** Replay aid: writes the input of the replayed case to a file. */
    static void dump(byte[] data, String path) {
        try {
            java.nio.file.Files.write(java.nio.file.Paths.get(path), data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String describe(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        String where = st.length > 0 ? " at " + st[0] : "";
        return t.getClass().getSimpleName() + ": " + t.getMessage() + where;
    }

    /** Runs the campaign on a daemon thread so that a hanging input can be reported instead of blocking the build. */
    static Campaign runWithWatchdog(Campaign c) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rvf-fuzz");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> f = worker.submit(c);
            while (true) {
                try {
                    f.get(200, TimeUnit.MILLISECONDS);
                    return c;
                } catch (TimeoutException stillRunning) {
                    long running = System.nanoTime() - c.caseStart;
                    if (!c.done && c.caseStart != 0 && running > HANG_NANOS) {
                        fail("no result after " + running / 1_000_000_000 + " s (a loop without end?): " + c.current);
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void mutatedInputsOpenOrFailWithDocumentedCodes() throws Exception {
        long count = Long.getLong("rvf.fuzz.inputs", DEFAULT_INPUTS);
        long base = Long.getLong("rvf.fuzz.seed", DEFAULT_SEED);
        String replay = System.getProperty("rvf.fuzz.case");
        Long only = replay == null || replay.isEmpty() ? null : Long.valueOf(replay);
        long t0 = System.nanoTime();
        Campaign c = new Campaign(base, count, only);
        long prepared = System.nanoTime();
        runWithWatchdog(c);
        double seconds = (System.nanoTime() - prepared) / 1e9;
        double cpuSeconds = (c.parseNanos + c.storeNanos) / 1e9;
        InputRunner.Stats s = c.stats;
        StringBuilder kinds = new StringBuilder();
        for (int k = 0; k < Mutator.KINDS.length; k++) {
            kinds.append(Mutator.KINDS[k]).append('=').append(c.perKind[k]).append(' ');
        }
        System.out.printf("[robust] mutation fuzz: %d inputs (%d through the store, %.1f MB), %d opened, seed %d,"
                + " %.1f s (+%.1f s corpus)%n", s.inputs, s.storeRuns, s.inputBytes / 1e6, s.opened, base, seconds,
                (prepared - t0) / 1e9);
        System.out.printf("[robust]   CPU time %.1f s, of which the inputs %.1f s (parse-only %.1f s, store %.1f s),"
                + " the rest generating them%n", c.totalCpuNanos / 1e9, cpuSeconds, c.parseNanos / 1e9,
                c.storeNanos / 1e9);
        System.out.println("[robust]   mutations: " + kinds.toString().trim());
        System.out.println("[robust]   failures by code: " + s.codeSummary());
        for (int mode = 0; mode < 2; mode++) {
            System.out.printf("[robust]   allocation of %s: inputs < 16 KiB at most %d B; larger inputs at most %.1f x"
                    + " their size (%s)%n", mode == 0 ? "parse" : "store open", s.maxSmallAllocation[mode],
                    s.maxRatio[mode], s.maxRatioCase[mode]);
        }
        System.out.printf("[robust]   slowest input %.1f ms CPU (%s)%n", s.maxNanos / 1e6, s.maxNanosCase);
        if (!c.failures.isEmpty()) {
            fail(c.failures.size() + " failing inputs:\n" + String.join("\n", c.failures));
        }
        if (only == null) {
            assertTrue(s.inputs == count, "ran " + s.inputs + " of " + count);
            assertTrue(s.opened > count / 20 && s.opened < count, "opened " + s.opened + ": mutations too mild or"
                    + " too harsh to test both outcomes");
        }
    }
}
