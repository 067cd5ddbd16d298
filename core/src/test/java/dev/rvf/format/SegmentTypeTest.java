package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentTypeTest {
    /** What rvf-node 0.2.3's segments() reported for a file listing every type (observed with the binding). */
    @Test
    void referenceNames() {
        String[] expected = {"invalid", "vec", "index", "overlay", "journal", "manifest", "quant", "meta", "hot",
            "sketch", "witness", "profile", "crypto", "meta_idx", "kernel", "ebpf"};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], SegmentType.name(t));
        }
        assertEquals("unknown(0x10)", SegmentType.name(SegmentType.WASM));
        assertEquals("unknown(0x11)", SegmentType.name(SegmentType.DASHBOARD));
        assertEquals("unknown(0x1A)", SegmentType.name(0x1A));
        assertEquals("cow_map", SegmentType.name(SegmentType.COW_MAP));
        assertEquals("unknown(0x21)", SegmentType.name(SegmentType.REFCOUNT));
        assertEquals("membership", SegmentType.name(SegmentType.MEMBERSHIP));
        assertEquals("unknown(0x23)", SegmentType.name(SegmentType.DELTA));
        assertEquals("unknown(0x30)", SegmentType.name(0x30));
        assertEquals("unknown(0xFF)", SegmentType.name(0xFF));
    }

    @Test
    void specNames() {
        assertEquals("VEC", SegmentType.specName(1));
        assertEquals("WASM", SegmentType.specName(0x10));
        assertEquals("DASHBOARD", SegmentType.specName(0x11));
        assertEquals("COW_MAP", SegmentType.specName(0x20));
        assertEquals("DELTA", SegmentType.specName(0x23));
        assertEquals("AGGREGATE_WEIGHTS", SegmentType.specName(0x36));
        assertEquals("UNKNOWN_0x12", SegmentType.specName(0x12));
        assertEquals("UNKNOWN_0xF0", SegmentType.specName(0xF0));
        assertTrue(SegmentType.isKnown(SegmentType.META_IDX));
        assertFalse(SegmentType.isKnown(0x37));
    }
}
