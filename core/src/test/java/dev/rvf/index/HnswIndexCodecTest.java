package dev.rvf.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.format.DetachedFileBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** INDEX payload layout and decoder hardening. */
class HnswIndexCodecTest {
    static final int DIM = 4;
    static final int N = 300;

    static VectorStorage storage(Metric metric, int n) {
        float[] data = new ClusteredData(DIM, 5, 0.3f, 1).points(n, 2);
        VectorStorage s = VectorStorage.forMetric(DIM, metric, n);
        s.addAll(data, 0, n);
        return s;
    }

    static HnswIndex smallIndex(boolean sq8) {
        HnswIndex index = new HnswIndex(storage(Metric.COSINE, N), Metric.COSINE, HnswConfig.defaults().withM(4));
        index.indexPending();
        if (sq8) {
            index.enableSq8();
        }
        return index;
    }

    static RvfException decodeFails(byte[] bytes, VectorStorage storage) {
        return assertThrows(RvfException.class, () -> HnswIndexCodec.decode(bytes, 0, bytes.length, storage));
    }

    static void assertBadPayload(byte[] bytes, VectorStorage storage, String why) {
        RvfException e = decodeFails(bytes, storage);
        assertEquals(ErrorCode.BAD_PAYLOAD, e.errorCode(), why + ": " + e.getMessage());
    }

    /** Test-side writer of payloads with every field under control. */
    static final class Spec {
        int magic = HnswIndexCodec.MAGIC;
        int version = 1;
        int metric = 0;
        int flags = 0;
        long dim = DIM;
        int m = 2;
        int reserved14 = 0;
        long efc = 10;
        long efs = 10;
        Long nodeCount = null; // default: levels.length
        long entry = 0;
        int maxLevel = 0;
        int reserved33 = 0;
        Long adjacencyLength = null; // default: actual
        int[] levels = {0, 0, 0};
        float[] sq8 = null;
        ByteArrayOutputStream adjacency = new ByteArrayOutputStream();

        Spec varint(long v) {
            while (v >= 0x80) {
                adjacency.write((int) (v | 0x80));
                v >>>= 7;
            }
            adjacency.write((int) v);
            return this;
        }

        Spec list(int... ids) {
            varint(ids.length);
            for (int id : ids) {
                varint(id);
            }
            return this;
        }

        Spec raw(int... bytes) {
            for (int b : bytes) {
                adjacency.write(b);
            }
            return this;
        }

        byte[] build() {
            byte[] adj = adjacency.toByteArray();
            int sq8Bytes = sq8 == null ? 0 : sq8.length * 4;
            ByteBuffer b = ByteBuffer.allocate(HnswIndexCodec.HEADER_SIZE + sq8Bytes + levels.length + adj.length)
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(magic).putShort((short) version).put((byte) metric).put((byte) flags);
            b.putInt((int) dim).putShort((short) m).putShort((short) reserved14);
            b.putInt((int) efc).putInt((int) efs);
            b.putInt((int) (nodeCount == null ? levels.length : nodeCount)).putInt((int) entry);
            b.put((byte) maxLevel).put((byte) reserved33).putShort((short) 0);
            b.putLong(42).putLong(43).putInt((int) (adjacencyLength == null ? adj.length : adjacencyLength));
            if (sq8 != null) {
                for (float f : sq8) {
                    b.putFloat(f);
                }
            }
            for (int l : levels) {
                b.put((byte) l);
            }
            b.put(adj);
            return b.array();
        }
    }

    /** Three level-0 nodes in a triangle: valid. */
    static Spec triangle() {
        return new Spec().list(1, 2).list(0, 2).list(0, 1);
    }

