package dev.rvf.store;

import dev.rvf.Metric;

/**
 * A snapshot of a store, with the reference binding's status() meanings where it has them:
 * {@code totalVectors} = live ids, {@code totalSegments} = directory entries the next manifest will list (after an
 * open: the latest manifest's directory), {@code fileSize} = bytes of the log, {@code deadSpaceRatio} = deleted ids
 * / ids held (live + deleted), 0 when none.
 */
public final class StoreStatus {
    private final long totalVectors;
    private final int dimension;
    private final Metric metric;
    private final long epoch;
    private final int totalSegments;
    private final long fileSize;
    private final long deletedVectors;
    private final int storedRecords;
    private final int profile;
    private final boolean readOnly;
    private final IndexStatus index;

    StoreStatus(long totalVectors, int dimension, Metric metric, long epoch, int totalSegments, long fileSize,
            long deletedVectors, int storedRecords, int profile, boolean readOnly, IndexStatus index) {
        this.totalVectors = totalVectors;
        this.dimension = dimension;
        this.metric = metric;
        this.epoch = epoch;
        this.totalSegments = totalSegments;
        this.fileSize = fileSize;
        this.deletedVectors = deletedVectors;
        this.storedRecords = storedRecords;
        this.profile = profile;
        this.readOnly = readOnly;
        this.index = index;
    }

    /** Live vectors (distinct ids a query can return). */
    public long totalVectors() {
        return totalVectors;
    }

    public int dimension() {
        return dimension;
    }

    public Metric metric() {
        return metric;
    }

    public long epoch() {
        return epoch;
    }

    public int totalSegments() {
        return totalSegments;
    }

    public long fileSize() {
        return fileSize;
    }

    /** Deleted ids still held (until compaction). */
    public long deletedVectors() {
        return deletedVectors;
    }

    /** deleted / (live + deleted), 0 for an empty store. */
    public double deadSpaceRatio() {
        long held = totalVectors + deletedVectors;
        return held == 0 ? 0 : (double) deletedVectors / held;
    }

    /** Vector records held in memory: live ones, deleted ones and superseded versions of re-used ids. */
    public int storedRecords() {
        return storedRecords;
    }

    public int profile() {
        return profile;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public IndexStatus index() {
        return index;
    }

    @Override
    public String toString() {
        return "StoreStatus{vectors=" + totalVectors + ", dim=" + dimension + ", metric=" + metric.apiName()
                + ", epoch=" + epoch + ", segments=" + totalSegments + ", fileSize=" + fileSize + ", deleted="
                + deletedVectors + ", records=" + storedRecords + ", profile=" + profile + ", readOnly=" + readOnly
                + ", " + index + "}";
    }
}
