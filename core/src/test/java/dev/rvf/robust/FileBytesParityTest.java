package dev.rvf.robust;

import static dev.rvf.store.StoreTestSupport.fixedClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rvf.RvfException;
import dev.rvf.format.DetachedFileBytes;
import dev.rvf.format.FileBytes;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.index.ArrayVectorStorage;
import dev.rvf.index.InPlaceVectorStorage;
import dev.rvf.index.VectorStorage;
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
    /** Stores whose vectors were read from the file in place (the file retained by the storage). */
    private static int sharedOpens;

    @Test
    void parsingInPlaceMatchesParsingTheArray() {
        List<Mutator.Prepared> prepared = new ArrayList<>();
        for (Corpus.Seed s : Corpus.all()) {
            prepared.add(new Mutator.Prepared(s));
        }
        for (Mutator.Prepared p : prepared) {
            compare(p.seed.name, p.seed.bytes, true);
        }
        assertEquals(true, sharedOpens > prepared.size() / 2, "corpus files read in place: " + sharedOpens);
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
            String a = storeSummary(FileBytes.of(bytes.clone()), ArrayVectorStorage::new);
            DetachedFileBytes inPlace = new DetachedFileBytes(bytes);
            String b = storeSummary(inPlace, ArrayVectorStorage::new);
            assertEquals(a, b, what + " (store)");
            boolean failed = b.startsWith("error");
            assertEquals(failed ? 1 : 0, inPlace.owners(), what + ": closing the store releases the file, failing keeps it");
            // vectors read from the file where they are, as the module's storage does
            DetachedFileBytes shared = new DetachedFileBytes(bytes);
            assertEquals(a, storeSummary(shared, InPlaceVectorStorage::new), what + " (store, vectors in place)");
            assertEquals(failed ? 1 : 0, shared.owners(), what + ": file released by both the log and the vectors");
            sharedOpens += shared.retains();
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

    /**
     * What a store opened from {@code file} says and does: status, a query, an export, then (writable) an ingest,
     * a delete, a compaction (vectors move to a new storage, the file is let go), a graph query and an export.
     */
    private static String storeSummary(FileBytes file, VectorStorage.Factory vectors) {
        RvfStore s;
        try {
            s = RvfStore.open(file, StoreOptions.defaults().withClock(fixedClock()).withIdSeed(new byte[] {7})
                    .withVectorStorage(vectors));
        } catch (RvfException e) {
            return "error " + e.errorCode() + " @" + e.offset();
        }
        try {
            StringBuilder b = new StringBuilder(s.status().toString()).append('\n');
            int dim = s.dimension();
            float[] q = new float[dim];
            Arrays.fill(q, 0.25f);
            b.append(attempt(() -> s.query(q, 5).toString())).append('\n');
            b.append(attempt(() -> s.segments().toString())).append('\n');
            b.append(attempt(() -> s.verifyWitness().toString())).append('\n');
            b.append(Arrays.hashCode(s.export())).append('\n');
            if (!s.isReadOnly()) {
                float[] more = new float[3 * dim];
                for (int i = 0; i < more.length; i++) {
                    more[i] = (i % 7) * 0.5f - 1f;
                }
                b.append(attempt(() -> s.ingest(more, new long[] {1L << 40, (1L << 40) + 1, (1L << 40) + 2}, null)
                        .toString())).append('\n');
                long[] live = s.liveIds();
                if (live.length > 0) {
                    b.append(attempt(() -> s.delete(new long[] {live[0]}).toString())).append('\n');
                }
                b.append(attempt(() -> s.compact().toString())).append('\n');
                b.append(attempt(() -> String.valueOf(s.buildIndex()))).append('\n');
                b.append(attempt(() -> s.query(q, 5).toString())).append('\n');
                b.append(attempt(() -> String.valueOf(Arrays.hashCode(s.export()))));
            }
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
