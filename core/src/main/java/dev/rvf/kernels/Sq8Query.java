package dev.rvf.kernels;

/**
 * An f32 query prepared against one {@link ScalarQuantizer}: distance to an SQ8-coded vector without
 * decoding it. With {@code v' = min + c * scale}:
 * <ul>
 * <li>L2: {@code sum((q - min) - scale * c)^2}, the query shifted once per query;</li>
 * <li>dot: {@code q.v' = q.min + sum((q * scale) * c)}, a constant plus one weighted sum of codes;</li>
 * <li>cosine: that dot over {@code |q| * vectorNorm}, where the caller passes the vector's cached norm (the
 *     f32 original's norm is fine: SQ8 scores only steer traversal and candidates are re-ranked exactly).</li>
 * </ul>
 */
public abstract class Sq8Query {

    /** Distance to the codes at {@code codes[off .. off+dim)}; {@code vectorNorm} is used by cosine only. */
    public abstract float distance(byte[] codes, int off, float vectorNorm);

    /** sum(w[d] * code[d]) with eight accumulators (its own order: SQ8 scores only steer traversal). */
    static float weightedSum(float[] w, byte[] c, int off, int dim) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int i = 0;
        int end8 = dim & ~7;
        for (; i < end8; i += 8) {
            int ci = off + i;
            s0 += w[i] * (c[ci] & 0xFF);
            s1 += w[i + 1] * (c[ci + 1] & 0xFF);
            s2 += w[i + 2] * (c[ci + 2] & 0xFF);
            s3 += w[i + 3] * (c[ci + 3] & 0xFF);
            s4 += w[i + 4] * (c[ci + 4] & 0xFF);
            s5 += w[i + 5] * (c[ci + 5] & 0xFF);
            s6 += w[i + 6] * (c[ci + 6] & 0xFF);
            s7 += w[i + 7] * (c[ci + 7] & 0xFF);
        }
        for (; i < dim; i++) {
            s0 += w[i] * (c[off + i] & 0xFF);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    static final class L2 extends Sq8Query {
        private final float[] shifted;
        private final float[] scale;

        L2(float[] shifted, float[] scale) {
            this.shifted = shifted;
            this.scale = scale;
        }

        @Override
        public float distance(byte[] c, int off, float vectorNorm) {
            final float[] a = shifted;
            final float[] s = scale;
            int dim = a.length;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
            int i = 0;
            int end8 = dim & ~7;
            for (; i < end8; i += 8) {
                int ci = off + i;
                float d0 = a[i] - s[i] * (c[ci] & 0xFF);
                float d1 = a[i + 1] - s[i + 1] * (c[ci + 1] & 0xFF);
                float d2 = a[i + 2] - s[i + 2] * (c[ci + 2] & 0xFF);
                float d3 = a[i + 3] - s[i + 3] * (c[ci + 3] & 0xFF);
                float d4 = a[i + 4] - s[i + 4] * (c[ci + 4] & 0xFF);
                float d5 = a[i + 5] - s[i + 5] * (c[ci + 5] & 0xFF);
                float d6 = a[i + 6] - s[i + 6] * (c[ci + 6] & 0xFF);
                float d7 = a[i + 7] - s[i + 7] * (c[ci + 7] & 0xFF);
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
                s4 += d4 * d4;
                s5 += d5 * d5;
                s6 += d6 * d6;
                s7 += d7 * d7;
            }
            for (; i < dim; i++) {
                float d = a[i] - s[i] * (c[off + i] & 0xFF);
                s0 += d * d;
            }
            return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        }
    }

    static final class Dot extends Sq8Query {
        private final float[] weights;
        private final float bias;

        Dot(float[] weights, float bias) {
            this.weights = weights;
            this.bias = bias;
        }

        @Override
        public float distance(byte[] c, int off, float vectorNorm) {
            return -(bias + weightedSum(weights, c, off, weights.length));
        }
    }

    static final class Cosine extends Sq8Query {
        private final float[] weights;
        private final float bias;
        private final float queryNorm;

        Cosine(float[] weights, float bias, float queryNorm) {
            this.weights = weights;
            this.bias = bias;
            this.queryNorm = queryNorm;
        }

        @Override
        public float distance(byte[] c, int off, float vectorNorm) {
            return CosineDistance.fromParts(bias + weightedSum(weights, c, off, weights.length), queryNorm, vectorNorm);
        }
    }
}
