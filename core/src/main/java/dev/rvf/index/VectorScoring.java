package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.kernels.CosineDistance;
import dev.rvf.kernels.FloatKernels;

/**
 * Exact f32 scoring over a {@link VectorStorage} for one metric: query scorers and node-to-node distances, built
 * from the storage's kernels (dot product or squared L2; cosine divides by the storage's cached norms, one dot
 * product per distance). The batch methods use the four-at-a-time kernels, which give the same bits as single
 * calls. Node-to-node distances copy the first node out once and score it as a query.
 */
public abstract class VectorScoring {
    final VectorStorage storage;

    VectorScoring(VectorStorage storage) {
        this.storage = storage;
    }

    public static VectorScoring of(VectorStorage storage, Metric metric) {
        switch (metric) {
            case L2:
                return new L2(storage);
            case DOT_PRODUCT:
                return new Dot(storage);
            case COSINE:
                if (!storage.cachesNorms()) {
                    throw new RvfException(ErrorCode.INVALID_ARGUMENT, "cosine needs a storage that caches norms");
                }
                return new Cosine(storage);
            default:
                throw new RvfException(ErrorCode.UNSUPPORTED, "metric " + metric);
        }
    }

    public abstract Metric metric();

    /** Scorer for an external query {@code q[qOff .. qOff+dim)}. The array is read, not copied. */
    public abstract OrdinalScorer query(float[] q, int qOff);

    /** Scorer whose query is (a copy of) stored vector {@code ordinal}. */
    public OrdinalScorer node(int ordinal) {
        float[] q = new float[storage.dim()];
        storage.copyVector(ordinal, q, 0);
        return query(q, 0);
    }

    /** Distance between two stored vectors. */
    public float distance(int a, int b) {
        return query(storage.pivot(a), 0).distance(b);
    }

    /**
     * {@code out[j] = distance(a, others[from + j])} for {@code j < count}, four at a time (bit for bit the same
     * values as single calls).
     */
    public abstract void distances(int a, int[] others, int from, int count, float[] out);

    // ---------------------------------------------------------------------------------------------------------

    private static final class L2 extends VectorScoring {
        L2(VectorStorage s) {
            super(s);
        }

        @Override
        public Metric metric() {
            return Metric.L2;
        }

        @Override
        public OrdinalScorer query(float[] q, int qOff) {
            return new L2Scorer(storage, q, qOff);
        }

        @Override
        public void distances(int a, int[] others, int from, int count, float[] out) {
            storage.squaredL2s(storage.pivot(a), 0, others, from, count, out, 0);
        }
    }

    private static final class L2Scorer extends OrdinalScorer {
        private final VectorStorage storage;
        private final float[] q;
        private final int qOff;
        /** The query's squared norm and norm, for {@link #lowerBoundRange} (computed on first use). */
        private float qq = Float.NaN;
        private float qNorm;

        L2Scorer(VectorStorage storage, float[] q, int qOff) {
            this.storage = storage;
            this.q = q;
            this.qOff = qOff;
        }

        /**
         * Lower bounds from the norm form {@code |q|^2 + |x|^2 - 2 q.x}: one dot product per vector (the dot kernel
         * does two float operations per element where squared L2 does three, and the kernels are bound by them).
         * The norm form and the squared-L2 kernel each differ from the true distance by at most
         * {@code gamma(dim + 6) (|q| + |x|)^2} (two-lane sums, the cached norm squared, the final subtraction; gamma(k)
         * = k u / (1 - k u), u = 2^-24); the bound subtracts twice that with room to spare, plus an absolute term
         * for underflow. Without cached norms, or when an intermediate overflows (the bound is then NaN or
         * -infinity, which rejects nothing), exactness costs only speed.
         */
        @Override
        public boolean lowerBoundRange(int from, int count, float[] out) {
            float[] norms = storage.norms();
            if (norms == null) {
                distanceRange(from, count, out);
                return true;
            }
            int dim = storage.dim();
            if (qq != qq) {
                qq = FloatKernels.normSquared(q, qOff, dim);
                qNorm = (float) Math.sqrt(qq);
            }
            float slack = 4f * (dim + 8) * 0x1p-24f;
            float tiny = 4f * (dim + 8) * Float.MIN_NORMAL;
            storage.dotRange(q, qOff, from, count, out, 0);
            for (int j = 0; j < count; j++) {
                float xn = norms[from + j];
                float s = qNorm + xn;
                out[j] = (qq + xn * xn - 2f * out[j]) - (slack * s * s + tiny);
            }
            return false;
        }

