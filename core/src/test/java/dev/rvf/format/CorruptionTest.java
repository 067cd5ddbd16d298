package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged files: parsing either succeeds with a self-consistent result or fails with an RvfException carrying
 * one of the format error codes (and, where the damage determines it, exactly the expected code and offset);
 * never any other exception.
 */
class CorruptionTest {
    private static final Set<ErrorCode> FORMAT_ERRORS = EnumSet.of(ErrorCode.TRUNCATED,
            ErrorCode.LENGTH_OUT_OF_RANGE, ErrorCode.HASH_MISMATCH, ErrorCode.BAD_MAGIC, ErrorCode.NO_MANIFEST,
            ErrorCode.BAD_MANIFEST, ErrorCode.BAD_PAYLOAD);

    /** A small written file with every kind of segment the writer makes (incl. a trailing compaction witness). */
    static byte[] writtenLog() {
        RvfWriter w = WriterTest.referenceFlowBeforeCompaction(WriterTest.steppingClock());
        w.compact(new long[] {20, 30, 40}, WriterTest.seq(12, 0));
        w.ingest(new long[] {50, 60}, WriterTest.seq(8, 5));
        w.delete(new long[] {30});
        return w.toBytes();
    }

    static Stream<String> files() {
        return Stream.of("written", "claude_code_appliance.rvf", "agent_memory.rvf", "compacted.rvf",
                "lineage_snapshot.rvdna");
    }

    static byte[] load(String name) {
        return name.equals("written") ? writtenLog() : TestFiles.sample(name);
    }

    /** The parse result, or the error code; fails the test on anything but a format RvfException. */
    static Object outcome(byte[] data) {
        try {
            RvfFile f = RvfFile.parse(data);
            checkConsistent(f, data);
            return f;
        } catch (RvfException e) {
            assertTrue(FORMAT_ERRORS.contains(e.errorCode()), e.getMessage());
            assertTrue(e.offset() >= -1 && e.offset() <= data.length, e.getMessage());
            return e;
        } catch (Throwable t) {
            throw new AssertionError("unexpected " + t, t);
        }
    }

    static void checkConsistent(RvfFile f, byte[] data) {
        assertEquals((long) f.liveCount() * f.dimension(), f.liveVectors().length);
        assertTrue(f.loadedCount() >= f.liveCount());
        long prev = -1;
        for (SegmentInfo s : f.segments()) {
            assertTrue(s.offset() > prev && s.endOffset() <= data.length);
            prev = s.offset();
        }
    }

    /** Parsing the same bytes twice gives the same content. */
    static void checkDeterministic(RvfFile f, byte[] data) {
        RvfFile again = RvfFile.parse(data.clone());
        assertArrayEquals(f.liveIds(), again.liveIds());
        assertArrayEquals(f.liveVectors(), again.liveVectors());
        assertEquals(f.epoch(), again.epoch());
        assertEquals(f.identity(), again.identity());
    }

    static void expectCode(ErrorCode code, long offset, byte[] data) {
        Object o = outcome(data);
        assertTrue(o instanceof RvfException, "expected " + code + " but parsed");
        RvfException e = (RvfException) o;
        assertEquals(code, e.errorCode(), e.getMessage());
        if (offset >= 0) {
            assertEquals(offset, e.offset(), e.getMessage());
        }
    }

    static RvfFile expectParse(byte[] data) {
        Object o = outcome(data);
        if (o instanceof RvfException) {
            throw new AssertionError("expected a parse", (RvfException) o);
        }
        return (RvfFile) o;
    }

    /** Epoch of the last manifest that ends at or before {@code end}, or -1. */
    static long lastCompleteManifestEpoch(RvfFile f, long end) {
        long epoch = -1;
        for (SegmentInfo s : f.segments()) {
            if (s.type() == SegmentType.MANIFEST && s.endOffset() <= end) {
                epoch = Manifest.decodeR(f.payloadReader(s)).epoch();
            }
        }
        return epoch;
    }

