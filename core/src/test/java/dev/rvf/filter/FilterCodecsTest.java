package dev.rvf.filter;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.ByteReader;
import dev.rvf.format.ByteWriter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Filter and metadata encodings: exact round trips, and hostile bytes fail only with RvfException. */
class FilterCodecsTest {
    @Test
    void filtersRoundTripToTheSameMeaningAndBytes() {
        Random rnd = new Random(3);
        MetadataTable t = new MetadataTable();
        List<Map<String, Value>> rows = new ArrayList<>();
        for (int r = 0; r < 200; r++) {
            Map<String, Value> row = new HashMap<>();
            for (String f : FilterExprTest.FIELDS) {
                if (rnd.nextInt(4) > 0) {
                    Value v = FilterExprTest.randomValue(rnd, f);
                    row.put(f, v);
                    t.put(r, f, v);
                }
            }
            rows.add(row);
        }
        for (int i = 0; i < 500; i++) {
            FilterExpr e = FilterExprTest.randomExpr(rnd, 0);
            byte[] bytes = FilterCodec.encode(e);
            FilterExpr back = FilterCodec.decode(ByteReader.of(bytes));
            assertArrayEquals(bytes, FilterCodec.encode(back));
            RowPredicate p = back.compile(t);
            for (int r = 0; r < rows.size(); r++) {
                assertEquals(FilterExprTest.evaluate(e, rows.get(r)), p.test(r));
            }
        }
    }

    @Test
    void metaPayloadRoundTrips() {
        Map<String, Value> a = new LinkedHashMap<>();
        a.put("title", Value.of("héllo wörld ✓"));
        a.put("score", Value.of(-0.25));
        a.put("ok", Value.of(true));
        Map<String, Value> b = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Value>[] rows = new Map[] {a, b};
        byte[] meta = MetadataCodec.encodeMeta(new long[] {7, -1L}, rows, 2);
        List<Object[]> got = new ArrayList<>();
        MetadataCodec.decodeMeta(ByteReader.of(meta), (id, row) -> got.add(new Object[] {id, row}));
        assertEquals(2, got.size());
        assertEquals(7L, got.get(0)[0]);
        assertEquals(a, got.get(0)[1]);
        assertEquals(-1L, got.get(1)[0]);
        assertEquals(b, got.get(1)[1]);
    }

    @Test
    void hostileFilterBytesFailWithTypedErrors() {
        Random rnd = new Random(5);
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            seeds.add(FilterCodec.encode(FilterExprTest.randomExpr(rnd, 0)));
        }
        int failures = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] b;
            switch (rnd.nextInt(3)) {
                case 0:
                    b = java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length + 1));
                    break;
                case 1:
                    b = seed.clone();
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                    break;
                default:
                    b = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(b);
                    break;
            }
            try {
                FilterCodec.decode(ByteReader.of(b));
            } catch (RvfException expected) {
                failures++;
            }
        }
        assertEquals(true, failures > 1000, "mutations should mostly fail: " + failures);
    }

    @Test
    void hugeCountsAndDeepNestingAreRejectedWithoutWork() {
        ByteWriter w = new ByteWriter();
        w.u8(9).u32(0xFFFFFFFFL);
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> FilterCodec.decode(ByteReader.of(w.toByteArray()))).errorCode());
        ByteWriter deep = new ByteWriter();
        for (int i = 0; i < 10_000; i++) {
            deep.u8(11);
        }
        assertEquals(ErrorCode.LIMIT_EXCEEDED,
                assertThrows(RvfException.class, () -> FilterCodec.decode(ByteReader.of(deep.toByteArray()))).errorCode());
        byte[] trailing = FilterCodec.encode(FilterExpr.eq("a", Value.of(1)));
        byte[] extra = java.util.Arrays.copyOf(trailing, trailing.length + 1);
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> FilterCodec.decode(ByteReader.of(extra))).errorCode());
    }
}
