package dev.rvf.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rvf.Metric;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfKernelsTest {

    @Test
    void halfKernelsEqualFloatKernelsOnWidenedDataAndMatchReference() {
        Random rnd = new Random(21);
        for (int dim : FloatKernelsTest.DIMS) {
            for (int trial = 0; trial < 10; trial++) {
                int qo = rnd.nextInt(4);
                int ho = rnd.nextInt(6);
                float[] q = FloatKernelsTest.randomArray(rnd, qo + dim, 1f);
                float[] raw = FloatKernelsTest.randomArray(rnd, dim, 2f);
                short[] h = new short[ho + dim + 2];
                Float16.encode(raw, 0, h, ho, dim);
                float[] widened = new float[dim];
                Float16.decode(h, ho, widened, 0, dim);

                // Same lane order as the f32 kernels: bit-identical on the widened vector.
                assertEquals(FloatKernels.dot(q, qo, widened, 0, dim), HalfKernels.dot(q, qo, h, ho, dim), 0f);
                assertEquals(FloatKernels.squaredL2(q, qo, widened, 0, dim), HalfKernels.squaredL2(q, qo, h, ho, dim), 0f);
                assertEquals(FloatKernels.norm(widened, 0, dim), HalfKernels.norm(h, ho, dim), 0f);
                assertEquals(CosineDistance.INSTANCE.distance(q, qo, widened, 0, dim),
                        HalfKernels.distance(Metric.COSINE, q, qo, h, ho, dim), 0f);

                double mag = FloatKernelsTest.refAbsDot(q, qo, widened, 0, dim);
                assertEquals(FloatKernelsTest.refDot(q, qo, widened, 0, dim), HalfKernels.dot(q, qo, h, ho, dim),
                        2e-6 * mag + 1e-30);
                double l2 = FloatKernelsTest.refL2(q, qo, widened, 0, dim);
                assertEquals(l2, HalfKernels.distance(Metric.L2, q, qo, h, ho, dim), 2e-6 * l2);
                assertEquals(-FloatKernelsTest.refDot(q, qo, widened, 0, dim),
                        HalfKernels.distance(Metric.DOT_PRODUCT, q, qo, h, ho, dim), 2e-6 * mag + 1e-30);
                assertEquals(FloatKernelsTest.refCosine(q, qo, widened, 0, dim),
                        HalfKernels.cosine(q, qo, FloatKernels.norm(q, qo, dim), h, ho, HalfKernels.norm(h, ho, dim), dim),
                        2e-6);
            }
        }
    }
}