    static boolean listedVec(RvfFile f, SegmentInfo s) {
        for (SegmentInfo v : f.listedSegments(SegmentType.VEC)) {
            if (v.offset() == s.offset()) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @MethodSource("files")
    void cutAtEverySegmentBoundary(String name) {
        byte[] data = load(name);
        RvfFile f = RvfFile.parse(data);
        List<Long> cuts = new ArrayList<>();
        for (SegmentInfo s : f.segments()) {
            cuts.add(s.offset());
        }
        cuts.add((long) data.length);
        for (long cut : cuts) {
            byte[] prefix = Arrays.copyOf(data, (int) cut);
            long epoch = lastCompleteManifestEpoch(f, cut);
            if (epoch < 0) {
                expectCode(ErrorCode.NO_MANIFEST, -1, prefix);
            } else {
                RvfFile g = expectParse(prefix);
                assertEquals(epoch, g.epoch(), name + " cut at " + cut);
                checkDeterministic(g, prefix);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void cutInsideFirstAndLastHeadersAndLastPayload(String name) {
        byte[] data = load(name);
        RvfFile f = RvfFile.parse(data);
        List<SegmentInfo> segs = f.segments();
        for (SegmentInfo s : List.of(segs.get(0), segs.get(segs.size() - 1))) {
            for (int k = 1; k < SegmentHeader.SIZE; k++) {
                byte[] prefix = Arrays.copyOf(data, (int) s.offset() + k);
                if (k >= 4) {
                    expectCode(ErrorCode.TRUNCATED, s.offset(), prefix);
                } else {
                    long epoch = lastCompleteManifestEpoch(f, s.offset());
                    if (epoch < 0) {
                        expectCode(ErrorCode.NO_MANIFEST, -1, prefix);
                    } else {
                        assertEquals(epoch, expectParse(prefix).epoch());
                    }
                }
            }
        }
        SegmentInfo last = segs.get(segs.size() - 1);
        for (long cut = last.payloadOffset(); cut < data.length; cut += Math.max(1, last.payloadLength() / 7)) {
            expectCode(ErrorCode.LENGTH_OUT_OF_RANGE, last.offset(), Arrays.copyOf(data, (int) cut));
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void bitFlipsInHeaders(String name) {
        byte[] data = load(name);
        RvfFile f = RvfFile.parse(data);
        boolean everyBit = name.equals("written");
        for (SegmentInfo s : f.segments()) {
            boolean vec = listedVec(f, s);
            for (int b = 0; b < SegmentHeader.SIZE; b++) {
                // every bit of the small written file; one bit per byte (varying) of the larger samples
                for (int bit = everyBit ? 0 : (b * 3 + (int) s.offset()) & 7; bit < 8; bit += everyBit ? 1 : 8) {
                    byte[] d = data.clone();
                    d[(int) s.offset() + b] ^= (byte) (1 << bit);
                    Object o = outcome(d);
                    if (!vec) {
                        continue;
                    }
                    if (b < 4) {
                        expectCode(ErrorCode.BAD_MAGIC, s.offset(), d);
                    } else if (b >= 0x28 && b < 0x38) {
                        expectCode(ErrorCode.HASH_MISMATCH, s.offset(), d);
                    } else if (b >= 0x10 && b < 0x18) {
                        assertTrue(o instanceof RvfException, name + " plen flip " + b + "/" + bit);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void bitFlipsInPayloads(String name) {
        byte[] data = load(name);
        RvfFile f = RvfFile.parse(data);
        Random rnd = new Random(name.hashCode());
        for (SegmentInfo s : f.segments()) {
            for (int i = 0; i < 40 && s.payloadLength() > 0; i++) {
                byte[] d = data.clone();
                d[(int) (s.payloadOffset() + rnd.nextInt((int) s.payloadLength()))] ^= (byte) (1 << rnd.nextInt(8));
                Object o = outcome(d);
                if (listedVec(f, s)) {
                    expectCode(ErrorCode.HASH_MISMATCH, s.offset(), d);
                } else if (s.type() == SegmentType.KERNEL) {
                    RvfFile g = expectParse(d);
                    assertEquals(HashStatus.MISMATCH, g.segments().get(f.segments().indexOf(s)).hashStatus());
                    if (g.listedSegments(SegmentType.KERNEL).get(0).offset() == s.offset()) {
                        CodecsTest.assertCode(ErrorCode.HASH_MISMATCH, g::kernel);
                    }
                    CodecsTest.assertCode(ErrorCode.HASH_MISMATCH, g::verifyHashes);
                } else if (o instanceof RvfFile && s.type() != SegmentType.MANIFEST) {
                    RvfException e = CodecsTest.assertCodeAndGet(ErrorCode.HASH_MISMATCH, ((RvfFile) o)::verifyHashes);
                    assertEquals(s.offset(), e.offset());
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void payloadLengthLies(String name) {
        byte[] data = load(name);
        RvfFile f = RvfFile.parse(data);
        for (SegmentInfo s : f.segments()) {
            int at = (int) s.offset() + 0x10;
            for (long lie : new long[] {Long.MAX_VALUE, -1L, 1L << 32, 1L << 31, data.length,
                data.length - s.payloadOffset() + 1}) {
                byte[] d = data.clone();
                LittleEndian.putU64(d, at, lie);
                expectCode(ErrorCode.LENGTH_OUT_OF_RANGE, s.offset(), d);
            }
            for (long delta : new long[] {1, -1, 7, -64}) {
                long lie = s.payloadLength() + delta;
                if (lie < 0) {
                    continue;
                }
                byte[] d = data.clone();
                LittleEndian.putU64(d, at, lie);
                Object o = outcome(d);
                if (listedVec(f, s)) {
                    assertTrue(o instanceof RvfException, "VEC length " + delta);
                }
            }
        }
    }

    /** VEC counts and dimensions that lie, with the content hash recomputed so that only the codec can notice. */
    @ParameterizedTest
    @MethodSource("files")
    void vecFieldLies(String name) {
        byte[] data = load(name);
        RvfFile f = RvfFile.parse(data);
        for (SegmentInfo s : f.listedSegments(SegmentType.VEC)) {
            int p = (int) s.payloadOffset();
            int dim = LittleEndian.u16(data, p);
            long count = LittleEndian.u32(data, p + 2);
            long[][] lies = {{dim, 0xFFFFFFFFL}, {dim, count + 1}, {0, count}, {dim + 1, count}, {0xFFFF, count},
                {dim, 1L << 31}};
            for (long[] lie : lies) {
                byte[] d = data.clone();
                LittleEndian.putU16(d, p, (int) lie[0]);
                LittleEndian.putI32(d, p + 2, (int) lie[1]);
                rehash(d, s);
                expectCode(ErrorCode.BAD_PAYLOAD, -1, d);
            }
            if (count > 0) {
                byte[] d = data.clone();
                LittleEndian.putI32(d, p + 2, (int) (count - 1));
                rehash(d, s);
                assertTrue(expectParse(d).loadedCount() >= f.loadedCount() - 1);
            }
        }
    }

    static void rehash(byte[] d, SegmentInfo s) {
        ContentHash.write(d, (int) s.payloadOffset(), (int) s.payloadLength(), d, (int) s.offset() + 0x28);
    }

    /** Lies in the latest manifest (which the reference does not hash-check). */
    @ParameterizedTest
    @MethodSource("files")
    void manifestLies(String name) {
        byte[] data = load(name);
        RvfFile f = RvfFile.parse(data);
        int m = (int) f.manifestSegment().payloadOffset();
        List<DirectoryEntry> dir = f.manifest().directory();
        for (int i = 0; i < dir.size(); i++) {
            if (dir.get(i).type() != SegmentType.VEC) {
                continue;
            }
            int field = m + 22 + 25 * i + 8;
            byte[] beyond = data.clone();
            LittleEndian.putU64(beyond, field, data.length + 5L);
            expectCode(ErrorCode.LENGTH_OUT_OF_RANGE, field, beyond);
            byte[] negative = data.clone();
            LittleEndian.putU64(negative, field, -64L);
            expectCode(ErrorCode.LENGTH_OUT_OF_RANGE, field, negative);
            byte[] inside = data.clone();
            LittleEndian.putU64(inside, field, dir.get(i).offset() + 1);
            expectCode(ErrorCode.BAD_MAGIC, dir.get(i).offset() + 1, inside);
            byte[] nearEnd = data.clone();
            LittleEndian.putU64(nearEnd, field, data.length - 10L);
            outcome(nearEnd);
        }
        // a seg_count that cannot fit: the candidate is skipped, the previous manifest is used
        byte[] count = data.clone();
        LittleEndian.putI32(count, m + 14, -1);
        long previous = lastCompleteManifestEpoch(f, f.manifestSegment().offset());
        if (previous < 0) {
            expectCode(ErrorCode.NO_MANIFEST, -1, count);
        } else {
            assertEquals(previous, expectParse(count).epoch());
        }
        // another dimension than the VEC segments': BAD_PAYLOAD (when vectors are listed)
        byte[] dim = data.clone();
        LittleEndian.putU16(dim, m + 4, f.dimension() + 1);
        if (f.loadedCount() > 0) {
            expectCode(ErrorCode.BAD_PAYLOAD, -1, dim);
        } else {
            assertEquals(f.dimension() + 1, expectParse(dim).dimension());
        }
        // a huge deleted_count: ids are read while they fit, as the reference does
        int del = m + 22 + 25 * dir.size();
        byte[] dels = data.clone();
        LittleEndian.putI32(dels, del, -1);
        RvfFile g = expectParse(dels);
        assertTrue(g.deletedIds().length <= (f.manifestSegment().payloadLength() - 22 - 25 * dir.size() - 4) / 8);
    }

    @Test
    void hostileTinyInputsFailFastWithoutAllocating() {
        byte[] claim = new byte[100];
        LittleEndian.putI32(claim, 0, SegmentHeader.MAGIC);
        claim[4] = 1;
        claim[5] = SegmentType.MANIFEST;
        LittleEndian.putU64(claim, 0x10, 4L << 30);
        expectCode(ErrorCode.LENGTH_OUT_OF_RANGE, 0, claim);
        claim[5] = SegmentType.VEC;
        expectCode(ErrorCode.LENGTH_OUT_OF_RANGE, 0, claim);

        // a listed 36-byte VEC claiming 4e9 vectors of dimension 65535, with a valid hash
        byte[] vec = new byte[36];
        LittleEndian.putU16(vec, 0, 0xFFFF);
        LittleEndian.putI32(vec, 2, -1);
        byte[] vecSeg = TailDiscoveryTest.segment(SegmentType.VEC, 1, vec);
        byte[] man = TailDiscoveryTest.segment(SegmentType.MANIFEST, 2, Manifest.ofR(1, 0xFFFF, 4_000_000_000L, 0,
                0, List.of(new DirectoryEntry(1, 0, vec.length, 1)), new long[0], null).encode());
        byte[] hostile = TailDiscoveryTest.concat(vecSeg, man);
        expectCode(ErrorCode.BAD_PAYLOAD, 64 + 2, hostile);

        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        long tid = Thread.currentThread().getId();
        for (byte[] input : List.of(claim, hostile)) {
            outcome(input);
            long before = bean.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10; i++) {
                try {
                    RvfFile.parse(input);
                    fail("parsed a hostile input");
                } catch (RvfException expected) {
                    // expected
                }
            }
            long perParse = (bean.getThreadAllocatedBytes(tid) - before) / 10;
            assertTrue(perParse < 256 * 1024, "parsing a hostile input allocated " + perParse + " bytes");
        }
    }

    @Test
    void randomBytesNeverEscapeAsOtherExceptions() {
        Random rnd = new Random(99);
        byte[] header = SegmentHeader.forPayload(SegmentType.MANIFEST, 1, new byte[0], 0, 0).toBytes();
        for (int i = 0; i < 3000; i++) {
            byte[] d = new byte[rnd.nextInt(400)];
            rnd.nextBytes(d);
            // sprinkle magics and manifest type bytes so that the parsers get past the first checks
            for (int k = rnd.nextInt(4); k > 0 && d.length >= 64; k--) {
                int at = rnd.nextInt(d.length - 63);
                System.arraycopy(header, 0, d, at, 6);
                if (rnd.nextBoolean()) {
                    LittleEndian.putU64(d, at + 16, rnd.nextInt(Math.max(1, d.length - at)));
                }
            }
            outcome(d);
        }
        expectCode(ErrorCode.NO_MANIFEST, -1, new byte[0]);
        expectCode(ErrorCode.NO_MANIFEST, -1, new byte[1000]);
    }
}