    @Test
    void layoutFieldsAreWhereTheDocumentationSays() {
        HnswIndex index = smallIndex(false);
        byte[] bytes = HnswIndexCodec.encode(index);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('R', bytes[0]);
        assertEquals('V', bytes[1]);
        assertEquals('H', bytes[2]);
        assertEquals('N', bytes[3]);
        assertEquals(2, b.getShort(4));
        assertEquals(Metric.COSINE.manifestCode(), bytes[6]);
        assertEquals(0, bytes[7]);
        assertEquals(DIM, b.getInt(8));
        assertEquals(4, b.getShort(12));
        assertEquals(HnswConfig.DEFAULT_EF_CONSTRUCTION, b.getInt(16));
        assertEquals(HnswConfig.DEFAULT_EF_SEARCH, b.getInt(20));
        assertEquals(N, b.getInt(24));
        assertEquals(index.graph().entryPoint(), b.getInt(28));
        assertEquals(index.graph().maxLevel(), bytes[32]);
        assertEquals(3, bytes[33], "level-0 slots of 3 bytes");
        assertEquals(HnswConfig.DEFAULT_SEED, b.getLong(36));
        int adjacency = b.getInt(52);
        assertEquals(bytes.length, HnswIndexCodec.HEADER_SIZE + N + adjacency);
        for (int node = 0; node < N; node++) {
            assertEquals(index.graph().levelOf(node), bytes[HnswIndexCodec.HEADER_SIZE + node]);
        }
        // Level 0: one record of 2M + 1 three-byte slots per node (count, ids, zeros), in node order.
        int table = HnswIndexCodec.HEADER_SIZE + N;
        int stride = 3 * (2 * 4 + 1);
        HnswGraph g = index.graph();
        for (int node = 0; node < N; node++) {
            int at = table + node * stride;
            int count = g.neighborCount(node, 0);
            assertEquals(count, b.getShort(at) & 0xFFFF | (bytes[at + 2] & 0xFF) << 16);
            for (int slot = 1; slot <= 2 * 4; slot++) {
                int p = at + 3 * slot;
                int value = b.getShort(p) & 0xFFFF | (bytes[p + 2] & 0xFF) << 16;
                assertEquals(slot <= count ? g.neighbor(node, 0, slot - 1) : 0, value,
                        "node " + node + " slot " + slot);
            }
        }
        // Then the upper levels as varint lists: the first node above level 0 comes first.
        int upper = table + N * stride;
        int first = 0;
        while (g.levelOf(first) == 0) {
            first++;
        }
        assertEquals(g.neighborCount(first, 1), bytes[upper]);

        byte[] sq8 = HnswIndexCodec.encode(smallIndex(true));
        assertEquals(HnswIndexCodec.FLAG_SQ8, sq8[7]);
        assertEquals(bytes.length + 8 * DIM, sq8.length);
    }

    /** Level 0 is read in place, so each of its records is checked when the payload is decoded. */
    @Test
    void level0RecordsAreValidated() {
        HnswIndex index = smallIndex(false);
        byte[] bytes = HnswIndexCodec.encode(index);
        HnswGraph g = index.graph();
        int table = HnswIndexCodec.HEADER_SIZE + N;
        int stride = 3 * (2 * 4 + 1);
        int node = 0;
        while (g.neighborCount(node, 0) < 2 || g.neighborCount(node, 0) == 8) {
            node++; // a node with two neighbours or more and a free slot
        }
        int at = table + node * stride;
        int count = g.neighborCount(node, 0);
        int self = node;
        Object[][] cases = {
            {"count above 2M", at, 9, "too many neighbours"},
            {"neighbour out of range", at + 3, N, "out of range"},
            {"neighbour beyond 2^23", at + 3, 0xFFFFFF, "out of range"},
            {"self loop", at + 3, self, "self loop"},
            {"duplicate", at + 6, g.neighbor(node, 0, 0), "duplicate neighbour"},
            {"unused slot not zero", at + 3 * (count + 1), 1, "is not zero"},
        };
        for (Object[] c : cases) {
            byte[] bad = bytes.clone();
            int p = (int) c[1];
            int v = (int) c[2];
            bad[p] = (byte) v;
            bad[p + 1] = (byte) (v >>> 8);
            bad[p + 2] = (byte) (v >>> 16);
            RvfException e = decodeFails(bad, index.storage());
            assertEquals(ErrorCode.BAD_PAYLOAD, e.errorCode(), (String) c[0]);
            assertTrue(e.getMessage().contains((String) c[3]), c[0] + ": " + e.getMessage());
            assertEquals(p, e.offset(), c[0] + ": offset");
        }
        byte[] wideSlots = bytes.clone();
        wideSlots[33] = 4;
        assertBadPayload(wideSlots, index.storage(), "4-byte slots for 300 nodes");
        assertEquals(index.size(), HnswIndexCodec.decode(bytes, 0, bytes.length, index.storage()).size());
    }

