package dev.rvf.store;

/** What a delete did: how many live ids it really removed (each once; unknown or already deleted ids count 0). */
public final class DeleteResult {
    private final int deleted;
    private final long epoch;

    DeleteResult(int deleted, long epoch) {
        this.deleted = deleted;
        this.epoch = epoch;
    }

    public int deleted() {
        return deleted;
    }

    /** The epoch after the delete (every delete call writes, even one that removes nothing, as the reference). */
    public long epoch() {
        return epoch;
    }

    @Override
    public String toString() {
        return "DeleteResult{deleted=" + deleted + ", epoch=" + epoch + "}";
    }
}
