package dev.rvf.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScalarQuantizerTest {

    @Test
    void reconstructionErrorIsAtMostHalfAStep() {
        Random rnd = new Random(8);
        for (int dim : new int[] {1, 3, 7, 17, 128, 384}) {
            int count = 300;
            float[] data = new float[5 + count * dim];
            for (int i = 5; i < data.length; i++) {
                data[i] = (float) (rnd.nextGaussian() * (1 + (i % 7))) + (i % 3);
            }
            ScalarQuantizer sq = ScalarQuantizer.train(data, 5, count, dim);
            byte[] codes = new byte[count * dim];
            sq.quantizeAll(data, 5, count, codes, 0);
            float[] back = new float[dim];
            int seenMin = 0;
            int seenMax = 0;
            for (int v = 0; v < count; v++) {
                sq.dequantize(codes, v * dim, back, 0);
                for (int d = 0; d < dim; d++) {
                    float orig = data[5 + v * dim + d];
                    float range = sq.max(d) - sq.min(d);
                    float bound = sq.scale(d) / 2 + 4 * Math.ulp(Math.max(Math.abs(sq.min(d)), Math.abs(sq.max(d))))
                            + 1e-6f * range;
                    assertTrue(Math.abs(orig - back[d]) <= bound,
                            "dim " + dim + " d " + d + " error " + Math.abs(orig - back[d]) + " > " + bound);
                    int code = codes[v * dim + d] & 0xFF;
                    seenMin += code == 0 ? 1 : 0;
                    seenMax += code == 255 ? 1 : 0;
                }
            }
            assertTrue(seenMin >= dim && seenMax >= dim, "trained extremes map to codes 0 and 255");
        }
    }

    @Test
    void followsTheReferenceCodeFormulaAndClamps() {
        // min 0, max 10 on dim 0; zero-width dim 1 gets max = min + 1
        float[] data = {0f, 5f, 10f, 5f};
        ScalarQuantizer sq = ScalarQuantizer.train(data, 0, 2, 2);
        assertEquals(0f, sq.min(0));
        assertEquals(10f, sq.max(0));
        assertEquals(5f, sq.min(1));
        assertEquals(6f, sq.max(1));
        byte[] c = new byte[2];
        float[][] cases = {{-3f, 0}, {0f, 0}, {10f, 255}, {42f, 255}, {5f, 128}, {0.02f, 1}, {0.0195f, 0}};
        for (float[] cs : cases) {
            sq.quantize(new float[] {cs[0], 5f}, 0, c, 0);
            long expected = Math.round(Math.min(1.0, Math.max(0.0, cs[0] / 10.0)) * 255);
            assertEquals((int) cs[1], c[0] & 0xFF, "value " + cs[0]);
            assertEquals(expected, c[0] & 0xFF, "reference formula for " + cs[0]);
            assertEquals(0, c[1] & 0xFF);
        }
    }

    @Test
    void asymmetricDistancesEqualMetricOnReconstructedVectors() {
        Random rnd = new Random(4);
        for (int dim : new int[] {1, 3, 7, 17, 128, 384}) {
            int count = 50;
            float[] data = FloatKernelsTest.randomArray(rnd, count * dim, 1f);
            ScalarQuantizer sq = ScalarQuantizer.train(data, 0, count, dim);
            byte[] codes = new byte[count * dim];
            sq.quantizeAll(data, 0, count, codes, 0);
            float[] q = FloatKernelsTest.randomArray(rnd, dim + 1, 1f);
            float[] rec = new float[dim];
            for (Metric metric : Metric.values()) {
                Sq8Query query = sq.query(q, 1, metric);
                DistanceFunction exact = DistanceFunction.of(metric);
                for (int v = 0; v < count; v++) {
                    sq.dequantize(codes, v * dim, rec, 0);
                    float recNorm = FloatKernels.norm(rec, 0, dim);
                    float expected = exact.distance(q, 1, rec, 0, dim);
                    float got = query.distance(codes, v * dim, recNorm);
                    double mag = FloatKernelsTest.refAbsDot(q, 1, rec, 0, dim) + FloatKernelsTest.refL2(q, 1, rec, 0, dim);
                    assertEquals(expected, got, 1e-5 * mag + 1e-6, metric + " dim " + dim);
                }
            }
        }
    }

    @Test
    void sq8RankingTracksExactRanking() {
        // The point of SQ8: the nearest vector by SQ8 distance is among the exact top few.
        Random rnd = new Random(6);
        int dim = 64;
        int count = 2000;
        float[] data = FloatKernelsTest.randomArray(rnd, count * dim, 1f);
        ScalarQuantizer sq = ScalarQuantizer.train(data, 0, count, dim);
        byte[] codes = new byte[count * dim];
        sq.quantizeAll(data, 0, count, codes, 0);
        int hits = 0;
        for (int t = 0; t < 50; t++) {
            float[] q = FloatKernelsTest.randomArray(rnd, dim, 1f);
            Sq8Query query = sq.query(q, 0, Metric.L2);
            TopK exactTop = new TopK(5);
            int bestSq8 = -1;
            float bestD = Float.POSITIVE_INFINITY;
            for (int v = 0; v < count; v++) {
                exactTop.offer(FloatKernels.squaredL2(q, 0, data, v * dim, dim), v);
                float d = query.distance(codes, v * dim, 0f);
                if (d < bestD) {
                    bestD = d;
                    bestSq8 = v;
                }
            }
            float[] d = new float[5];
            long[] ids = new long[5];
            exactTop.drainSorted(d, ids);
            for (long id : ids) {
                if (id == bestSq8) {
                    hits++;
                }
            }
        }
        assertTrue(hits >= 48, "SQ8 nearest within exact top-5 in " + hits + "/50 queries");
    }

    @Test
    void validation() {
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> ScalarQuantizer.train(new float[4], 0, 3, 2)).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RvfException.class,
                () -> ScalarQuantizer.of(new float[] {1f}, new float[] {1f})).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RvfException.class,
                () -> ScalarQuantizer.of(new float[] {Float.NaN}, new float[] {1f})).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RvfException.class,
                () -> ScalarQuantizer.of(new float[] {-3e38f}, new float[] {3e38f})).errorCode());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RvfException.class,
                () -> ScalarQuantizer.of(new float[] {0f, 0f}, new float[] {1f})).errorCode());
    }
}
