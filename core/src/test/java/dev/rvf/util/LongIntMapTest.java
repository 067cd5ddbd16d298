package dev.rvf.util;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LongIntMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        Random rnd = new Random(7);
        LongIntMap map = new LongIntMap(4);
        Map<Long, Integer> expected = new HashMap<>();
        long[] pool = new long[300];
        for (int i = 0; i < pool.length; i++) {
            // small ids, huge ids, negative-as-unsigned ids and 0 all occur
            pool[i] = i % 3 == 0 ? i : i % 3 == 1 ? rnd.nextLong() : -i;
        }
        for (int step = 0; step < 200_000; step++) {
            long id = pool[rnd.nextInt(pool.length)];
            int op = rnd.nextInt(3);
            if (op == 0) {
                int ord = rnd.nextInt(1_000_000);
                Integer prev = expected.put(id, ord);
                assertEquals(prev == null ? -1 : prev, map.put(id, ord));
            } else if (op == 1) {
                Integer prev = expected.remove(id);
                assertEquals(prev == null ? -1 : prev, map.remove(id));
            } else {
                Integer v = expected.get(id);
                assertEquals(v == null ? -1 : v, map.get(id));
            }
            assertEquals(expected.size(), map.size());
        }
        for (long id : pool) {
            Integer v = expected.get(id);
            assertEquals(v == null ? -1 : v, map.get(id));
        }
    }
}