    /** Files written before level 0 had fixed records still open, with the same graph. */
    @Test
    void version1PayloadsStillDecode() {
        HnswIndex index = smallIndex(false);
        HnswGraph g = index.graph();
        Spec spec = new Spec();
        spec.m = 4;
        spec.metric = Metric.COSINE.manifestCode();
        spec.entry = g.entryPoint();
        spec.maxLevel = g.maxLevel();
        spec.levels = new int[N];
        for (int node = 0; node < N; node++) {
            spec.levels[node] = g.levelOf(node);
            for (int level = 0; level <= g.levelOf(node); level++) {
                int[] list = new int[g.neighborCount(node, level)];
                for (int i = 0; i < list.length; i++) {
                    list[i] = g.neighbor(node, level, i);
                }
                spec.list(list);
            }
        }
        byte[] v1 = spec.build();
        assertEquals(1, v1[4]);
        HnswGraph back = HnswIndexCodec.decode(v1, 0, v1.length, index.storage()).graph();
        assertTrue(!back.level0InFile(), "version 1 is decoded into the array");
        for (int node = 0; node < N; node++) {
            for (int level = 0; level <= g.levelOf(node); level++) {
                assertEquals(g.neighborCount(node, level), back.neighborCount(node, level));
                for (int i = 0; i < g.neighborCount(node, level); i++) {
                    assertEquals(g.neighbor(node, level, i), back.neighbor(node, level, i));
                }
            }
        }
        assertTrue(HnswIndexCodec.decode(HnswIndexCodec.encode(index), 0, HnswIndexCodec.encode(index).length,
                index.storage()).graph().level0InFile(), "version 2 leaves level 0 in the payload");
    }

    @Test
    void emptyIndexRoundTrips() {
        VectorStorage s = VectorStorage.forMetric(DIM, Metric.L2, 0);
        HnswIndex empty = new HnswIndex(s, Metric.L2, HnswConfig.defaults());
        byte[] bytes = HnswIndexCodec.encode(empty);
        assertEquals(HnswIndexCodec.HEADER_SIZE, bytes.length);
        HnswIndex back = HnswIndexCodec.decode(bytes, 0, bytes.length, s);
        assertEquals(0, back.size());
        assertEquals(0, back.search(new float[DIM], 0, 3).size());
        // Offsets inside a larger array are honoured.
        byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        assertEquals(0, HnswIndexCodec.decode(padded, 7, bytes.length, s).size());
    }

    @Test
    void handWrittenPayloadDecodes() {
        VectorStorage s = storage(Metric.L2, 3);
        HnswIndex index = HnswIndexCodec.decode(triangle().build(), 0, triangle().build().length, s);
        assertEquals(3, index.size());
        assertEquals(2, index.graph().neighborCount(1, 0));
        assertEquals(3, index.exactSearch(new float[DIM], 0, 5, null).size());
    }

    /** The same payload read from an array and from memory that is not one (the module's case: a sliding window). */
    @Test
    void payloadOutsideAnArrayDecodesAndFailsAsFromAnArray() {
        int n = 8000; // adjacency of ~160 KB: the window slides a few times, varints straddle its ends
        Random rnd = new Random(5);
        VectorStorage s = new ArrayVectorStorage(DIM, true, n);
        float[] v = new float[n * DIM];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        s.addAll(v, 0, n);
        HnswIndex index = new HnswIndex(s, Metric.COSINE, HnswConfig.defaults());
        index.indexPending();
        byte[] payload = HnswIndexCodec.encode(index);
        assertTrue(payload.length > 2 * 64 * 1024, "payload " + payload.length);
        byte[] file = new byte[payload.length + 13];
        System.arraycopy(payload, 0, file, 9, payload.length);
        HnswIndex fromArray = HnswIndexCodec.decode(file, 9, payload.length, s);
        HnswIndex fromMemory = HnswIndexCodec.decode(new DetachedFileBytes(file), 9, payload.length, s);
        HnswGraph a = fromArray.graph();
        HnswGraph b = fromMemory.graph();
        assertEquals(n, b.size());
        assertEquals(a.entryPoint(), b.entryPoint());
        for (int node = 0; node < n; node++) {
            assertEquals(a.levelOf(node), b.levelOf(node));
            for (int level = 0; level <= a.levelOf(node); level++) {
                assertEquals(a.neighborCount(node, level), b.neighborCount(node, level));
                for (int i = 0; i < a.neighborCount(node, level); i++) {
                    assertEquals(a.neighbor(node, level, i), b.neighbor(node, level, i));
                }
            }
        }
        // Corruptions anywhere (window ends included) fail with the same message and offset either way.
        for (int trial = 0; trial < 300; trial++) {
            byte[] mutated = file.clone();
            int at = 9 + (trial < 100 ? 64 * 1024 - 8 + rnd.nextInt(16) : rnd.nextInt(payload.length));
            mutated[at] ^= (byte) (1 + rnd.nextInt(255));
            String expected;
            try {
                expected = "decoded " + HnswIndexCodec.decode(mutated, 9, payload.length, s).size();
            } catch (RvfException e) {
                expected = e.errorCode() + " " + e.getMessage();
            }
            String actual;
            try {
                actual = "decoded "
                        + HnswIndexCodec.decode(new DetachedFileBytes(mutated), 9, payload.length, s).size();
            } catch (RvfException e) {
                actual = e.errorCode() + " " + e.getMessage();
            }
            assertEquals(expected, actual, "byte " + at);
        }
        assertThrows(RvfException.class, () -> HnswIndexCodec.decode(new DetachedFileBytes(payload), 0,
                payload.length - 1, s));
    }

