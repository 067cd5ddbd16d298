package dev.rvf.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.LittleEndian;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentHeader;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deterministic sweeps (the fuzz samples the same space at random): truncation at every offset of small files, with
 * the exact outcome predicted from the segment layout; and every mapped field of small files set to every value of
 * a list of lies, with and without recomputed hashes.
 */
class TruncationAndLiesTest {
    static Stream<String> small() {
        return Stream.of("store-child-depth1.rvf", "writer-0.1-log.rvf", "store-cosine-sq8.rvf", "wasm-export.rvf",
                "claude_code_appliance_v1.rvf", "reasoning_parent.rvf");
    }

    /**
     * Cutting a file after byte {@code cut}: if the cut leaves fewer than 4 bytes after the last complete segment,
     * those are junk and the file is what the segments before say (NO_MANIFEST without one); 4..63 bytes are a cut
     * header (TRUNCATED there); more is a payload running past the end (LENGTH_OUT_OF_RANGE at its header).
     */
    @ParameterizedTest
    @MethodSource("small")
    void truncationAtEveryOffset(String name) {
        byte[] clean = Corpus.named(name).bytes;
        List<SegmentInfo> segments = RvfFile.parse(clean).segments();
        InputRunner.Stats stats = new InputRunner.Stats();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int cut = 0; cut <= clean.length; cut++) {
            byte[] d = Arrays.copyOf(clean, cut);
            long boundary = 0;
            long epoch = -1;
            for (SegmentInfo s : segments) {
                if (s.endOffset() <= cut) {
                    boundary = s.endOffset();
                    if (s.type() == SegmentType.MANIFEST) {
                        epoch = manifestEpoch(clean, s);
                    }
                }
            }
            long rest = cut - boundary;
            String what = name + " cut at " + cut;
            try {
                RvfFile f = RvfFile.parse(d);
                assertTrue(rest < 4, what + ": parsed with " + rest + " bytes of a cut segment");
                assertEquals(epoch, f.epoch(), what);
            } catch (RvfException e) {
                ErrorCode expected = rest >= SegmentHeader.SIZE ? ErrorCode.LENGTH_OUT_OF_RANGE
                        : rest >= 4 ? ErrorCode.TRUNCATED : ErrorCode.NO_MANIFEST;
                assertEquals(expected, e.errorCode(), what + ": " + e.getMessage());
                if (rest >= 4) {
                    assertEquals(boundary, e.offset(), what);
                } else {
                    assertEquals(-1, epoch, what + ": a manifest was complete");
                }
            }
            if (cut % 7 == 0 || cut > clean.length - 80) {
                InputRunner.store(d, rnd, stats, what);
            } else {
                InputRunner.parseOnly(d, stats, what);
            }
        }
        assertTrue(stats.opened > 0, name + ": no prefix opened");
    }

    /** The epoch of a manifest segment (the first u32 of the payload in dialects R and W). */
    static long manifestEpoch(byte[] file, SegmentInfo s) {
        return LittleEndian.u32(file, (int) s.payloadOffset());
    }

    private static final Pattern INDEXED = Pattern.compile("\\[(\\d+)\\]");

    /** Fields of a few repeated structures (rows, entries, ids) stand for all of them. */
    static boolean representative(FileMap.Field f) {
        Matcher m = INDEXED.matcher(f.name);
        return !m.find() || Integer.parseInt(m.group(1)) < 2;
    }

    static long[] lies(FileMap.Field f, long old, int length) {
        return new long[] {0, 1, old - 1, old + 1, f.max(), 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL, Long.MIN_VALUE,
            length - f.offset};
    }

    @ParameterizedTest
    @MethodSource("small")
    void everyFieldGetsEveryLie(String name) {
        byte[] clean = Corpus.named(name).bytes;
        FileMap map = FileMap.of(clean);
        InputRunner.Stats stats = new InputRunner.Stats();
        SplittableRandom rnd = new SplittableRandom(2);
        int inputs = 0;
        for (FileMap.Field f : map.fields) {
            if (!representative(f)) {
                continue;
            }
            long old = f.read(clean);
            for (long lie : lies(f, old, clean.length)) {
                for (boolean rehash : new boolean[] {false, true}) {
                    byte[] d = clean.clone();
                    f.write(d, lie);
                    if (rehash) {
                        Mutator.rehash(d, f.offset);
                    }
                    String what = name + ": " + f + " = " + Long.toUnsignedString(lie) + (rehash ? " +rehash" : "");
                    try {
                        if (inputs++ % 16 == 0) {
                            InputRunner.store(d, rnd, stats, what);
                        } else {
                            InputRunner.parseOnly(d, stats, what);
                        }
                    } catch (AssertionError e) {
                        fail(what + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        assertTrue(inputs > 100 && stats.opened > 0 && stats.opened < inputs, name + ": " + inputs + " inputs, "
                + stats.opened + " opened");
        System.out.println("[robust] field lies in " + name + ": " + inputs + " inputs, " + stats.opened + " opened; "
                + stats.codeSummary());
    }
}
