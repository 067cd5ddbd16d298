package dev.rvf.store;

import static dev.rvf.store.StoreTestSupport.fixedClock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.RvfFile;
import dev.rvf.format.RvfWriter;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RvfWriter / RvfFile additions the store relies on. */
class WriterExtensionsTest {

    private static RvfWriter writer() {
        return RvfWriter.create(2, Metric.L2, 0, FileIdentity.newRoot(new byte[] {7}), fixedClock());
    }

    @Test
    void ingestWithReviveUndeletesOnlyWhenAsked() {
        RvfWriter w = writer();
        w.ingest(new long[] {1, 2, 3}, new float[6]);
        w.delete(new long[] {1, 2});
        w.ingest(new long[] {1}, new float[2]); // reference behaviour: stays deleted
        assertArrayEquals(new long[] {1, 2}, RvfFile.parse(w.toBytes()).deletedIds());
        assertEquals(2, w.deletedCount());
        w.ingest(new long[] {2}, new float[2], true);
        assertArrayEquals(new long[] {1}, RvfFile.parse(w.toBytes()).deletedIds());
        assertEquals(1, w.deletedCount());
        assertEquals(1, w.delete(new long[] {2}));
    }

    @Test
    void compactionKeepFilterAndAccessors() {
        RvfWriter w = writer();
        w.ingest(new long[] {1, 2}, new float[] {1, 1, 2, 2});
        long indexId = w.appendSegment(SegmentType.INDEX, new byte[] {1, 2, 3});
        w.appendSegment(0xF0, new byte[] {4});
        w.commitManifest();
        assertEquals(7, w.directorySize()); // MANIFEST VEC WITNESS MANIFEST INDEX F0 MANIFEST
        long indexOffset = w.directory().get(4).offset();
        assertEquals(indexId, w.segmentHeaderAt(indexOffset).segmentId());
        assertArrayEquals(new byte[] {1, 2, 3}, w.segmentPayloadAt(indexOffset));
        assertThrows(RvfException.class, () -> w.segmentHeaderAt(indexOffset + 1));
        assertThrows(RvfException.class, () -> w.segmentHeaderAt(w.size()));
        w.compact(new long[] {1, 2}, new float[] {1, 1, 2, 2}, (log, s) -> s.type() != SegmentType.INDEX);
        RvfFile f = RvfFile.parse(w.toBytes());
        List<SegmentInfo> segs = f.segments();
        assertEquals(List.of(SegmentType.VEC, SegmentType.WITNESS, 0xF0, SegmentType.MANIFEST, SegmentType.WITNESS),
                segs.stream().map(SegmentInfo::type).toList());
        assertEquals(1, f.loadedVecSegments().size());
        assertEquals(0, f.loadedVecSegments().get(0).offset());
        assertEquals(2, f.vecPayload(f.loadedVecSegments().get(0)).count());
    }
}
