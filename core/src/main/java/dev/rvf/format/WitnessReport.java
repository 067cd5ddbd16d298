package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/** Result of {@link WitnessChain#verify}: entry and genesis counts, and the first broken link if any. */
public final class WitnessReport {
    private final int entries;
    private final int geneses;
    private final int skipped;
    private final int brokenIndex;
    private final long brokenOffset;

    private WitnessReport(int entries, int geneses, int skipped, int brokenIndex, long brokenOffset) {
        this.entries = entries;
        this.geneses = geneses;
        this.skipped = skipped;
        this.brokenIndex = brokenIndex;
        this.brokenOffset = brokenOffset;
    }

    static WitnessReport valid(int entries, int geneses, int skipped) {
        return new WitnessReport(entries, geneses, skipped, -1, -1);
    }

    static WitnessReport broken(int entries, int geneses, int skipped, int index, long offset) {
        return new WitnessReport(entries, geneses, skipped, index, offset);
    }

    public boolean isValid() {
        return brokenIndex < 0;
    }

    /** Entries checked (all of them when valid; those before the broken one otherwise). */
    public int entries() {
        return entries;
    }

    /** Entries with an all-zero prev_hash among those checked. */
    public int geneses() {
        return geneses;
    }

    /** WITNESS segments whose payload is not a dialect-R entry. */
    public int skipped() {
        return skipped;
    }

    /** Index (among the dialect-R entries, from 0) of the first broken entry, or -1. */
    public int brokenIndex() {
        return brokenIndex;
    }

    /** File offset of the first broken entry's segment, or -1. */
    public long brokenOffset() {
        return brokenOffset;
    }

    /** Throws WITNESS_BROKEN at the broken entry's offset unless valid. */
    public void throwIfBroken() {
        if (!isValid()) {
            throw new RvfException(ErrorCode.WITNESS_BROKEN, "witness entry " + brokenIndex
                    + " does not link to the previous one", brokenOffset);
        }
    }

    @Override
    public String toString() {
        return isValid() ? "valid: " + entries + " entries, " + geneses + " genesis"
                : "broken at entry " + brokenIndex + " (offset " + brokenOffset + ")";
    }
}
