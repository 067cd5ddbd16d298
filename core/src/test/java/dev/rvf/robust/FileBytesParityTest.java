package dev.rvf.robust;

import static dev.rvf.store.StoreTestSupport.fixedClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rvf.RvfException;
import dev.rvf.format.DetachedFileBytes;
import dev.rvf.format.FileBytes;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.store.RvfStore;
import dev.rvf.store.StoreOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A file read where it is ({@link FileBytes} without an array, as the module's linear-memory block) gives exactly
 * what the same bytes give as an array: the same parse (segments, hashes, records, manifest, witness walk, listed
 * payloads) or the same error code at the same offset, and the same store (status, answers, export), over every
 * corpus file and seeded mutations of them.
 */
class FileBytesParityTest {
    private static final int MUTATIONS = 4_000;
    private static final int STORE_EVERY = 4;

    @Test
    void parsingInPlaceMatchesParsingTheArray() {
        List<Mutator.Prepared> prepared = new ArrayList<>();
        for (Corpus.Seed s : Corpus.all()) {
            prepared.add(new Mutator.Prepared(s));
        }
        for (Mutator.Prepared p : prepared) {
            compare(p.seed.name, p.seed.bytes, true);
        }
        Mutator mutator = new Mutator(prepared);
        SplittableRandom rnd = new SplittableRandom(0xF11E_B17E5L);
        int opened = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Mutator.Prepared p = prepared.get(rnd.nextInt(prepared.size()));
            if (p.seed.bytes.length > 300_000) {
                continue;
            }
            Mutator.Mutant m = mutator.mutate(p, rnd);
            opened += compare(p.seed.name + " / " + m.what, m.data, i % STORE_EVERY == 0) ? 1 : 0;
        }
        // the mutations must also reach the success paths, or the comparison above proves little
        assertEquals(true, opened > MUTATIONS / STORE_EVERY / 10, "mutants that opened: " + opened);
    }

    /** Compares both readings of {@code bytes}; returns whether the file parsed. */
    private static boolean compare(String what, byte[] bytes, boolean withStore) {
        String array = parseSummary(FileBytes.of(bytes.clone()));
        DetachedFileBytes detached = new DetachedFileBytes(bytes);
        assertEquals(array, parseSummary(detached), what);
        if (withStore) {
            String a = storeSummary(FileBytes.of(bytes.clone()));
            DetachedFileBytes inPlace = new DetachedFileBytes(bytes);
            String b = storeSummary(inPlace);
            assertEquals(a, b, what + " (store)");
            if (!b.startsWith("error")) {
                assertEquals(1, inPlace.releases(), what + ": closing the store releases the file");
            }
        }
        return !array.startsWith("error");
    }

    private static String parseSummary(FileBytes file) {
        try {
            RvfFile f = RvfFile.parse(file);
            StringBuilder b = new StringBuilder();
            b.append(f.dialect()).append(' ').append(f.dimension()).append(' ').append(f.metric()).append(' ')
                    .append(f.epoch()).append(' ').append(f.manifestSegment()).append('\n');
            for (SegmentInfo s : f.segments()) {
                b.append(s).append('\n');
            }
            b.append(Arrays.toString(f.loadedIds())).append('\n');
            b.append(Arrays.hashCode(f.loadedVectors())).append(' ').append(Arrays.toString(f.liveIds())).append('\n');
            b.append(attempt(() -> f.verifyWitnesses().toString())).append('\n');
            b.append(attempt(() -> String.valueOf(f.kernel() != null))).append('\n');
            b.append(attempt(() -> String.valueOf(f.ebpf() != null))).append('\n');
            for (int type : new int[] {SegmentType.INDEX, SegmentType.META, SegmentType.WITNESS}) {
                b.append(attempt(() -> {
                    StringBuilder p = new StringBuilder();
                    for (SegmentInfo s : f.listedSegments(type)) {
                        p.append(Arrays.hashCode(f.payload(s))).append(' ');
                    }
                    return p.toString();
                })).append('\n');
            }
            return b.toString();
        } catch (RvfException e) {
            return "error " + e.errorCode() + " @" + e.offset();
        }
    }

    private static String storeSummary(FileBytes file) {
        RvfStore s;
        try {
            s = RvfStore.open(file, StoreOptions.defaults().withClock(fixedClock()).withIdSeed(new byte[] {7}));
        } catch (RvfException e) {
            return "error " + e.errorCode() + " @" + e.offset();
        }
        try {
            StringBuilder b = new StringBuilder(s.status().toString()).append('\n');
            int dim = s.dimension();
            float[] q = new float[dim];
            Arrays.fill(q, 0.25f);
            b.append(attempt(() -> s.query(q, 5).toString())).append('\n');
            b.append(Arrays.hashCode(s.export()));
            return b.toString();
        } finally {
            s.close();
        }
    }

    private interface Part {
        String get();
    }

    private static String attempt(Part p) {
        try {
            return p.get();
        } catch (RvfException e) {
            return "error " + e.errorCode() + " @" + e.offset();
        }
    }
}
