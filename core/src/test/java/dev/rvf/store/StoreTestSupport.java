package dev.rvf.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.filter.Value;
import dev.rvf.format.Clock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.function.Executable;

/** Seeded data, reproducible options and an independent brute force for the store tests. */
public final class StoreTestSupport {
    private StoreTestSupport() {
    }

    /** A clock that ticks 1 ms per call from a fixed start, so written files are reproducible. */
    public static Clock fixedClock() {
        long[] t = {1_700_000_000_000_000_000L};
        return () -> t[0] += 1_000_000L;
    }

    public static StoreOptions options(String seed) {
        return StoreOptions.defaults().withClock(fixedClock()).withIdSeed(seed.getBytes(StandardCharsets.UTF_8));
    }

    static float[] random(Random rnd, int count, int dim) {
        float[] v = new float[count * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() * 2f - 1f;
        }
        return v;
    }

    static long[] range(long first, int count) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = first + i;
        }
        return ids;
    }

    static float[] row(float[] vectors, int i, int dim) {
        return Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
    }

    /** Metadata rows: "group" = i % groups (number), "tag" = "t" + (i % 3) (string), "even" = i even. */
    static List<Map<String, Value>> rows(int count, int groups) {
        List<Map<String, Value>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Value> row = new LinkedHashMap<>();
            row.put("group", Value.of(i % groups));
            row.put("tag", Value.of("t" + (i % 3)));
            row.put("even", Value.of(i % 2 == 0));
            out.add(row);
        }
        return out;
    }

    /** Distance with a plain sequential float32 loop (independent of the kernels; the reference's formulas). */
    static float distance(Metric metric, float[] a, float[] b) {
        float dot = 0;
        float na = 0;
        float nb = 0;
        float l2 = 0;
        for (int i = 0; i < a.length; i++) {
            float d = a[i] - b[i];
            l2 += d * d;
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        switch (metric) {
            case L2:
                return l2;
            case DOT_PRODUCT:
                return -dot;
            default:
                float denom = (float) Math.sqrt(na * nb);
                return denom < 1.1920929e-7f ? 1f : 1f - dot / denom;
        }
    }

    /** The k nearest of {@code store}'s live vectors accepted by {@code accept}, by (distance, id). */
    static List<SearchHit> bruteForce(RvfStore store, float[] q, int k, LongPredicate accept) {
        List<SearchHit> all = new ArrayList<>();
        for (long id : store.liveIds()) {
            if (accept == null || accept.test(id)) {
                all.add(new SearchHit(id, distance(store.metric(), q, store.vector(id))));
            }
        }
        all.sort((a, b) -> a.distance() != b.distance() ? Float.compare(a.distance(), b.distance())
                : Long.compareUnsigned(a.id(), b.id()));
        return all.subList(0, Math.min(k, all.size()));
    }

    static long[] ids(List<SearchHit> hits) {
        return hits.stream().mapToLong(SearchHit::id).toArray();
    }

    /** Same ids in the same order, distances within 1e-5 relative (summation order differs in the last bits). */
    static void assertSameHits(List<SearchHit> expected, List<SearchHit> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": hit count");
        assertEquals(Arrays.toString(ids(expected)), Arrays.toString(ids(actual)), what + ": ids");
        for (int i = 0; i < expected.size(); i++) {
            assertClose(expected.get(i).distance(), actual.get(i).distance(), what + ": distance " + i);
        }
    }

    static void assertClose(double expected, double actual, String what) {
        double tol = 1e-5 * Math.max(1.0, Math.abs(expected));
        if (Math.abs(expected - actual) > tol) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual);
        }
    }

    static RvfException assertCode(ErrorCode code, Executable call) {
        RvfException e = assertThrows(RvfException.class, call);
        assertEquals(code, e.errorCode(), e.getMessage());
        return e;
    }
}
