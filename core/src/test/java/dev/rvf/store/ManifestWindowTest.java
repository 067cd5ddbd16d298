package dev.rvf.store;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A write whose manifest could not be found again (beyond the 64 KiB tail window) is refused; compact() clears it. */
class ManifestWindowTest {
    @Test
    void aDeleteThatWouldOutgrowTheTailWindowIsRefusedAndCompactionIsTheWayOut() {
        int n = 9000; // 9000 deleted ids = 72,000 bytes of manifest: past the window
        long[] ids = new long[n];
        float[] vectors = new float[n * 2];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1;
            vectors[2 * i] = i;
            vectors[2 * i + 1] = 1;
        }
        RvfStore store = RvfStore.create(2, Metric.L2);
        store.ingest(vectors, ids, null);
        byte[] before = store.export();

        RvfException e = assertThrows(RvfException.class, () -> store.delete(ids));
        assertEquals(ErrorCode.LIMIT_EXCEEDED, e.errorCode());
        assertArrayEquals(before, store.export(), "a refused delete changes nothing");
        assertEquals(n, store.status().totalVectors());

        long[] half = Arrays.copyOf(ids, n / 2);
        assertEquals(n / 2, store.delete(half).deleted());
        store.compact();
        long[] rest = Arrays.copyOfRange(ids, n / 2, n);
        assertEquals(n - n / 2, store.delete(rest).deleted());
        RvfStore reopened = RvfStore.open(store.export());
        assertEquals(0, reopened.status().totalVectors());
    }
}
