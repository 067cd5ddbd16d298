package dev.rvf.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.filter.MetadataCodec;
import dev.rvf.filter.Value;
import dev.rvf.format.ByteWriter;
import dev.rvf.format.DirectoryEntry;
import dev.rvf.format.LittleEndian;
import dev.rvf.format.SegmentHeader;
import dev.rvf.format.SegmentType;
import dev.rvf.store.RvfStore;
import dev.rvf.store.StoreOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Inputs built to make the reader do much more work, or allocate much more memory, than their size justifies:
 * ids that collide in the id hash map, directories of thousands of entries pointing at overlapping fake segments
 * with huge payloads, graphs over identical or overflowing vectors, metadata spread over thousands of sparse fields.
 * Each must open (and answer a query) or fail with a documented code within {@link MutationFuzzTest#INPUT_LIMIT_NANOS}
 * of CPU time and within {@link InputRunner#allocationBound}.
 */
class AdversarialInputsTest {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** The multiplicative inverse of an odd number modulo 2^64 (Newton iteration). */
    static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 6; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /**
     * Ids whose products with the golden-ratio constant are x * (2^32 + 1): the high and low halves are equal, so a
     * hash that folds them with xor sends every one of them to slot 0.
     */
    static long[] collidingIds(int n) {
        long inv = inverse(GOLDEN);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            long h = (i + 1L) * 0x100000001L;
            ids[i] = h * inv;
        }
        return ids;
    }

    static byte[] collidingVecFile(int n) {
        FileBuilder b = new FileBuilder();
        long[] ids = collidingIds(n);
        b.segment(SegmentType.VEC, FileBuilder.vec(1, ids, new float[n]));
        return b.finish(1, n, new long[0]);
    }

    /**
     * An unknown-type segment whose payload is {@code fakes} overlapping fake segment headers 24 bytes apart, each
     * with a set hash and a payload running to the end of the region; the manifest lists every fake header as an
     * INDEX, META, KERNEL or VEC segment. Hashing each listed segment separately costs fakes x region bytes.
     */
    static byte[] overlappingFakeSegments(int regionBytes, int type) {
        int fakes = Math.min(2400, (regionBytes - 64) / 24);
        byte[] region = new byte[regionBytes];
        java.util.Arrays.fill(region, (byte) 0x11);
        for (int k = 0; k < fakes; k++) {
            int o = 24 * k;
            LittleEndian.putI32(region, o, SegmentHeader.MAGIC);
            LittleEndian.putU64(region, o + 16, regionBytes - o - 64L);
        }
        FileBuilder b = new FileBuilder();
        long at = b.segment(0xF3, region) + SegmentHeader.SIZE;
        for (int k = 0; k < fakes; k++) {
            b.entry(new DirectoryEntry(1000 + k, at + 24L * k, 0, type));
        }
        return b.finish(4, 0, new long[0]);
    }

    /** n records of dimension 2, all with the same vector. */
    static byte[] identicalVectors(int n, float value) {
        long[] ids = new long[n];
        float[] v = new float[2 * n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            v[2 * i] = value;
            v[2 * i + 1] = value;
        }
        FileBuilder b = new FileBuilder();
        b.segment(SegmentType.VEC, FileBuilder.vec(2, ids, v));
        return b.finish(2, n, new long[0]);
    }

    /** n records of dimension 4 with values of about +-3e38: every distance overflows to infinity. */
    static byte[] overflowingVectors(int n, int metric) {
        SplittableRandom rnd = new SplittableRandom(5);
        long[] ids = new long[n];
        float[] v = new float[4 * n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            for (int k = 0; k < 4; k++) {
                v[4 * i + k] = (rnd.nextBoolean() ? 3e38f : -3e38f) * (float) rnd.nextDouble(0.9, 1.0);
            }
        }
        FileBuilder b = new FileBuilder();
        b.segment(SegmentType.VEC, FileBuilder.vec(4, ids, v));
        return b.finish(4, n, new long[0], metric);
    }

    /** n records, then a META of ours with {@code fields} distinct field names, each set on one (late) vector. */
    @SuppressWarnings("unchecked")
    static byte[] sparseMetadata(int n, int fields) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        FileBuilder b = new FileBuilder();
        b.segment(SegmentType.VEC, FileBuilder.vec(1, ids, new float[n]));
        long[] rowIds = new long[fields];
        Map<String, Value>[] rows = new Map[fields];
        for (int f = 0; f < fields; f++) {
            rowIds[f] = n - 1 - f;
            rows[f] = new LinkedHashMap<>();
            rows[f].put(Integer.toString(f, 36), Value.of(true));
        }
        b.segment(SegmentType.META, MetadataCodec.encodeMeta(rowIds, rows, fields));
        return b.finish(1, n, new long[0]);
    }

    /**
     * n vectors of dimension 1 and a valid INDEX of ours over them with the largest M (128) and the most levels
     * the codec accepts (2n + 64 in total), every adjacency list empty: the graph arrays are sized for full lists, so
     * this is the most memory a valid INDEX can make the store allocate per input byte.
     */
    static byte[] maximalEmptyGraph(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        FileBuilder b = new FileBuilder();
        byte[] vec = FileBuilder.vec(1, ids, new float[n]);
        long vecAt = b.segment(SegmentType.VEC, vec);
        int[] levels = new int[n];
        long budget = 2L * n + 64;
        int maxLevel = 31;
        for (int i = 0; i < n && budget > 0; i++) {
            levels[i] = (int) Math.min(maxLevel, budget);
            budget -= levels[i];
        }
        int adjacency = 0;
        for (int l : levels) {
            adjacency += l + 1;
        }
        ByteWriter g = new ByteWriter();
        g.u32(0x4E485652L).u16(1).u8(0).u8(0).u32(1).u16(128).u16(0).u32(100).u32(100).u32(n).u32(0)
                .u8(maxLevel).u8(0).u16(0).u64(1).u64(2).u32(adjacency);
        for (int l : levels) {
            g.u8(l);
        }
        g.zeros(adjacency);
        ByteWriter index = new ByteWriter();
        index.u32(0x49535652L).u16(1).u16(0).u32(1).u32(n).u64(vecAt).u64(vec.length)
                .bytes(dev.rvf.format.ContentHash.of(vec)).bytes(g.toByteArray());
        b.segment(SegmentType.INDEX, index.toByteArray());
        return b.finish(1, n, new long[0]);
    }

    /**
     * An unknown segment whose payload is {@code bytes} of manifest candidates that do not parse (magic, type 0x05,
     * payload_length 0, every 24 bytes), and no manifest: tail discovery, which searches the whole file like the
     * reference, must reject each candidate cheaply.
     */
    static byte[] unparsableManifestCandidates(int bytes) {
        byte[] d = new byte[bytes];
        for (int p = 0; p + 24 <= bytes; p += 24) {
            LittleEndian.putI32(d, p, SegmentHeader.MAGIC);
            d[p + 4] = 1;
            d[p + 5] = SegmentType.MANIFEST;
        }
        return Mutator.append(new byte[0], 0xF3, 1, d);
    }

    /** {@code count} empty MANIFEST segments (64 bytes each): none parses in dialect R or W. */
    static byte[] emptyManifestSegments(int count) {
        byte[] one = Mutator.append(new byte[0], SegmentType.MANIFEST, 1, new byte[0]);
        byte[] d = new byte[one.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(one, 0, d, i * one.length, one.length);
        }
        return d;
    }

    /** A small store file whose manifest also lists {@code count} INDEX and META entries pointing past the end. */
    static byte[] manyUnreadableEntries(int count) {
        FileBuilder b = new FileBuilder();
        b.segment(SegmentType.VEC, FileBuilder.vec(1, new long[] {1, 2}, new float[] {1, 2}));
        for (int i = 0; i < count; i++) {
            b.entry(new DirectoryEntry(10 + i, 1L << 40, 100, i % 2 == 0 ? SegmentType.INDEX : SegmentType.META));
        }
        return b.finish(1, 2, new long[0]);
    }

    /** Opens {@code input} as a store (and queries it) under the CPU and allocation limits. */
    static long[] openWithinLimits(String name, byte[] input) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rvf-adversarial");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<long[]> f = worker.submit(() -> {
                long cpu = InputRunner.cpuNanos();
                long before = InputRunner.allocated();
                String outcome;
                long used;
                try {
                    RvfStore s = RvfStore.open(input, StoreOptions.defaults().withM(8).withEfConstruction(32));
                    used = InputRunner.allocated() - before;
                    float[] q = new float[s.dimension()];
                    java.util.Arrays.fill(q, 0.5f);
                    long[] live = s.liveIds();
                    checkHits(s.query(q, 5), live, 5, name);
                    checkHits(s.query(q, 50, dev.rvf.store.QueryOptions.defaults().withEfSearch(200)), live, 50, name);
                    checkHits(s.query(q, 5, dev.rvf.store.QueryOptions.defaults().withExact(true)), live, 5, name);
                    outcome = "opened, " + s.status().totalVectors() + " vectors, index " + s.status().index().state();
                } catch (RvfException e) {
                    used = InputRunner.allocated() - before;
                    assertTrue(InputRunner.OPEN_CODES.contains(e.errorCode()), name + ": " + e);
                    outcome = e.errorCode().name();
                }
                long took = InputRunner.cpuNanos() - cpu;
                String line = String.format("%s: %d B input, %s, %.0f ms CPU, %d B allocated (%.1f x input)", name,
                        input.length, outcome, took / 1e6, used, (double) used / input.length);
                System.out.println("[robust] " + line);
                assertTrue(took < MutationFuzzTest.INPUT_LIMIT_NANOS, line);
                assertTrue(used <= InputRunner.allocationBound(input.length), line);
                return new long[] {took, used};
            });
            try {
                return f.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(name + ": no result after 60 s");
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof AssertionError) {
                    throw (AssertionError) e.getCause();
                }
                throw e;
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /** min(k, live) distinct live ids, in ascending distance order (Float.compare: NaN last). */
    static void checkHits(List<dev.rvf.store.SearchHit> hits, long[] live, int k, String what) {
        assertEquals(Math.min(k, live.length), hits.size(), what + ": hit count");
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long[] sorted = live.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < hits.size(); i++) {
            assertTrue(seen.add(hits.get(i).id()), what + ": repeated id");
            assertTrue(java.util.Arrays.binarySearch(sorted, hits.get(i).id()) >= 0, what + ": not a live id");
            if (i > 0) {
                assertTrue(Float.compare(hits.get(i - 1).distance(), hits.get(i).distance()) <= 0,
                        what + ": unsorted " + hits);
            }
        }
    }

    @Test
    void manyManifestCandidatesThatDoNotParse() throws Exception {
        byte[] input = unparsableManifestCandidates(5_000_000);
        long[] cost = openWithinLimits("5 MB of unparsable manifest candidates", input);
        // bug 10: an exception per rejected candidate cost 39 x the input in allocation (0.6 s CPU per 5 MB)
        assertTrue(cost[1] < input.length, "rejecting candidates allocated " + cost[1] + " bytes");
    }

    @Test
    void manyManifestSegmentsInNeitherDialect() throws Exception {
        byte[] input = emptyManifestSegments(80_000);
        long[] cost = openWithinLimits("80k empty MANIFEST segments", input);
        assertTrue(cost[1] < 8L * input.length, "allocated " + cost[1] + " bytes");
    }

    @Test
    void manyIndexAndMetaEntriesPointingNowhere() throws Exception {
        byte[] input = manyUnreadableEntries(200_000);
        long[] cost = openWithinLimits("200k INDEX/META entries pointing past the end", input);
        assertTrue(cost[1] < 8L * input.length, "allocated " + cost[1] + " bytes");
    }

    @Test
    void idsCollidingInTheIdMap() throws Exception {
        openWithinLimits("60k colliding ids", collidingVecFile(60_000));
    }

    @Test
    void directoryOfOverlappingFakeSegments() throws Exception {
        for (int type : new int[] {SegmentType.INDEX, SegmentType.META, SegmentType.VEC}) {
            openWithinLimits("2400 listed overlapping fake segments of type " + type,
                    overlappingFakeSegments(2_000_000, type));
        }
    }

    @Test
    void graphOverIdenticalVectors() throws Exception {
        openWithinLimits("20k identical vectors", identicalVectors(20_000, 0.5f));
        openWithinLimits("20k zero vectors", identicalVectors(20_000, 0f));
    }

    @Test
    void graphOverOverflowingVectors() throws Exception {
        for (int metric = 0; metric < 3; metric++) { // infinite L2 and dot products; NaN cosine distances
            openWithinLimits("20k vectors near Float.MAX_VALUE, metric " + metric, overflowingVectors(20_000, metric));
        }
    }

    @Test
    void largestValidIndexGraph() throws Exception {
        openWithinLimits("INDEX with M 128 and 2n+64 levels over 20k vectors", maximalEmptyGraph(20_000));
    }

    @Test
    void metadataOverThousandsOfSparseFields() throws Exception {
        openWithinLimits("4096 sparse metadata fields over 50k vectors", sparseMetadata(50_000, 4096));
    }
}
