package dev.rvf.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.ContentHash;
import dev.rvf.format.HashStatus;
import dev.rvf.format.LittleEndian;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentScanner;
import dev.rvf.format.SegmentType;
import dev.rvf.format.WitnessReport;
import dev.rvf.store.RvfStore;
import dev.rvf.store.StoreOptions;
import dev.rvf.store.StoreTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tampering: a byte changed in any hashed payload is reported as HASH_MISMATCH at that segment's offset (by the
 * segment list, verifyHashes, the boot when the segment is a loaded VEC, the store's open for its META, its
 * extraction calls for KERNEL/EBPF, its index note for INDEX); a byte changed in a witness payload breaks the chain
 * at the right entry (index and offset), as predicted by a chain walk written here from rvf-format.md §11.
 */
class TamperTest {
    static Stream<String> files() {
        return Stream.of("writer-0.1-log.rvf", "store-child-depth1.rvf", "store-cosine-sq8.rvf",
                "store-compacted.rvf", "claude_code_appliance.rvf", "agent_memory.rvf");
    }

    /** Every byte of short payloads; 100 spread positions (and both ends) of longer ones. */
    static List<Integer> positions(SegmentInfo s) {
        List<Integer> out = new ArrayList<>();
        int len = (int) s.payloadLength();
        int step = Math.max(1, len / 100);
        for (int i = 0; i < len; i += step) {
            out.add(i);
        }
        if (len > 0 && out.get(out.size() - 1) != len - 1) {
            out.add(len - 1);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("files")
    void changedPayloadByteIsAHashMismatchAtItsSegment(String name) {
        byte[] clean = Corpus.named(name).bytes;
        RvfFile f = RvfFile.parse(clean);
        List<SegmentInfo> segments = f.segments();
        SplittableRandom rnd = new SplittableRandom(name.hashCode());
        int checked = 0;
        for (int si = 0; si < segments.size(); si++) {
            SegmentInfo s = segments.get(si);
            if (s.hashStatus() != HashStatus.OK) {
                continue;
            }
            boolean loadedVec = isLoaded(f, s);
            boolean latestManifest = s.offset() == f.manifestSegment().offset();
            for (int p : positions(s)) {
                byte[] d = clean.clone();
                d[(int) s.payloadOffset() + p] ^= (byte) (1 + rnd.nextInt(255));
                String what = name + ": byte " + p + " of " + s;
                List<SegmentInfo> scanned = SegmentScanner.scan(d);
                for (int k = 0; k < scanned.size(); k++) {
                    assertEquals(k == si ? HashStatus.MISMATCH : segments.get(k).hashStatus(),
                            scanned.get(k).hashStatus(), what + ": status of segment " + k);
                }
                RvfFile g;
                try {
                    g = RvfFile.parse(d);
                } catch (RvfException e) {
                    if (loadedVec) {
                        assertEquals(ErrorCode.HASH_MISMATCH, e.errorCode(), what);
                        assertEquals(s.offset(), e.offset(), what);
                        checked++;
                        continue;
                    }
                    assertTrue(latestManifest, what + ": only the boot manifest's content matters to a parse: " + e);
                    continue;
                }
                assertFalse(loadedVec, what + ": a loaded VEC with a bad hash parsed");
                RvfException e = assertThrows(RvfException.class, g::verifyHashes, what);
                assertEquals(ErrorCode.HASH_MISMATCH, e.errorCode(), what);
                assertEquals(s.offset(), e.offset(), what);
                if (s.type() != SegmentType.MANIFEST || p % 8 == 0) { // the store ignores old manifests
                    checkStore(d, g, s, what);
                }
                checked++;
            }
        }
        assertTrue(checked > 50, name + ": only " + checked + " tampered inputs checked");
    }

    static boolean isLoaded(RvfFile f, SegmentInfo s) {
        for (SegmentInfo v : f.loadedVecSegments()) {
            if (v.offset() == s.offset()) {
                return true;
            }
        }
        return false;
    }

    /** What the store makes of a file whose segment {@code s} (not a loaded VEC) has a bad hash. */
    static void checkStore(byte[] d, RvfFile g, SegmentInfo s, String what) {
        boolean ourMeta = s.type() == SegmentType.META && isLastListed(g, s) && startsWith(d, s, 0x444D5652);
        RvfStore store;
        try {
            store = RvfStore.open(d, StoreOptions.defaults().withClock(StoreTestSupport.fixedClock()).withM(6)
                    .withEfConstruction(16));
        } catch (RvfException e) {
            assertTrue(ourMeta, what + ": open failed: " + e);
            assertEquals(ErrorCode.HASH_MISMATCH, e.errorCode(), what);
            assertEquals(s.offset(), e.offset(), what);
            return;
        }
        assertFalse(ourMeta, what + ": a META of ours with a bad hash was used");
        SegmentInfo reported = null;
        for (SegmentInfo t : store.segments()) {
            if (t.offset() == s.offset()) {
                reported = t;
            }
        }
        assertNotNull(reported, what);
        assertEquals(HashStatus.MISMATCH, reported.hashStatus(), what);
        if (s.type() == SegmentType.INDEX && isLastListed(g, s) && startsWith(d, s, 0x49535652)) {
            // not used: built again, or left pending until the first approximate query builds it (lazy build)
            assertNotEquals("loaded", store.status().index().state(), what);
            assertTrue(store.status().index().note().contains("content hash mismatch"), what);
        }
        if (s.type() == SegmentType.KERNEL && isFirstListed(g, s)) {
            RvfException e = assertThrows(RvfException.class, store::extractKernel, what);
            assertEquals(ErrorCode.HASH_MISMATCH, e.errorCode(), what);
            assertEquals(s.offset(), e.offset(), what);
        }
        if (s.type() == SegmentType.EBPF && isFirstListed(g, s)) {
            RvfException e = assertThrows(RvfException.class, store::extractEbpf, what);
            assertEquals(ErrorCode.HASH_MISMATCH, e.errorCode(), what);
            assertEquals(s.offset(), e.offset(), what);
        }
    }

    /** Whether the payload still starts with the store's magic (a changed magic makes it someone else's). */
    static boolean startsWith(byte[] d, SegmentInfo s, int magic) {
        return s.payloadLength() >= 4 && LittleEndian.i32(d, (int) s.payloadOffset()) == magic;
    }

    static boolean isLastListed(RvfFile g, SegmentInfo s) {
        List<SegmentInfo> l = g.readableListedSegments(s.type());
        return !l.isEmpty() && l.get(l.size() - 1).offset() == s.offset();
    }

    static boolean isFirstListed(RvfFile g, SegmentInfo s) {
        List<SegmentInfo> l = g.readableListedSegments(s.type());
        return !l.isEmpty() && l.get(0).offset() == s.offset();
    }

    // ------------------------------------------------------------------------------------------ witness chain

    /** fold256 (rvf-format.md §4.3), written here so that the prediction does not reuse the code under test. */
    static byte[] fold256(byte[] data, int off, int len) {
        int[] o = new int[32];
        for (int i = 0; i < len; i++) {
            int k = i % 32;
            o[k] = (o[k] + (data[off + i] & 0xFF)) % 256;
            int j = (i + 13) % 32;
            int r = ((o[k] << 3) | (o[k] >>> 5)) & 0xFF;
            o[j] = (o[j] + r) % 256;
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) o[i];
        }
        return out;
    }

    /** {broken entry index, its segment offset}, or null when the chain holds (§11.2). */
    static long[] predictBreak(byte[] d) {
        byte[] previous = null;
        int index = 0;
        for (SegmentInfo s : FileMap.walk(d)) {
            if (s.type() != SegmentType.WITNESS) {
                continue;
            }
            int p = (int) s.payloadOffset();
            int len = (int) s.payloadLength();
            if (len < 45 || LittleEndian.u32(d, p + 9) != len - 45) {
                continue; // not a dialect-R entry: skipped
            }
            boolean genesis = true;
            for (int i = len - 32; i < len; i++) {
                genesis &= d[p + i] == 0;
            }
            if (!genesis && (previous == null
                    || !java.util.Arrays.equals(previous, java.util.Arrays.copyOfRange(d, p + len - 32, p + len)))) {
                return new long[] {index, s.offset()};
            }
            previous = fold256(d, p, len);
            index++;
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("files")
    void changedWitnessByteBreaksTheChainAtTheRightEntry(String name) {
        byte[] clean = Corpus.named(name).bytes;
        List<SegmentInfo> witnesses = new ArrayList<>();
        for (SegmentInfo s : SegmentScanner.scan(clean)) {
            if (s.type() == SegmentType.WITNESS) {
                witnesses.add(s);
            }
        }
        if (witnesses.isEmpty()) {
            return; // the samples have no witnesses
        }
        assertTrue(RvfFile.parse(clean).verifyWitnesses().isValid());
        int breaks = 0;
        for (int w = 0; w < witnesses.size(); w++) {
            SegmentInfo s = witnesses.get(w);
            int len = (int) s.payloadLength();
            for (int p = 0; p < len; p++) {
                if (p >= 9 && p < 13) {
                    continue; // action_len: the entry would no longer decode (covered by the prediction below)
                }
                byte[] d = clean.clone();
                d[(int) s.payloadOffset() + p] ^= (byte) 0x5A;
                ContentHash.write(d, (int) s.payloadOffset(), len, d, (int) s.offset() + 0x28); // a careful forger
                String what = name + ": witness " + w + " byte " + p;
                long[] predicted = predictBreak(d);
                boolean prevHashByte = p >= len - 32;
                // a change in an entry's prev_hash breaks that entry; elsewhere it breaks the next entry that links
                int expectedIndex = prevHashByte ? w : nextLinked(clean, witnesses, w);
                if (expectedIndex < 0) {
                    assertEquals(null, predicted, what);
                } else {
                    assertNotNull(predicted, what + ": no break predicted");
                    assertEquals(expectedIndex, predicted[0], what);
                    assertEquals(witnesses.get(expectedIndex).offset(), predicted[1], what);
                    breaks++;
                }
                WitnessReport fileReport = RvfFile.parse(d).verifyWitnesses();
                WitnessReport storeReport = RvfStore.open(d, StoreOptions.defaults().withReadOnly(true))
                        .verifyWitness();
                for (WitnessReport r : new WitnessReport[] {fileReport, storeReport}) {
                    if (predicted == null) {
                        assertTrue(r.isValid(), what + ": " + r);
                    } else {
                        assertEquals(predicted[0], r.brokenIndex(), what + ": " + r);
                        assertEquals(predicted[1], r.brokenOffset(), what + ": " + r);
                        assertEquals(ErrorCode.WITNESS_BROKEN,
                                assertThrows(RvfException.class, r::throwIfBroken).errorCode());
                    }
                }
            }
        }
        assertTrue(breaks > 0, name + ": no tampering was detectable");
    }

    /** The first witness after {@code w} that links to its predecessor (not a genesis), or -1. */
    static int nextLinked(byte[] clean, List<SegmentInfo> witnesses, int w) {
        if (w + 1 >= witnesses.size()) {
            return -1;
        }
        SegmentInfo next = witnesses.get(w + 1);
        int p = (int) next.payloadOffset();
        int len = (int) next.payloadLength();
        for (int i = len - 32; i < len; i++) {
            if (clean[p + i] != 0) {
                return w + 1;
            }
        }
        return -1;
    }
}
