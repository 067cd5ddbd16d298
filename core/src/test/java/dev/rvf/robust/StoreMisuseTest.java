package dev.rvf.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.Value;
import dev.rvf.format.Fold256;
import dev.rvf.store.DerivationType;
import dev.rvf.store.QueryOptions;
import dev.rvf.store.RvfStore;
import dev.rvf.store.SearchHit;
import dev.rvf.store.StoreOptions;
import dev.rvf.store.StoreTestSupport;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Misuse of the store on the JVM. Twin stores get the same random operations; one of them also gets calls that must
 * be rejected (NaN / infinity in a batch, a batch or segment that would grow the file past its size limit, bad
 * arguments). A rejected call must leave no trace: after it the two stores have the same status, the same answers
 * and export byte-identical files. Plus: a store with vectors, deletes, metadata, INDEX, kernel, eBPF and lineage
 * (depth 2) is byte-stable through export -> open -> export, and every seed file of the corpus that opens round-trips.
 */
class StoreMisuseTest {
    static final int DIM = 6;

    static StoreOptions options(String seed) {
        return StoreTestSupport.options(seed).withM(6).withEfConstruction(24);
    }

    /** The store's test-only size limit (package-private in dev.rvf.store; reflection is fine in tests). */
    static void limitLog(RvfStore s, long bytes) {
        try {
            Method m = RvfStore.class.getDeclaredMethod("limitLogForTest", long.class);
            m.setAccessible(true);
            m.invoke(s, bytes);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("RvfStore.limitLogForTest(long) is gone", e);
        }
    }

