package dev.rvf.format;

import dev.rvf.RvfException;
import java.util.Arrays;
import java.util.List;

/**
 * The dialect-R witness chain (rvf-format.md §11.2): an entry's prev_hash is fold256 of the whole payload of the
 * previous witness segment, or all zero where a chain (re)starts. Building: {@link #next} makes the entry that
 * follows the last one made. Verifying: {@link #verify} walks a file's WITNESS segments in file order.
 */
public final class WitnessChain {
    private byte[] lastHash;

    /** A chain whose next entry is a genesis (zero prev_hash), as after create, open or compact. */
    public WitnessChain() {
    }

    /** The next entry: prev_hash = fold256(previous payload), or zero at the start. Advances the chain. */
    public WitnessEntry next(int witnessType, long timestampNs, String action) {
        WitnessEntry e = WitnessEntry.of(witnessType, timestampNs, action,
                lastHash != null ? lastHash : new byte[Fold256.SIZE]);
        lastHash = Fold256.digest(e.encode());
        return e;
    }

    /** Makes the next entry a genesis. */
    public void reset() {
        lastHash = null;
    }

    /** True when the next entry will be a genesis. */
    public boolean atGenesis() {
        return lastHash == null;
    }

    /**
     * Verifies the WITNESS segments of a file in file order. Payloads that are not dialect-R witness entries
     * (e.g. JSON documents of other writers) are counted as skipped and do not take part in the chain.
     *
     * @param file     the file
     * @param segments its segments, as listed by {@link SegmentScanner#scan}
     */
    public static WitnessReport verify(FileBytes file, List<SegmentInfo> segments) {
        int entries = 0;
        int geneses = 0;
        int skipped = 0;
        byte[] prevPayloadHash = null;
        for (SegmentInfo s : segments) {
            if (s.type() != SegmentType.WITNESS) {
                continue;
            }
            int off = (int) s.payloadOffset();
            int len = (int) s.payloadLength();
            if (len < WitnessEntry.FIXED_SIZE
                    || (file.i32(off + 9) & 0xFFFFFFFFL) != len - WitnessEntry.FIXED_SIZE) {
                skipped++; // not an entry; checked here rather than by an exception for each such segment
                continue;
            }
            ByteReader r = file.reader(off, off + len);
            WitnessEntry e;
            try {
                e = WitnessEntry.decode(r);
            } catch (RvfException notAnEntry) {
                skipped++;
                continue;
            }
            if (e.isGenesis()) {
                geneses++;
            } else if (prevPayloadHash == null || !Arrays.equals(prevPayloadHash, e.prevHash())) {
                return WitnessReport.broken(entries, geneses, skipped, entries, s.offset());
            }
            entries++;
            prevPayloadHash = Fold256.digest(r.array(), r.arrayOffset(), len);
        }
        return WitnessReport.valid(entries, geneses, skipped);
    }
}
