package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Files as {@code @ruvector/rvf-wasm} 0.1.9's rvf_store_export writes them (rvf-format.md §6.1, §8.3, §20). */
class WasmDialectTest {
    /** The export of a dim-4 store after inserting 3 vectors and deleting one: 226 bytes, written out by hand. */
    static byte[] handMade226() {
        ByteBuffer b = ByteBuffer.allocate(226).order(ByteOrder.LITTLE_ENDIAN);
        // VEC header: only magic, version, type, flags 0, id and payload_length
        b.putInt(0x52564653).put((byte) 1).put((byte) 1).putShort((short) 0).putLong(1).putLong(54);
        b.position(64);
        b.putShort((short) 2).putInt(4); // count u16, dimension u32
        b.putLong(1).putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        b.putLong(3).putFloat(-1).putFloat(0.5f).putFloat(0).putFloat(8);
        int m = b.position();
        b.putInt(0x52564653).put((byte) 1).put((byte) 5).putShort((short) 0).putLong(2).putLong(44);
        b.position(m + 64);
        b.putInt(1).putShort((short) 4).putLong(2).put((byte) 0).putInt(1); // epoch, dim, total, profile, seg_count
        b.putLong(1).putLong(0).putLong(54).put((byte) 1); // the VEC entry
        assertEquals(226, b.position());
        return b.array();
    }

    @Test
    void exportIsByteExactAndReadable() {
        byte[] expected = handMade226();
        byte[] built = WasmExport.build(4, new long[] {1, 3}, new float[] {1, 2, 3, 4, -1, 0.5f, 0, 8});
        assertArrayEquals(expected, built);
        RvfFile f = RvfFile.parse(expected);
        assertEquals(Dialect.W, f.dialect());
        assertEquals(4, f.dimension());
        assertEquals(Metric.L2, f.metric());
        assertEquals(1, f.epoch());
        assertEquals(2, f.totalVectorsField());
        assertFalse(f.hasIdentity());
        assertEquals(FileIdentity.ZERO, f.identity());
        assertArrayEquals(new long[] {1, 3}, f.liveIds());
        assertArrayEquals(new float[] {1, 2, 3, 4, -1, 0.5f, 0, 8}, f.liveVectors());
        assertEquals(HashStatus.UNSET, f.segments().get(0).hashStatus());
        f.verifyHashes();
        assertEquals(118, f.manifestSegment().offset());
        assertEquals(0, f.listedSegments(SegmentType.VEC).size());
        CodecsTest.assertCode(ErrorCode.NO_MANIFEST, () -> TailDiscovery.find(expected));
    }

    @Test
    void exportSizes() {
        assertEquals(178, WasmExport.build(4, new long[0], new float[0]).length);
        byte[] d128 = WasmExport.build(128, new long[] {5, 6}, new float[256]);
        assertEquals(1218, d128.length);
        RvfFile f = RvfFile.parse(d128);
        assertEquals(128, f.dimension());
        assertEquals(2, f.liveCount());
        assertEquals(0, RvfFile.parse(WasmExport.build(4, new long[0], new float[0])).liveCount());
    }

    /** The wasm reader loads every VEC segment in the file, superseded ones too; later ids win. */
    @Test
    void everyVecSegmentIsLoaded() {
        byte[] one = WasmExport.build(2, new long[] {1, 2}, new float[] {1, 1, 2, 2});
        byte[] two = WasmExport.build(2, new long[] {2, 3}, new float[] {5, 5, 3, 3});
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        RvfFile f = RvfFile.parse(both);
        assertEquals(Dialect.W, f.dialect());
        assertArrayEquals(new long[] {1, 2, 3}, f.liveIds());
        assertArrayEquals(new float[] {1, 1, 5, 5, 3, 3}, f.liveVectors());
        // a VEC whose dimension disagrees with the manifest is refused
        byte[] other = WasmExport.build(3, new long[] {9}, new float[3]);
        byte[] mixed = Arrays.copyOf(other, other.length + one.length);
        System.arraycopy(one, 0, mixed, other.length, one.length);
        CodecsTest.assertCode(ErrorCode.BAD_PAYLOAD, () -> RvfFile.parse(mixed));
    }
}