    @Test
    void everyTruncationAndTrailingByteIsRejected() {
        for (boolean sq8 : new boolean[] {false, true}) {
            HnswIndex index = smallIndex(sq8);
            byte[] bytes = HnswIndexCodec.encode(index);
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(bytes, len);
                assertBadPayload(cut, index.storage(), "prefix " + len);
            }
            assertBadPayload(java.util.Arrays.copyOf(bytes, bytes.length + 1), index.storage(), "trailing byte");
        }
    }

    @Test
    void randomMutationsEitherDecodeToAValidGraphOrFailCleanly() {
        Random rnd = new Random(12);
        for (boolean sq8 : new boolean[] {false, true}) {
            HnswIndex index = smallIndex(sq8);
            byte[] bytes = HnswIndexCodec.encode(index);
            int decoded = 0;
            for (int trial = 0; trial < 3000; trial++) {
                byte[] mutated = bytes.clone();
                int flips = 1 + rnd.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    int pos = trial < 1000 ? rnd.nextInt(Math.min(bytes.length, 100)) : rnd.nextInt(bytes.length);
                    mutated[pos] ^= (byte) (1 + rnd.nextInt(255));
                }
                HnswIndex result;
                try {
                    result = HnswIndexCodec.decode(mutated, 0, mutated.length, index.storage());
                } catch (RvfException e) {
                    assertEquals(ErrorCode.BAD_PAYLOAD, e.errorCode(), e.getMessage());
                    continue;
                } catch (RuntimeException e) {
                    fail("mutation " + trial + " escaped as " + e, e);
                    return;
                }
                decoded++;
                // Whatever decoded is a well-formed graph: searching and growing it must work.
                assertTrue(result.search(new float[] {1, 2, 3, 4}, 0, 5).size() > 0);
                assertTrue(result.search(new float[] {1, 2, 3, 4}, 0, 5, 10, null).size() > 0);
            }
            assertTrue(decoded > 0, "some mutations (seed, rng, efSearch, ids) still decode");
        }
    }

    @Test
    void randomGarbageIsRejected() {
        Random rnd = new Random(3);
        VectorStorage s = storage(Metric.L2, 50);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] junk = new byte[rnd.nextInt(300)];
            rnd.nextBytes(junk);
            if (trial % 2 == 0 && junk.length >= 8) { // plausible header start
                junk[0] = 'R';
                junk[1] = 'V';
                junk[2] = 'H';
                junk[3] = 'N';
                junk[4] = 1;
                junk[5] = 0;
                junk[6] = 0;
                junk[7] = 0;
            }
            assertBadPayload(junk, s, "garbage " + trial);
        }
    }

    @Test
    void hugeClaimsFailFastWithoutAllocating() {
        VectorStorage s = storage(Metric.L2, 3);
        Spec spec = triangle();
        spec.nodeCount = 0xFFFFFFFFL;
        assertBadPayload(spec.build(), s, "node count");
        spec = triangle();
        spec.adjacencyLength = 0x7FFFFFF0L;
        assertBadPayload(spec.build(), s, "adjacency length");
        spec = triangle();
        spec.dim = 0xFFFFFFFFL;
        assertBadPayload(spec.build(), s, "dim");
        // Consistent sizes but more nodes than vectors.
        VectorStorage two = storage(Metric.L2, 2);
        assertBadPayload(triangle().build(), two, "more nodes than vectors");
    }

    @Test
    void headerFieldsAreValidated() {
        VectorStorage s = storage(Metric.L2, 3);
        Object[][] cases = {
            {"magic", (java.util.function.Consumer<Spec>) sp -> sp.magic = 0x4E485653},
            {"version", (java.util.function.Consumer<Spec>) sp -> sp.version = 3},
            {"metric", (java.util.function.Consumer<Spec>) sp -> sp.metric = 3},
            {"flags", (java.util.function.Consumer<Spec>) sp -> sp.flags = 2},
            {"dim 0", (java.util.function.Consumer<Spec>) sp -> sp.dim = 0},
            {"dim 65536", (java.util.function.Consumer<Spec>) sp -> sp.dim = 65536},
            {"dim mismatch", (java.util.function.Consumer<Spec>) sp -> sp.dim = 5},
            {"M 1", (java.util.function.Consumer<Spec>) sp -> sp.m = 1},
            {"M 129", (java.util.function.Consumer<Spec>) sp -> sp.m = 129},
            {"reserved 14", (java.util.function.Consumer<Spec>) sp -> sp.reserved14 = 1},
            {"reserved 33", (java.util.function.Consumer<Spec>) sp -> sp.reserved33 = 1},
            {"efc 0", (java.util.function.Consumer<Spec>) sp -> sp.efc = 0},
            {"efc huge", (java.util.function.Consumer<Spec>) sp -> sp.efc = 0x80000000L},
            {"efs 0", (java.util.function.Consumer<Spec>) sp -> sp.efs = 0},
            {"entry out of range", (java.util.function.Consumer<Spec>) sp -> sp.entry = 3},
            {"max level 32", (java.util.function.Consumer<Spec>) sp -> sp.maxLevel = 32},
            {"max level above all nodes", (java.util.function.Consumer<Spec>) sp -> sp.maxLevel = 1},
        };
        for (Object[] c : cases) {
            Spec spec = triangle();
            @SuppressWarnings("unchecked")
            java.util.function.Consumer<Spec> change = (java.util.function.Consumer<Spec>) c[1];
            change.accept(spec);
            assertBadPayload(spec.build(), s, (String) c[0]);
        }
    }

    @Test
    void levelsAreValidated() {
        VectorStorage s = storage(Metric.L2, 3);
        // Node 2 on level 1 but maxLevel 0.
        Spec spec = new Spec().list(1, 2).list(0, 2).list(0, 1).list();
        spec.levels = new int[] {0, 0, 1};
        assertBadPayload(spec.build(), s, "level above maxLevel");
        // Entry point (node 0) not on maxLevel 1.
        spec = new Spec().list(1, 2).list(0, 2).list(0, 1).list();
        spec.levels = new int[] {0, 0, 1};
        spec.maxLevel = 1;
        assertBadPayload(spec.build(), s, "entry not on max level");
        spec.entry = 2;
        HnswIndex ok = HnswIndexCodec.decode(spec.build(), 0, spec.build().length, s);
        assertEquals(1, ok.graph().maxLevel());
        // Sum of levels far above what any real graph has (bounds upper-level allocation).
        Spec tall = new Spec();
        tall.levels = new int[] {31, 31, 31}; // sum 93 > 2 * 3 + 64
        tall.maxLevel = 31;
        for (int l = 0; l < 3 * 32; l++) {
            tall.list();
        }
        assertBadPayload(tall.build(), s, "level sum");
        tall.levels = new int[] {31, 31, 0}; // sum 62: allowed
        tall.adjacency.reset();
        for (int l = 0; l < 32 + 32 + 1; l++) {
            tall.list();
        }
        assertEquals(31, HnswIndexCodec.decode(tall.build(), 0, tall.build().length, s).graph().maxLevel());
        // Empty graph must say so consistently.
        Spec empty = new Spec();
        empty.levels = new int[0];
        empty.entry = 0xFFFFFFFFL;
        empty.maxLevel = 0xFF;
        assertEquals(0, HnswIndexCodec.decode(empty.build(), 0, empty.build().length, s).size());
        empty.entry = 0;
        assertBadPayload(empty.build(), s, "empty with entry point");
    }

    @Test
    void neighbourListsAreValidated() {
        VectorStorage s = storage(Metric.L2, 3);
        assertBadPayload(new Spec().list(1, 2).list(0, 1).list(0, 1).build(), s, "self loop");
        assertBadPayload(new Spec().list(1, 2).list(0, 3).list(0, 1).build(), s, "id == nodeCount");
        assertBadPayload(new Spec().list(1, 2).list(0, 0x7FFFFFFF).list(0, 1).build(), s, "huge id");
        assertBadPayload(new Spec().list(1, 1).list(0, 2).list(0, 1).build(), s, "duplicate");
        assertBadPayload(new Spec().list(1, 2, 1, 2, 1).list(0, 2).list(0, 1).build(), s, "count above 2M");
        assertBadPayload(new Spec().raw(0x82, 0x00, 1, 2).list(0, 2).list(0, 1).build(), s, "overlong varint");
        assertBadPayload(new Spec().raw(0x80, 0x80, 0x80, 0x80, 0x80, 0x01).list(0, 2).list(0, 1).build(), s,
                "six-byte varint");
        assertBadPayload(new Spec().raw(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).list(0, 2).list(0, 1).build(), s,
                "varint above 2^32");
        assertBadPayload(new Spec().list(1, 2).list(0, 2).raw(0x02, 0x00, 0x80).build(), s, "varint cut by the end");
        // Upper-level link to a node that is only on level 0.
        Spec spec = new Spec().list(1, 2).list(0, 2).list(0, 1).list(2).list(0, 1).list(0);
        spec.levels = new int[] {1, 0, 1};
        spec.maxLevel = 1;
        spec = new Spec().list(1, 2).list(1).list(0, 2).list(0, 1).list(1);
        spec.levels = new int[] {1, 0, 1};
        spec.maxLevel = 1;
        assertBadPayload(spec.build(), s, "upper-level neighbour not on that level");
        Spec good = new Spec().list(1, 2).list(2).list(0, 2).list(0, 1).list(0);
        good.levels = new int[] {1, 0, 1};
        good.maxLevel = 1;
        assertEquals(1, HnswIndexCodec.decode(good.build(), 0, good.build().length, s).graph().neighborCount(2, 1));
        // Too many lists for the declared levels: the payload does not end where the adjacency ends.
        assertBadPayload(triangle().list(0).build(), s, "extra list");
    }

    @Test
    void sq8RangesAreValidated() {
        VectorStorage s = storage(Metric.L2, 3);
        Spec spec = triangle();
        spec.flags = HnswIndexCodec.FLAG_SQ8;
        spec.sq8 = new float[] {0, 0, 0, 0, 1, 1, 1, 1};
        assertTrue(HnswIndexCodec.decode(spec.build(), 0, spec.build().length, s).sq8Enabled());
        spec.sq8 = new float[] {0, 0, 0, 0, 1, 1, 0, 1};
        assertBadPayload(spec.build(), s, "max == min");
        spec.sq8 = new float[] {0, Float.NaN, 0, 0, 1, 1, 1, 1};
        assertBadPayload(spec.build(), s, "NaN min");
        spec.sq8 = new float[] {0, 0, 0, 0, 1, Float.POSITIVE_INFINITY, 1, 1};
        assertBadPayload(spec.build(), s, "infinite max");
    }

    @Test
    void callerErrorsAreNotPayloadErrors() {
        byte[] bytes = triangle().build();
        VectorStorage s = storage(Metric.L2, 3);
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> HnswIndexCodec.decode(bytes, 5, bytes.length, s)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> HnswIndexCodec.decode(bytes, -1, 3, s)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> HnswIndexCodec.decode((byte[]) null, 0, 0, s)).errorCode());
        Spec cosine = triangle();
        cosine.metric = Metric.COSINE.manifestCode();
        VectorStorage noNorms = new ArrayVectorStorage(DIM, false, 3);
        noNorms.addAll(new float[3 * DIM], 0, 3);
        assertEquals(ErrorCode.INVALID_ARGUMENT, decodeFails(cosine.build(), noNorms).errorCode());
    }

    @Test
    void reEncodingIsStable() {
        HnswIndex index = smallIndex(true);
        byte[] a = HnswIndexCodec.encode(index);
        HnswIndex back = HnswIndexCodec.decode(a, 0, a.length, index.storage());
        assertArrayEquals(a, HnswIndexCodec.encode(back));
    }
}