    static List<List<SearchHit>> answers(RvfStore s, SplittableRandom rnd) {
        List<List<SearchHit>> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            float[] q = Corpus.random(rnd, 1, DIM);
            out.add(s.query(q, 7));
            out.add(s.query(q, 5, QueryOptions.defaults().withExact(true)));
            out.add(s.query(q, 4, QueryOptions.defaults().withFilter(FilterExpr.eq("tag", Value.of("t1")))));
        }
        return out;
    }

    static void assertTwins(RvfStore a, RvfStore b, long querySeed, String what) {
        assertEquals(b.status().toString(), a.status().toString(), what + ": status");
        assertArrayEquals(b.liveIds(), a.liveIds(), what + ": live ids");
        assertEquals(answers(b, new SplittableRandom(querySeed)), answers(a, new SplittableRandom(querySeed)),
                what + ": answers");
    }

    /** A batch of n vectors with ids from a small range (so ids get re-used) and metadata on some. */
    static Object[] batch(SplittableRandom rnd, int n) {
        float[] v = Corpus.random(rnd, n, DIM);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rnd.nextInt(400);
        }
        List<Map<String, Value>> rows = rnd.nextBoolean() ? Corpus.rows(n) : null;
        return new Object[] {v, ids, rows};
    }

    @SuppressWarnings("unchecked")
    static void ingest(RvfStore s, Object[] b) {
        s.ingest((float[]) b[0], (long[]) b[1], (List<Map<String, Value>>) b[2]);
    }

    /** Calls that must fail with {@code code} and change nothing. */
    static void rejected(RvfStore a, ErrorCode code, Executable call, String what) {
        String status = a.status().toString();
        RvfException e = assertThrows(RvfException.class, call, what);
        assertEquals(code, e.errorCode(), what + ": " + e.getMessage());
        assertEquals(status, a.status().toString(), what + ": the status changed");
    }

    @Test
    void rejectedNonFiniteBatchesAndBadArgumentsLeaveNoTrace() {
        for (int seed = 0; seed < 12; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            RvfStore a = RvfStore.create(DIM, seed % 2 == 0 ? Metric.COSINE : Metric.L2, options("twin" + seed));
            RvfStore b = RvfStore.create(DIM, seed % 2 == 0 ? Metric.COSINE : Metric.L2, options("twin" + seed));
            for (int step = 0; step < 30; step++) {
                String what = "seed " + seed + " step " + step;
                int op = rnd.nextInt(10);
                if (op < 4) {
                    Object[] batch = batch(rnd, 1 + rnd.nextInt(40));
                    ingest(a, batch);
                    ingest(b, batch);
                } else if (op < 6) {
                    long[] ids = {rnd.nextInt(400), rnd.nextInt(400), rnd.nextInt(400)};
                    a.delete(ids);
                    b.delete(ids);
                } else if (op == 6) {
                    assertArrayEquals(b.export(), a.export(), what + ": export");
                } else if (op == 7 && rnd.nextInt(3) == 0) {
                    a.compact();
                    b.compact();
                } else {
                    Object[] batch = batch(rnd, 1 + rnd.nextInt(40));
                    float[] v = ((float[]) batch[0]).clone();
                    v[rnd.nextInt(v.length)] = new float[] {Float.NaN, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY}[rnd.nextInt(3)];
                    Object[] bad = {v, batch[1], batch[2]};
                    rejected(a, ErrorCode.NON_FINITE, () -> ingest(a, bad), what + ": NaN batch");
                    float[] q = new float[DIM];
                    q[rnd.nextInt(DIM)] = Float.NaN;
                    rejected(a, ErrorCode.NON_FINITE, () -> a.query(q, 3), what + ": NaN query");
                    rejected(a, ErrorCode.DIMENSION_MISMATCH, () -> a.ingest(new float[DIM + 1], new long[] {1}, null),
                            what + ": wrong dimension");
                    rejected(a, ErrorCode.INVALID_ARGUMENT, () -> a.ingest((float[]) batch[0], (long[]) batch[1],
                            Collections.nCopies(((long[]) batch[1]).length + 1, null)), what + ": metadata rows");
                    rejected(a, ErrorCode.INVALID_ARGUMENT, () -> a.query(new float[DIM], 0), what + ": k 0");
                    rejected(a, ErrorCode.INVALID_ARGUMENT, () -> a.delete(null), what + ": null ids");
                    rejected(a, ErrorCode.INVALID_ARGUMENT, () -> a.embedKernel(256, 0, 0, new byte[1], 1, null),
                            what + ": kernel arch");
                }
                assertTwins(a, b, seed * 100L + step, what);
            }
            assertArrayEquals(b.export(), a.export(), "seed " + seed + ": final export");
        }
    }

    @Test
    void mutationsPastTheSizeLimitAreRejectedWholeAndLeaveNoTrace() {
        int rejections = 0;
        for (int seed = 0; seed < 12; seed++) {
            SplittableRandom rnd = new SplittableRandom(1000 + seed);
            RvfStore a = RvfStore.create(DIM, Metric.L2, options("limit" + seed));
            RvfStore b = RvfStore.create(DIM, Metric.L2, options("limit" + seed));
            for (int step = 0; step < 40; step++) {
                String what = "seed " + seed + " step " + step;
                // room for a little more than nothing, up to a few batches
                limitLog(a, a.status().fileSize() + rnd.nextInt(rnd.nextBoolean() ? 600 : 6000));
                int op = rnd.nextInt(8);
                Executable onA;
                Runnable onB;
                if (op < 3) {
                    Object[] batch = batch(rnd, 1 + rnd.nextInt(60));
                    onA = () -> ingest(a, batch);
                    onB = () -> ingest(b, batch);
                } else if (op == 3) {
                    long[] ids = new long[1 + rnd.nextInt(80)];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = rnd.nextInt(400);
                    }
                    onA = () -> a.delete(ids);
                    onB = () -> b.delete(ids);
                } else if (op == 4) {
                    byte[] image = Corpus.bytes(rnd.nextInt(2000), step);
                    onA = () -> a.embedKernel(0, 0, 0, image, 80, "cmd");
                    onB = () -> b.embedKernel(0, 0, 0, image, 80, "cmd");
                } else if (op == 5) {
                    byte[] program = Corpus.bytes(8 * rnd.nextInt(200), step);
                    onA = () -> a.embedEbpf(0, 0, DIM, program, null);
                    onB = () -> b.embedEbpf(0, 0, DIM, program, null);
                } else if (op == 6) {
                    onA = a::export;
                    onB = b::export;
                } else {
                    onA = a::compact;
                    onB = b::compact;
                }
                String status = a.status().toString();
                try {
                    onA.execute();
                    onB.run();
                } catch (RvfException e) {
                    assertEquals(ErrorCode.LIMIT_EXCEEDED, e.errorCode(), what + ": " + e.getMessage());
                    assertEquals(status, a.status().toString(), what + ": a rejected call changed the status");
                    rejections++;
                } catch (Throwable t) {
                    throw new AssertionError(what, t);
                }
                assertTwins(a, b, seed * 100L + step, what);
            }
            limitLog(a, Long.MAX_VALUE);
            assertArrayEquals(b.export(), a.export(), "seed " + seed + ": after the limit is lifted");
        }
        assertTrue(rejections > 50, "only " + rejections + " calls hit the limit");
    }

    /** A depth-2 lineage store holding every kind of content; export -> open -> export is byte-stable. */
    @Test
    void lineageStoreWithEverythingIsByteStable() {
        SplittableRandom rnd = new SplittableRandom(77);
        RvfStore root = RvfStore.create(DIM, Metric.DOT_PRODUCT, options("root"));
        ingest(root, batch(rnd, 50));
        RvfStore child = root.derive(DerivationType.FILTER, options("child"));
        byte[] rootAtDerive = root.export();
        RvfStore grandchild = fill(child, rnd).derive(DerivationType.SNAPSHOT, options("grandchild"));
        byte[] childAtDerive = child.export();
        fill(grandchild, rnd);
        byte[] first = grandchild.export();

        RvfStore reopened = RvfStore.open(first, StoreOptions.defaults().withClock(StoreTestSupport.fixedClock()));
        assertArrayEquals(first, reopened.export(), "export -> open -> export");
        assertEquals("loaded", reopened.status().index().state());
        assertEquals(2, reopened.lineageDepth());
        assertEquals(child.fileId(), reopened.parentId());
        assertEquals(dev.rvf.format.Hex.of(tailFold(childAtDerive)), reopened.parentHash());
        assertEquals(root.fileId(), RvfStore.open(childAtDerive).parentId());
        assertEquals(dev.rvf.format.Hex.of(tailFold(rootAtDerive)), RvfStore.open(childAtDerive).parentHash());
        assertArrayEquals(grandchild.liveIds(), reopened.liveIds());
        for (long id : grandchild.liveIds()) {
            assertArrayEquals(grandchild.vector(id), reopened.vector(id));
            assertEquals(grandchild.metadata(id), reopened.metadata(id));
        }
        assertArrayEquals(grandchild.extractKernel().image(), reopened.extractKernel().image());
        assertArrayEquals(grandchild.extractEbpf().payloadBytes(), reopened.extractEbpf().payloadBytes());
        assertEquals(answers(grandchild, new SplittableRandom(1)), answers(reopened, new SplittableRandom(1)));
        assertTrue(reopened.verifyWitness().isValid());
        // and once more after further changes on the reopened store
        fill(reopened, rnd);
        byte[] second = reopened.export();
        assertArrayEquals(second, RvfStore.open(second).export());
    }

    private static RvfStore fill(RvfStore s, SplittableRandom rnd) {
        ingest(s, batch(rnd, 80));
        ingest(s, batch(rnd, 30));
        s.delete(new long[] {1, 2, 3, 5, 8, 13, 21});
        s.embedKernel(1, 0xFE, 3, Corpus.bytes(64, 1), 8080, "console=ttyS0");
        s.embedEbpf(2, 1, DIM, Corpus.bytes(24, 2), Corpus.bytes(7, 3));
        ingest(s, batch(rnd, 10));
        return s;
    }

    private static byte[] tailFold(byte[] file) {
        int tail = Math.min(65536, file.length);
        return Fold256.digest(file, file.length - tail, tail);
    }

    /** Every seed file of the corpus (up to 200 KB) opens and passes every store operation, byte-stably. */
    @Test
    void everyCorpusFileOpensAndRoundTrips() {
        InputRunner.Stats stats = new InputRunner.Stats();
        int n = 0;
        for (Corpus.Seed s : Corpus.all()) {
            if (s.bytes.length <= 200_000) {
                InputRunner.store(s.bytes, new SplittableRandom(n), stats, s.name);
                assertEquals(++n, stats.opened, s.name + " did not open: " + stats.codeSummary());
            }
        }
        assertTrue(n > 40, Arrays.toString(new int[] {n}));
    }
}
