package dev.rvf.store;

import dev.rvf.Metric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A manifest longer than 64 KiB (a large deleted list) is written and found again: tail discovery scans the whole
 * file, as the reference binding 0.2.3 does (ReferenceTailScanTest checks the binding side).
 */
class ManifestWindowTest {
    @Test
    void aManifestLongerThan64KiBIsFoundAgain() {
        int n = 9000; // 9000 deleted ids = 72,000 bytes of manifest
        long[] ids = new long[n];
        float[] vectors = new float[n * 2];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
            vectors[2 * i] = i;
            vectors[2 * i + 1] = 1;
        }
        RvfStore store = RvfStore.create(2, Metric.L2);
        store.ingest(vectors, ids, null);
        long[] allButLast = java.util.Arrays.copyOf(ids, n - 1);
        assertEquals(n - 1, store.delete(allButLast).deleted());

        RvfStore reopened = RvfStore.open(store.export());
        assertEquals(1, reopened.status().totalVectors());
        assertEquals(n - 1, reopened.status().deletedVectors());
        var hits = reopened.query(new float[] {0, 1}, 5);
        assertEquals(1, hits.size());
        assertEquals(n, hits.get(0).id());
    }
}
