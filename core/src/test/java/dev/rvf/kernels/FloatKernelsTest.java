package dev.rvf.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.Metric;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatKernelsTest {
    static final int[] DIMS = {1, 2, 3, 7, 8, 9, 16, 17, 128, 384, 768};

    static float[] randomArray(Random rnd, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian() * scale;
        }
        return a;
    }

    static double refDot(float[] a, int ao, float[] b, int bo, int dim) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return s;
    }

    static double refAbsDot(float[] a, int ao, float[] b, int bo, int dim) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
            s += Math.abs((double) a[ao + i] * b[bo + i]);
        }
        return s;
    }

    static double refL2(float[] a, int ao, float[] b, int bo, int dim) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
            double d = (double) a[ao + i] - b[bo + i];
            s += d * d;
        }
        return s;
    }

    static double refCosine(float[] a, int ao, float[] b, int bo, int dim) {
        double na = Math.sqrt(refDot(a, ao, a, ao, dim));
        double nb = Math.sqrt(refDot(b, bo, b, bo, dim));
        if (na * nb < CosineDistance.ZERO_NORM_EPSILON) {
            return 1.0;
        }
        return 1.0 - refDot(a, ao, b, bo, dim) / (na * nb);
    }

    /** FloatKernels.sqrt is (float) Math.sqrt bit for bit: random floats of every exponent, and the edges. */
    @Test
    void sqrtIsTheCorrectlyRoundedRoot() {
        java.util.Random rnd = new java.util.Random(17);
        for (int trial = 0; trial < 3_000_000; trial++) {
            float x = Float.intBitsToFloat(rnd.nextInt(0x7F800000)); // every positive finite float, subnormals too
            assertEquals(Float.floatToRawIntBits((float) Math.sqrt(x)), Float.floatToRawIntBits(FloatKernels.sqrt(x)),
                    "sqrt(" + x + ")");
        }
        for (int bits = 0; bits < 0x7F800000; bits += 0x7FFFF) { // around every power of two
            for (int d = -3; d <= 3; d++) {
                float x = Float.intBitsToFloat(Math.max(0, bits + d));
                assertEquals(Float.floatToRawIntBits((float) Math.sqrt(x)),
                        Float.floatToRawIntBits(FloatKernels.sqrt(x)), "sqrt(" + x + ")");
            }
        }
        float[] edges = {0f, -0f, 1f, 4f, 2f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -1f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Math.nextDown(1f), Math.nextUp(1f)};
        for (float x : edges) {
            assertEquals(Float.floatToRawIntBits((float) Math.sqrt(x)), Float.floatToRawIntBits(FloatKernels.sqrt(x)),
                    "sqrt(" + x + ")");
        }
    }

    @Test
    void kernelsMatchDoublePrecisionReferenceForOddDimsAndOffsets() {
        Random rnd = new Random(11);
        for (int dim : DIMS) {
            for (int trial = 0; trial < 20; trial++) {
                int ao = rnd.nextInt(5);
                int bo = rnd.nextInt(9);
                float scale = trial % 3 == 0 ? 100f : 1f;
                float[] a = randomArray(rnd, ao + dim + 3, scale);
                float[] b = randomArray(rnd, bo + dim + 1, scale);
                double mag = refAbsDot(a, ao, b, bo, dim);
                double tol = 2e-6 * mag + 1e-30;
                assertEquals(refDot(a, ao, b, bo, dim), FloatKernels.dot(a, ao, b, bo, dim), tol, "dot dim " + dim);
                double l2 = refL2(a, ao, b, bo, dim);
                assertEquals(l2, FloatKernels.squaredL2(a, ao, b, bo, dim), 2e-6 * l2, "l2 dim " + dim);
                double n2 = refDot(a, ao, a, ao, dim);
                assertEquals(n2, FloatKernels.normSquared(a, ao, dim), 2e-6 * n2, "norm dim " + dim);
                assertEquals(refCosine(a, ao, b, bo, dim), CosineDistance.INSTANCE.distance(a, ao, b, bo, dim),
                        2e-6, "cosine dim " + dim);
                assertEquals(-refDot(a, ao, b, bo, dim), DotProductDistance.INSTANCE.distance(a, ao, b, bo, dim),
                        tol, "dot distance dim " + dim);
                assertEquals(l2, L2Distance.INSTANCE.distance(a, ao, b, bo, dim), 2e-6 * l2, "l2 distance dim " + dim);
            }
        }
    }

    @Test
    void kernelsIgnoreDataOutsideTheSlices() {
        // Poison around the slices: a kernel reading one element too far would change the result.
        Random rnd = new Random(5);
        for (int dim : DIMS) {
            float[] a = randomArray(rnd, dim, 1f);
            float[] b = randomArray(rnd, dim, 1f);
            float[] pa = new float[dim + 8];
            float[] pb = new float[dim + 10];
            java.util.Arrays.fill(pa, 1e30f);
            java.util.Arrays.fill(pb, -1e30f);
            System.arraycopy(a, 0, pa, 4, dim);
            System.arraycopy(b, 0, pb, 5, dim);
            assertEquals(FloatKernels.dot(a, 0, b, 0, dim), FloatKernels.dot(pa, 4, pb, 5, dim));
            assertEquals(FloatKernels.squaredL2(a, 0, b, 0, dim), FloatKernels.squaredL2(pa, 4, pb, 5, dim));
        }
    }

    @Test
    void batchedDistancesEqualSingleCallsBitForBit() {
        Random rnd = new Random(3);
        for (Metric metric : Metric.values()) {
            DistanceFunction f = DistanceFunction.of(metric);
            assertSame(metric, f.metric());
            for (int dim : DIMS) {
                int count = 13;
                float[] q = randomArray(rnd, dim + 2, 1f);
                float[] block = randomArray(rnd, 7 + count * dim, 1f);
                float[] out = new float[count + 3];
                f.distances(q, 2, block, 7, count, dim, out, 3);
                for (int j = 0; j < count; j++) {
                    assertEquals(f.distance(q, 2, block, 7 + j * dim, dim), out[3 + j], 0f, metric + " dim " + dim);
                }
            }
        }
    }

    @Test
    void fourAtATimeKernelsEqualSingleCallsBitForBit() {
        Random rnd = new Random(4);
        for (int dim : DIMS) {
            int rows = 11;
            float[] q = randomArray(rnd, dim + 3, 1f);
            float[] v = randomArray(rnd, rows * dim, 1f);
            for (int count = 0; count <= 9; count++) {
                int[] picks = new int[count + 2];
                for (int j = 0; j < picks.length; j++) {
                    picks[j] = rnd.nextInt(rows);
                }
                float[] dots = new float[count + 1];
                float[] l2s = new float[count + 1];
                dots[count] = 42f;
                l2s[count] = 42f;
                FloatKernels.dots(q, 3, v, dim, picks, 2, count, dots, 0);
                FloatKernels.squaredL2s(q, 3, v, dim, picks, 2, count, l2s, 0);
                for (int j = 0; j < count; j++) {
                    int off = picks[2 + j] * dim;
                    assertEquals(FloatKernels.dot(q, 3, v, off, dim), dots[j], 0f, "dots dim " + dim);
                    assertEquals(FloatKernels.squaredL2(q, 3, v, off, dim), l2s[j], 0f, "l2s dim " + dim);
                }
                assertEquals(42f, dots[count], "nothing written past count");
                assertEquals(42f, l2s[count], "nothing written past count");
            }
            float[] four = new float[5];
            FloatKernels.dot4(q, 0, v, 0, 3 * dim, 3 * dim, (rows - 1) * dim, dim, four, 1);
            assertEquals(FloatKernels.dot(q, 0, v, 3 * dim, dim), four[2], 0f);
            assertEquals(FloatKernels.dot(q, 0, v, (rows - 1) * dim, dim), four[4], 0f);
            FloatKernels.squaredL2x4(q, 0, v, 0, dim, 2 * dim, 3 * dim, dim, four, 0);
            assertEquals(FloatKernels.squaredL2(q, 0, v, dim, dim), four[1], 0f);
        }
    }

    /**
     * With a limit, the four-vector squared-L2 kernel may stop summing: every result not above the limit must still
     * be the full sum's bits, every other one above the limit, and it must actually stop when all four are far.
     */
    @Test
    void squaredL2WithLimitKeepsBitsAndStopsForFarVectors() {
        Random rnd = new Random(7);
        for (int dim : new int[] {1, 2, 3, 15, 16, 17, 33, 64, 129}) {
            int count = 23; // five groups of four and a remainder of three
            float[] q = new float[dim + 2];
            float[] v = new float[count * dim];
            for (int i = 0; i < q.length; i++) {
                q[i] = (float) rnd.nextGaussian();
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian() * (i / dim % 3 == 0 ? 0.1f : 10f);
            }
            float[] exact = new float[count];
            for (int j = 0; j < count; j++) {
                exact[j] = FloatKernels.squaredL2(q, 2, v, j * dim, dim);
            }
            // ties with whole sums, and with the partial sum of vector 0 (the nearest of its four) at the first
            // look: a kernel that stopped on a tie would return that partial sum as if it were the distance
            float firstLook = FloatKernels.squaredL2(q, 2, v, 0, Math.min(dim, FloatKernels.LIMIT_CHUNK));
            float[] limits = {0f, exact[4], exact[9], firstLook, Float.MIN_VALUE, 1f, 1000f, Float.MAX_VALUE,
                    Float.POSITIVE_INFINITY};
            for (float limit : limits) {
                float[] out = new float[count];
                long summed = FloatKernels.squaredL2sContiguous(q, 2, v, 0, count, dim, limit, out, 0);
                for (int j = 0; j < count; j++) {
                    if (exact[j] <= limit) {
                        assertEquals(exact[j], out[j], 0f, "dim " + dim + " limit " + limit + " vector " + j);
                    } else {
                        assertTrue(out[j] > limit, "dim " + dim + " limit " + limit + " vector " + j);
                        assertTrue(out[j] <= exact[j], "a partial sum is never above the whole");
                    }
                }
                assertTrue(summed <= (long) count * dim && summed >= dim, "summed " + summed);
                if (limit == Float.POSITIVE_INFINITY) {
                    assertEquals((long) count * dim, summed);
                    assertArrayEquals(exact, out, 0f);
                }
            }
            if (dim > 2 * FloatKernels.LIMIT_CHUNK) {
                float[] out = new float[count];
                long summed = FloatKernels.squaredL2sContiguous(q, 2, v, 0, count, dim, 0f, out, 0);
                // every vector is farther than 0: each group of four stops after its first chunk
                assertEquals(20L * FloatKernels.LIMIT_CHUNK + 3L * dim, summed, "dim " + dim);
            }
        }
    }

    @Test
    void cosineZeroNormRuleGivesOne() {
        float[] zero = new float[5];
        float[] v = {1, 2, 3, 4, 5};
        assertEquals(1f, CosineDistance.INSTANCE.distance(zero, 0, v, 0, 5));
        assertEquals(1f, CosineDistance.INSTANCE.distance(v, 0, zero, 0, 5));
        assertEquals(1f, CosineDistance.INSTANCE.distance(zero, 0, zero, 0, 5));
        // |a||b| below f32::EPSILON also counts as zero (the reference compares the product of the norms).
        float[] tiny = {1e-4f, 0, 0, 0, 0};
        float[] tiny2 = {1e-4f, 0, 0, 0, 0};
        assertEquals(1f, CosineDistance.INSTANCE.distance(tiny, 0, tiny2, 0, 5));
        float[] small = {1e-3f, 0, 0, 0, 0};
        assertEquals(0f, CosineDistance.INSTANCE.distance(small, 0, small, 0, 5), 1e-6f);
        assertEquals(1f, CosineDistance.fromParts(0f, 0f, 3f));
        assertEquals(1f, CosineDistance.fromParts(Float.NaN, Float.NaN, 3f));
        assertEquals(2f, CosineDistance.fromParts(-6f, 2f, 3f));
    }

    @Test
    void identicalAndOppositeVectors() {
        float[] v = {3, -4, 12};
        float[] w = {-3, 4, -12};
        assertEquals(0f, CosineDistance.INSTANCE.distance(v, 0, v, 0, 3), 1e-7f);
        assertEquals(2f, CosineDistance.INSTANCE.distance(v, 0, w, 0, 3), 1e-7f);
        assertEquals(0f, L2Distance.INSTANCE.distance(v, 0, v, 0, 3));
        assertEquals(-169f, DotProductDistance.INSTANCE.distance(v, 0, v, 0, 3));
        assertEquals(13f, FloatKernels.norm(v, 0, 3));
    }

    @Test
    void allFiniteDetectsNanAndInfinity() {
        assertTrue(FloatKernels.allFinite(new float[] {0, -1, Float.MAX_VALUE, Float.MIN_VALUE}, 0, 4));
        assertFalse(FloatKernels.allFinite(new float[] {0, Float.NaN}, 0, 2));
        assertFalse(FloatKernels.allFinite(new float[] {Float.NEGATIVE_INFINITY}, 0, 1));
        assertTrue(FloatKernels.allFinite(new float[] {Float.NaN, 1f}, 1, 1));
    }
}