        @Override
        public float distance(int ordinal) {
            return storage.squaredL2(q, qOff, ordinal);
        }

        @Override
        public void distances(int[] ordinals, int count, float[] out) {
            storage.squaredL2s(q, qOff, ordinals, 0, count, out, 0);
        }

        @Override
        public void distanceRange(int from, int count, float[] out) {
            storage.squaredL2Range(q, qOff, from, count, out, 0);
        }
    }

    private static final class Dot extends VectorScoring {
        Dot(VectorStorage s) {
            super(s);
        }

        @Override
        public Metric metric() {
            return Metric.DOT_PRODUCT;
        }

        @Override
        public OrdinalScorer query(float[] q, int qOff) {
            return new DotScorer(storage, q, qOff);
        }

        @Override
        public void distances(int a, int[] others, int from, int count, float[] out) {
            storage.dots(storage.pivot(a), 0, others, from, count, out, 0);
            negate(out, count);
        }
    }

    private static void negate(float[] out, int count) {
        for (int j = 0; j < count; j++) {
            out[j] = -out[j];
        }
    }

    private static final class DotScorer extends OrdinalScorer {
        private final VectorStorage storage;
        private final float[] q;
        private final int qOff;

        DotScorer(VectorStorage storage, float[] q, int qOff) {
            this.storage = storage;
            this.q = q;
            this.qOff = qOff;
        }

        @Override
        public float distance(int ordinal) {
            return -storage.dot(q, qOff, ordinal);
        }

        @Override
        public void distances(int[] ordinals, int count, float[] out) {
            storage.dots(q, qOff, ordinals, 0, count, out, 0);
            negate(out, count);
        }

        @Override
        public void distanceRange(int from, int count, float[] out) {
            storage.dotRange(q, qOff, from, count, out, 0);
            negate(out, count);
        }
    }

    private static final class Cosine extends VectorScoring {
        Cosine(VectorStorage s) {
            super(s);
        }

        @Override
        public Metric metric() {
            return Metric.COSINE;
        }

        @Override
        public OrdinalScorer query(float[] q, int qOff) {
            return new CosineScorer(storage, q, qOff, FloatKernels.norm(q, qOff, storage.dim()));
        }

        @Override
        public void distances(int a, int[] others, int from, int count, float[] out) {
            storage.dots(storage.pivot(a), 0, others, from, count, out, 0);
            float[] norms = storage.norms();
            float normA = norms[a];
            for (int j = 0; j < count; j++) {
                out[j] = CosineDistance.fromParts(out[j], normA, norms[others[from + j]]);
            }
        }
    }

    private static final class CosineScorer extends OrdinalScorer {
        private final VectorStorage storage;
        private final float[] q;
        private final int qOff;
        private final float qNorm;

        CosineScorer(VectorStorage storage, float[] q, int qOff, float qNorm) {
            this.storage = storage;
            this.q = q;
            this.qOff = qOff;
            this.qNorm = qNorm;
        }

        @Override
        public float distance(int ordinal) {
            return CosineDistance.fromParts(storage.dot(q, qOff, ordinal), qNorm, storage.norms()[ordinal]);
        }

        @Override
        public void distances(int[] ordinals, int count, float[] out) {
            storage.dots(q, qOff, ordinals, 0, count, out, 0);
            float[] norms = storage.norms();
            for (int j = 0; j < count; j++) {
                out[j] = CosineDistance.fromParts(out[j], qNorm, norms[ordinals[j]]);
            }
        }

        @Override
        public void distanceRange(int from, int count, float[] out) {
            storage.dotRange(q, qOff, from, count, out, 0);
            float[] norms = storage.norms();
            for (int j = 0; j < count; j++) {
                out[j] = CosineDistance.fromParts(out[j], qNorm, norms[from + j]);
            }
        }
    }
}
