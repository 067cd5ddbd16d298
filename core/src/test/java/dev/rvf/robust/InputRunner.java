package dev.rvf.robust;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.filter.FilterExpr;
import dev.rvf.filter.Value;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.format.WitnessReport;
import dev.rvf.store.QueryOptions;
import dev.rvf.store.RvfStore;
import dev.rvf.store.SearchHit;
import dev.rvf.store.StoreOptions;
import dev.rvf.store.StoreStatus;
import dev.rvf.store.StoreTestSupport;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs one (possibly hostile) input through the format core or the whole store and checks the contract:
 * either it opens and every operation then works (status, segments, witness walk, kernel/eBPF extraction, exact,
 * graph and filtered queries, export, export -> open -> export byte-stable, and for a share of inputs ingest, delete
 * and compaction afterwards), or it fails with an {@link RvfException} whose code is one of the documented ones for
 * that call and whose offset lies in the input. Any other throwable (AIOOBE, NPE, NegativeArraySize, OOM,
 * StackOverflow, ArithmeticException, IllegalArgumentException...) is a failure. Allocation of the open/parse call is
 * measured with the per-thread allocation counter and checked against {@link #allocationBound}.
 */
final class InputRunner {
    /** Codes {@link RvfFile#parse} may fail with. */
    static final Set<ErrorCode> PARSE_CODES = EnumSet.of(ErrorCode.TRUNCATED, ErrorCode.LENGTH_OUT_OF_RANGE,
            ErrorCode.BAD_MAGIC, ErrorCode.NO_MANIFEST, ErrorCode.BAD_MANIFEST, ErrorCode.HASH_MISMATCH,
            ErrorCode.BAD_PAYLOAD, ErrorCode.LIMIT_EXCEEDED);
    /** Codes {@link RvfStore#open} may fail with: the parse codes, a corrupt META of ours, NaN records. */
    static final Set<ErrorCode> OPEN_CODES = EnumSet.of(ErrorCode.TRUNCATED, ErrorCode.LENGTH_OUT_OF_RANGE,
            ErrorCode.BAD_MAGIC, ErrorCode.NO_MANIFEST, ErrorCode.BAD_MANIFEST, ErrorCode.HASH_MISMATCH,
            ErrorCode.BAD_PAYLOAD, ErrorCode.LIMIT_EXCEEDED, ErrorCode.UNSUPPORTED, ErrorCode.NON_FINITE);
    /** Codes of reading a listed segment of an opened file (kernel, eBPF, listedSegments). */
    static final Set<ErrorCode> SEGMENT_CODES = EnumSet.of(ErrorCode.HASH_MISMATCH, ErrorCode.BAD_PAYLOAD,
            ErrorCode.BAD_MAGIC, ErrorCode.TRUNCATED, ErrorCode.LENGTH_OUT_OF_RANGE);

    /**
     * Allocation allowed per input byte, and the fixed allowance, of one open or parse (see docs/ROBUSTNESS.md). The
     * per-byte factor is set by the largest legitimate consumer: a valid INDEX with M = 128 over dimension-1 vectors
     * (14 input bytes per node) makes the graph allocate its full-capacity arrays, (2M + 1) ints per node on level 0
     * and (M + 1) per upper level, about 140 bytes per input byte (AdversarialInputsTest.largestValidIndexGraph).
     * Everything else stays under 25 bytes per input byte.
     */
    static final long ALLOC_PER_BYTE = 160;
    static final long ALLOC_FIXED = 1L << 20;

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    /** Figures collected over many inputs. */
    static final class Stats {
        long inputs;
        long inputBytes;
        long opened;
        long storeRuns;
        /** Per mode (0 parse, 1 store open): largest allocation of an input under {@link #RATIO_FROM} bytes. */
        final long[] maxSmallAllocation = new long[2];
        /** Per mode: largest allocation / input size over inputs of at least {@link #RATIO_FROM} bytes. */
        final double[] maxRatio = new double[2];
        final String[] maxRatioCase = {"", ""};
        long maxNanos;
        String maxNanosCase = "";
        final long[] codes = new long[128];

        void add(Stats o) {
            inputs += o.inputs;
            inputBytes += o.inputBytes;
            opened += o.opened;
            storeRuns += o.storeRuns;
            for (int m = 0; m < 2; m++) {
                maxSmallAllocation[m] = Math.max(maxSmallAllocation[m], o.maxSmallAllocation[m]);
                if (o.maxRatio[m] > maxRatio[m]) {
                    maxRatio[m] = o.maxRatio[m];
                    maxRatioCase[m] = o.maxRatioCase[m];
                }
            }
            if (o.maxNanos > maxNanos) {
                maxNanos = o.maxNanos;
                maxNanosCase = o.maxNanosCase;
            }
            for (int i = 0; i < codes.length; i++) {
                codes[i] += o.codes[i];
            }
        }

        void count(ErrorCode c) {
            codes[-c.code()]++;
        }

        String codeSummary() {
            StringBuilder b = new StringBuilder();
            for (ErrorCode c : ErrorCode.values()) {
                if (codes[-c.code()] > 0) {
                    b.append(c.name()).append('=').append(codes[-c.code()]).append(' ');
                }
            }
            return b.toString().trim();
        }
    }

    private InputRunner() {
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (mx instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) mx;
            if (t.isThreadAllocatedMemorySupported()) {
                t.setThreadAllocatedMemoryEnabled(true);
                return t;
            }
        }
        return null;
    }

    static boolean canMeasureAllocation() {
        return THREADS != null;
    }

    /** Bytes allocated so far by the calling thread (0 when the JVM cannot tell). */
    static long allocated() {
        return THREADS == null ? 0 : THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** CPU time of the calling thread (wall time when the JVM cannot tell). */
    static long cpuNanos() {
        return THREADS != null && THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime()
                : System.nanoTime();
    }

    static long allocationBound(int inputLength) {
        return ALLOC_PER_BYTE * inputLength + ALLOC_FIXED;
    }

    /** Inputs from this size on are counted in the allocation ratio (below it the fixed allowance dominates). */
    static final int RATIO_FROM = 16 * 1024;

    private static void recordAllocation(Stats stats, int mode, long used, int length, String id) {
        if (length < RATIO_FROM) {
            stats.maxSmallAllocation[mode] = Math.max(stats.maxSmallAllocation[mode], used);
        } else if ((double) used / length > stats.maxRatio[mode]) {
            stats.maxRatio[mode] = (double) used / length;
            stats.maxRatioCase[mode] = id;
        }
        if (used > allocationBound(length)) {
            throw new AssertionError("allocated " + used + " bytes for a " + length + "-byte input (bound "
                    + allocationBound(length) + ")");
        }
    }

    private static void checkException(RvfException e, Set<ErrorCode> allowed, int length, String call) {
        if (!allowed.contains(e.errorCode())) {
            throw new AssertionError(call + " failed with undocumented code " + e.errorCode() + ": "
                    + e.getMessage(), e);
        }
        if (e.offset() < -1 || e.offset() > length) {
            throw new AssertionError(call + " reported offset " + e.offset() + " outside the " + length
                    + "-byte input: " + e.getMessage(), e);
        }
    }

    /** Parses, then exercises the read accessors of the parsed file. */
    static void parseOnly(byte[] d, Stats stats, String id) {
        stats.inputs++;
        stats.inputBytes += d.length;
        long before = allocated();
        RvfFile f;
        try {
            f = RvfFile.parse(d);
        } catch (RvfException e) {
            recordAllocation(stats, 0, allocated() - before, d.length, id);
            checkException(e, PARSE_CODES, d.length, "parse");
            stats.count(e.errorCode());
            return;
        }
        recordAllocation(stats, 0, allocated() - before, d.length, id);
        stats.opened++;
        checkParsed(f, d);
    }

    static void checkParsed(RvfFile f, byte[] d) {
        if ((long) f.liveCount() * f.dimension() != f.liveVectors().length || f.loadedCount() < f.liveCount()) {
            throw new AssertionError("inconsistent vector arrays");
        }
        long prev = -1;
        for (SegmentInfo s : f.segments()) {
            if (s.offset() <= prev || s.endOffset() > d.length) {
                throw new AssertionError("segment list out of order or past the end: " + s);
            }
            prev = s.offset();
        }
        WitnessReport w = f.verifyWitnesses();
        if (!w.isValid() && (w.brokenOffset() < 0 || w.brokenOffset() >= d.length)) {
            throw new AssertionError("witness break outside the file: " + w);
        }
        try {
            f.verifyHashes();
        } catch (RvfException e) {
            checkException(e, EnumSet.of(ErrorCode.HASH_MISMATCH), d.length, "verifyHashes");
        }
        try {
            f.kernel();
        } catch (RvfException e) {
            checkException(e, SEGMENT_CODES, d.length, "kernel");
        }
        try {
            f.ebpf();
        } catch (RvfException e) {
            checkException(e, SEGMENT_CODES, d.length, "ebpf");
        }
        for (int type : new int[] {SegmentType.INDEX, SegmentType.META, SegmentType.WASM}) {
            try {
                f.listedSegments(type);
            } catch (RvfException e) {
                checkException(e, SEGMENT_CODES, d.length, "listedSegments");
            }
        }
    }

    /** Opens the input as a store and, when it opens, runs every operation on it. */
    static void store(byte[] d, SplittableRandom rnd, Stats stats, String id) {
        stats.inputs++;
        stats.storeRuns++;
        stats.inputBytes += d.length;
        // a cheap graph build (robustness does not depend on recall); a stored INDEX keeps its own parameters
        StoreOptions options = StoreOptions.defaults().withClock(StoreTestSupport.fixedClock())
                .withIdSeed(new byte[] {1, 2, 3}).withM(6).withEfConstruction(16);
        long before = allocated();
        RvfStore s;
        try {
            s = RvfStore.open(d, options);
        } catch (RvfException e) {
            recordAllocation(stats, 1, allocated() - before, d.length, id);
            checkException(e, OPEN_CODES, d.length, "open");
            stats.count(e.errorCode());
            return;
        }
        recordAllocation(stats, 1, allocated() - before, d.length, id);
        stats.opened++;
        exercise(s, rnd, options);
    }

    /** Every operation of an opened store; throws AssertionError when one misbehaves. */
    static void exercise(RvfStore s, SplittableRandom rnd, StoreOptions options) {
        StoreStatus st = s.status();
        long[] live = s.liveIds();
        if (st.totalVectors() != live.length || st.dimension() < 1) {
            throw new AssertionError("status " + st + " does not match " + live.length + " live ids");
        }
        List<SegmentInfo> segments = s.segments();
        if (segments.isEmpty()) {
            throw new AssertionError("an opened store has no segments");
        }
        s.verifyWitness();
        try {
            s.extractKernel();
        } catch (RvfException e) {
            checkException(e, SEGMENT_CODES, Integer.MAX_VALUE, "extractKernel");
        }
        try {
            s.extractEbpf();
        } catch (RvfException e) {
            checkException(e, SEGMENT_CODES, Integer.MAX_VALUE, "extractEbpf");
        }
        int dim = st.dimension();
        float[] q = Corpus.random(rnd, 1, dim);
        List<SearchHit> exact = s.query(q, 10, QueryOptions.defaults().withExact(true));
        checkExact(s, q, exact, live, Math.min(10, live.length));
        List<SearchHit> graph = s.query(q, 10);
        checkHits(graph, live, Math.min(10, live.length), "default query");
        List<SearchHit> narrow = s.query(q, 3, QueryOptions.defaults().withEfSearch(1));
        checkHits(narrow, live, Math.min(3, live.length), "ef 1 query");
        s.query(q, 5, QueryOptions.defaults().withFilter(FilterExpr.eq("tag", Value.of("t1"))));
        s.query(q, 5, QueryOptions.defaults().withFilter(FilterExpr.not(FilterExpr.eq("even", Value.of(true)))));

        byte[] first;
        String statusBefore = s.status().toString();
        try {
            first = s.export();
        } catch (RvfException e) {
            // only a file already at the epoch or size limit cannot take the INDEX/META segments
            checkException(e, EnumSet.of(ErrorCode.LIMIT_EXCEEDED), Integer.MAX_VALUE, "export");
            if (!statusBefore.equals(s.status().toString())) {
                throw new AssertionError("a failed export changed the store");
            }
            return;
        }
        RvfStore r;
        try {
            r = RvfStore.open(first, options);
        } catch (RvfException e) {
            throw new AssertionError("the export of an opened store does not open: " + e.getMessage(), e);
        }
        if (!Arrays.equals(live, r.liveIds())) {
            throw new AssertionError("export -> open changed the live ids");
        }
        for (int i = 0; i < Math.min(5, live.length); i++) {
            long idv = live[rnd.nextInt(live.length)];
            if (!Arrays.equals(s.vector(idv), r.vector(idv)) || !s.metadata(idv).equals(r.metadata(idv))) {
                throw new AssertionError("export -> open changed vector or metadata of id " + idv);
            }
        }
        if (!Arrays.equals(first, r.export())) {
            throw new AssertionError("export -> open -> export is not byte-stable");
        }
        if (rnd.nextInt(3) == 0) {
            mutateAfterOpen(r, rnd, options, dim);
        }
    }

    /** Ingest (a re-used and a new id), delete, sometimes compact: the store keeps working and round-trips. */
    private static void mutateAfterOpen(RvfStore r, SplittableRandom rnd, StoreOptions options, int dim) {
        long[] live = r.liveIds();
        long reused = live.length > 0 ? live[rnd.nextInt(live.length)] : 1;
        long fresh = rnd.nextLong();
        try {
            r.ingest(Corpus.random(rnd, 2, dim), reused == fresh ? new long[] {fresh} : new long[] {reused, fresh},
                    null);
            r.delete(new long[] {reused, 12345678901L});
            if (rnd.nextBoolean()) {
                r.compact();
            }
        } catch (RvfException e) {
            // a file at the epoch limit cannot take more writes
            if (e.errorCode() != ErrorCode.LIMIT_EXCEEDED && e.errorCode() != ErrorCode.DIMENSION_MISMATCH) {
                throw new AssertionError("a mutation of an opened store failed: " + e.getMessage(), e);
            }
            return;
        }
        long[] expected = r.liveIds();
        byte[] again = r.export();
        RvfStore back = RvfStore.open(again, options);
        if (!Arrays.equals(expected, back.liveIds()) || !Arrays.equals(again, back.export())) {
            throw new AssertionError("after ingest/delete/compact the store does not round-trip");
        }
    }

    private static void checkHits(List<SearchHit> hits, long[] live, int expected, String what) {
        if (hits.size() != expected) {
            throw new AssertionError(what + " returned " + hits.size() + " hits, expected " + expected);
        }
        for (int i = 0; i < hits.size(); i++) {
            if (Arrays.binarySearch(liveSortedSigned(live), hits.get(i).id()) < 0) {
                throw new AssertionError(what + " returned id " + hits.get(i).id() + ", which is not live");
            }
            for (int j = 0; j < i; j++) {
                if (hits.get(j).id() == hits.get(i).id()) {
                    throw new AssertionError(what + " returned id " + hits.get(i).id() + " twice");
                }
            }
            if (i > 0 && Float.compare(hits.get(i - 1).distance(), hits.get(i).distance()) > 0) {
                throw new AssertionError(what + " hits are not sorted by distance: " + hits);
            }
        }
    }

    private static long[] liveSortedSigned(long[] live) {
        long[] s = live.clone();
        Arrays.sort(s);
        return s;
    }

    /** The exact hits are the k nearest live vectors, recomputed independently (within float tolerance). */
    private static void checkExact(RvfStore s, float[] q, List<SearchHit> hits, long[] live, int k) {
        checkHits(hits, live, k, "exact query");
        if (k == 0) {
            return;
        }
        Metric metric = s.metric();
        float worst = hits.get(k - 1).distance();
        if (Float.isNaN(worst) || Float.isInfinite(worst)) {
            return; // huge stored values overflow every metric; only the shape of the answer is checked
        }
        for (long idv : live) {
            float[] v = s.vector(idv);
            if (overflows(q, v)) {
                continue; // float32 sums overflow (the store computes in float32, as the reference): not comparable
            }
            float dist = distance(metric, q, v);
            boolean hit = false;
            for (SearchHit h : hits) {
                hit |= h.id() == idv;
            }
            if (!hit && dist < worst - 1e-4f * Math.max(1f, Math.abs(worst))) {
                throw new AssertionError("exact query missed id " + idv + " at distance " + dist + " < " + worst);
            }
        }
    }

    /** Whether a float32 evaluation of the metrics overflows for this pair (huge but finite stored values). */
    static boolean overflows(float[] a, float[] b) {
        float na = 0;
        float nb = 0;
        float l2 = 0;
        for (int i = 0; i < a.length; i++) {
            na += a[i] * a[i];
            nb += b[i] * b[i];
            float d = a[i] - b[i];
            l2 += d * d;
        }
        return !Float.isFinite(na * nb) || !Float.isFinite(l2);
    }

    static float distance(Metric metric, float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        double l2 = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            l2 += d * d;
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        switch (metric) {
            case L2:
                return (float) l2;
            case DOT_PRODUCT:
                return (float) -dot;
            default:
                double denom = Math.sqrt(na * nb);
                return denom < 1.1920929e-7 ? 1f : (float) (1 - dot / denom);
        }
    }
}
