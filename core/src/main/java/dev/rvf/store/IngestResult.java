package dev.rvf.store;

/**
 * What {@link RvfStore#ingest} did: every entry of an accepted batch counts (re-used ids included, as the reference
 * counts them); a batch is accepted or rejected as a whole (rejection throws), so {@code rejected} is 0.
 */
public final class IngestResult {
    private final int accepted;
    private final int rejected;
    private final long epoch;

    IngestResult(int accepted, int rejected, long epoch) {
        this.accepted = accepted;
        this.rejected = rejected;
        this.epoch = epoch;
    }

    public int accepted() {
        return accepted;
    }

    public int rejected() {
        return rejected;
    }

    /** The epoch after the ingest (unchanged for an empty batch, which writes nothing). */
    public long epoch() {
        return epoch;
    }

    @Override
    public String toString() {
        return "IngestResult{accepted=" + accepted + ", rejected=" + rejected + ", epoch=" + epoch + "}";
    }
}
