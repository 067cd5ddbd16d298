package dev.rvf.format;

/**
 * What a compaction ({@link RvfWriter#compact}, and the store's compact()) reported, with the reference's meanings: {@code segmentsCompacted} is the number of
 * deleted vectors dropped and {@code bytesReclaimed} that number x dimension x 4 (superseded versions of re-used
 * ids are dropped too but, as in the reference, not counted).
 */
public final class CompactionResult {
    private final int segmentsCompacted;
    private final long bytesReclaimed;
    private final long epoch;

    CompactionResult(int segmentsCompacted, long bytesReclaimed, long epoch) {
        this.segmentsCompacted = segmentsCompacted;
        this.bytesReclaimed = bytesReclaimed;
        this.epoch = epoch;
    }

    public int segmentsCompacted() {
        return segmentsCompacted;
    }

    public long bytesReclaimed() {
        return bytesReclaimed;
    }

    public long epoch() {
        return epoch;
    }

    @Override
    public String toString() {
        return "CompactionResult{segmentsCompacted=" + segmentsCompacted + ", bytesReclaimed=" + bytesReclaimed
                + ", epoch=" + epoch + "}";
    }
}
