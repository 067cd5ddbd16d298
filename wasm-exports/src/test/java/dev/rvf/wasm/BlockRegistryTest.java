package dev.rvf.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BlockRegistryTest {
    private final BlockRegistry blocks = new BlockRegistry(1 << 30, 1 << 20);

    @Test
    void rangesInsideOneBlockAreContained() {
        blocks.add(1000, 100, 996);
        assertTrue(blocks.contains(1000, 100));
        assertTrue(blocks.contains(1050, 50));
        assertTrue(blocks.contains(1099, 1));
        assertFalse(blocks.contains(1000, 101), "one byte past the end");
        assertFalse(blocks.contains(999, 1), "one byte before the start");
        assertFalse(blocks.contains(1099, 2));
        assertFalse(blocks.contains(1100, 1));
        assertFalse(blocks.contains(1000, -1));
        assertFalse(blocks.contains(-8, 4));
    }

    @Test
    void aRangeSpanningTwoAdjacentBlocksIsNotContained() {
        blocks.add(0, 16, 0);
        blocks.add(16, 16, 16);
        assertTrue(blocks.contains(0, 16));
        assertTrue(blocks.contains(16, 16));
        assertFalse(blocks.contains(8, 16));
    }

    @Test
    void lengthsBeyondIntRangeDoNotWrapAround() {
        blocks.add(Integer.MAX_VALUE - 64, 64, 0);
        assertTrue(blocks.contains(Integer.MAX_VALUE - 64, 64));
        assertFalse(blocks.contains(Integer.MAX_VALUE - 64, 1L << 32));
        assertFalse(blocks.contains(Integer.MAX_VALUE - 1, Long.MAX_VALUE));
    }

    @Test
    void aPinnedBlockCountsButIsNeitherFreedNorUsableUntilUnpinnedOrRemovedAsPinned() {
        blocks.add(2000, 40, 1996);
        assertEquals(-1, blocks.pin(2008), "interior pointer");
        assertEquals(-1, blocks.pin(1000), "no block");
        assertEquals(40, blocks.pin(2000));
        assertEquals(-1, blocks.pin(2000), "already pinned");
        assertEquals(1, blocks.count());
        assertEquals(40, blocks.totalBytes());
        assertFalse(blocks.contains(2000, 8), "not a pointer argument any more");
        assertEquals(-1, blocks.remove(2000), "not freed by the caller");
        assertTrue(blocks.unpin(2000));
        assertFalse(blocks.unpin(2000));
        assertTrue(blocks.contains(2000, 8));
        assertEquals(40, blocks.pin(2000));
        assertEquals(1996, blocks.removePinned(2000));
        assertEquals(-1, blocks.removePinned(2000));
        assertEquals(0, blocks.count());
        blocks.add(1000, 8, 1000);
        blocks.add(3000, 8, 3000);
        blocks.pin(1000);
        blocks.add(2000, 8, 2000); // inserted between: the pinned flag moves with its block
        assertFalse(blocks.contains(1000, 1));
        assertTrue(blocks.contains(2000, 1) && blocks.contains(3000, 1));
        assertEquals(1000, blocks.removePinned(1000));
        assertTrue(blocks.contains(2000, 1) && blocks.contains(3000, 1));
    }

    @Test
    void removeReturnsTheBaseOnlyForAStartOfALiveBlock() {
        blocks.add(2000, 40, 1996);
        blocks.add(1000, 8, 1000);
        assertEquals(-1, blocks.remove(2004), "interior pointer");
        assertEquals(-1, blocks.remove(3000), "never allocated");
        assertEquals(1996, blocks.remove(2000));
        assertEquals(-1, blocks.remove(2000), "freed twice");
        assertFalse(blocks.contains(2000, 1));
        assertTrue(blocks.contains(1000, 8));
        assertEquals(1, blocks.count());
        assertEquals(8, blocks.totalBytes());
    }

    @Test
    void capsOnTotalBytesAndBlockCountAreEnforced() {
        BlockRegistry small = new BlockRegistry(100, 3);
        assertFalse(small.fits(0));
        assertFalse(small.fits(-1));
        assertFalse(small.fits(101));
        small.add(0, 60, 0);
        assertTrue(small.fits(40));
        assertFalse(small.fits(41));
        small.add(100, 20, 100);
        small.add(200, 10, 200);
        assertFalse(small.fits(1), "block count cap");
        assertThrows(IllegalArgumentException.class, () -> small.add(300, 1, 300));
        small.remove(0);
        assertTrue(small.fits(70));
        assertFalse(small.fits(71));
    }

    @Test
    void overlappingBlocksAreRefused() {
        blocks.add(100, 50, 100);
        assertThrows(IllegalArgumentException.class, () -> blocks.add(149, 10, 149));
        assertThrows(IllegalArgumentException.class, () -> blocks.add(90, 11, 90));
        assertThrows(IllegalArgumentException.class, () -> blocks.add(120, 1, 120));
        blocks.add(150, 10, 150);
        blocks.add(90, 10, 90);
        assertEquals(3, blocks.count());
    }

    @Test
    void agreesWithASimpleModelUnderRandomUse() {
        Random random = new Random(42);
        TreeMap<Integer, Integer> model = new TreeMap<>();
        for (int step = 0; step < 20_000; step++) {
            int slot = random.nextInt(4096) * 64;
            if (random.nextBoolean()) {
                if (!model.containsKey(slot)) {
                    int size = 1 + random.nextInt(64);
                    blocks.add(slot, size, slot);
                    model.put(slot, size);
                }
            } else {
                int expected = model.remove(slot) != null ? slot : -1;
                assertEquals(expected, blocks.remove(slot));
            }
            int probe = random.nextInt(4096 * 64 + 64);
            int length = random.nextInt(70);
            var floor = model.floorEntry(probe);
            boolean inside = floor != null && probe + length <= floor.getKey() + floor.getValue();
            assertEquals(inside, blocks.contains(probe, length), "probe " + probe + "+" + length);
        }
        assertEquals(model.size(), blocks.count());
        assertEquals(model.values().stream().mapToLong(Integer::longValue).sum(), blocks.totalBytes());
    }
}
