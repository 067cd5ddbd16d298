package dev.rvf.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The helpers the Wasm ABI uses to run the kernels over data copied out of linear memory piece by piece. */
class ChunkedKernelHelpersTest {

    @Test
    void trainingInPiecesEqualsTrainingAtOnce() {
        Random random = new Random(7);
        int dim = 5;
        int count = 37;
        float[] data = new float[count * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian() * 3;
        }
        data[3] = 2f; // one dimension of constant value: zero-width range
        for (int v = 0; v < count; v++) {
            data[v * dim + 3] = 2f;
        }
        ScalarQuantizer whole = ScalarQuantizer.train(data, 0, count, dim);
        ScalarQuantizer.Trainer trainer = new ScalarQuantizer.Trainer(dim);
        for (int first = 0; first < count; first += 8) {
            int n = Math.min(8, count - first);
            float[] piece = new float[n * dim];
            System.arraycopy(data, first * dim, piece, 0, n * dim);
            trainer.add(piece, 0, n);
        }
        ScalarQuantizer pieces = trainer.build();
        for (int d = 0; d < dim; d++) {
            assertEquals(whole.min(d), pieces.min(d));
            assertEquals(whole.max(d), pieces.max(d));
            assertEquals(whole.scale(d), pieces.scale(d));
        }
        assertEquals(3f, pieces.max(3), "a zero-width range gets max = min + 1");
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(RvfException.class, () -> new ScalarQuantizer.Trainer(dim).build()).errorCode());
        ScalarQuantizer.Trainer withNaN = new ScalarQuantizer.Trainer(1);
        withNaN.add(new float[] {Float.NaN, 1f}, 0, 2);
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(RvfException.class, withNaN::build).errorCode());
    }

    @Test
    void staticDequantizeUsesTheReportedMinAndScale() {
        float[] data = {0f, -1f, 10f, 1f, 5f, 0f};
        ScalarQuantizer sq = ScalarQuantizer.train(data, 0, 3, 2);
        byte[] codes = new byte[6];
        sq.quantizeAll(data, 0, 3, codes, 0);
        float[] min = {sq.min(0), sq.min(1)};
        float[] scale = {sq.scale(0), sq.scale(1)};
        for (int v = 0; v < 3; v++) {
            float[] viaInstance = new float[2];
            float[] viaStatic = new float[2];
            sq.dequantize(codes, v * 2, viaInstance, 0);
            ScalarQuantizer.dequantize(codes, v * 2, min, scale, 2, viaStatic, 0);
            assertArrayEquals(viaInstance, viaStatic);
            assertEquals(min[0] + (codes[v * 2] & 0xFF) * scale[0], viaStatic[0]);
        }
    }

    @Test
    void addScaledAddsTheWeightedVectorInF32() {
        float[] acc = {1f, 2f, 3f, 0.1f};
        float[] v = {0f, 9f, 1f, 4f, 4f};
        FloatKernels.addScaled(acc, 1, v, 2, 0.5f, 3);
        assertArrayEquals(new float[] {1f, 2.5f, 5f, 2.1f}, acc);
        float[] one = {0.1f};
        FloatKernels.addScaled(one, 0, new float[] {0.3f}, 0, 0.7f, 1);
        assertEquals(0.1f + 0.7f * 0.3f, one[0]);
    }
}
