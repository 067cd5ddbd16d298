package dev.rvf.index;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.RvfException;
import dev.rvf.kernels.CosineDistance;
import dev.rvf.kernels.DotProductDistance;
import dev.rvf.kernels.FloatKernels;
import dev.rvf.kernels.L2Distance;

/**
 * Exact f32 scoring over a {@link VectorStorage} for one metric: query scorers and node-to-node distances.
 * One subclass per metric; cosine uses the storage's cached norms (one dot product per distance). The batch
 * methods use the four-at-a-time kernels ({@link FloatKernels#dots}), which give the same bits as single calls.
 *
 * <p>Scorers read the storage's live arrays when created: a scorer must not outlive a growth of the storage
 * (search and insert never add vectors while scoring).
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

    /** Scorer whose query is stored vector {@code ordinal}. */
    public abstract OrdinalScorer node(int ordinal);

    /** Distance between two stored vectors. */
    public abstract float distance(int a, int b);

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
            return new L2Scorer(q, qOff, storage.data(), storage.dim());
        }

        @Override
        public OrdinalScorer node(int ordinal) {
            float[] data = storage.data();
            return new L2Scorer(data, ordinal * storage.dim(), data, storage.dim());
        }

        @Override
        public float distance(int a, int b) {
            int dim = storage.dim();
            float[] data = storage.data();
            return FloatKernels.squaredL2(data, a * dim, data, b * dim, dim);
        }

        @Override
        public void distances(int a, int[] others, int from, int count, float[] out) {
            int dim = storage.dim();
            float[] data = storage.data();
            FloatKernels.squaredL2s(data, a * dim, data, dim, others, from, count, out, 0);
        }
    }

    private static final class L2Scorer extends OrdinalScorer {
        private final float[] q;
        private final int qOff;
        private final float[] data;
        private final int dim;

        L2Scorer(float[] q, int qOff, float[] data, int dim) {
            this.q = q;
            this.qOff = qOff;
            this.data = data;
            this.dim = dim;
        }

        @Override
        public float distance(int ordinal) {
            return FloatKernels.squaredL2(q, qOff, data, ordinal * dim, dim);
        }

        @Override
        public void distances(int[] ordinals, int count, float[] out) {
            FloatKernels.squaredL2s(q, qOff, data, dim, ordinals, 0, count, out, 0);
        }

        @Override
        public void distanceRange(int from, int count, float[] out) {
            L2Distance.INSTANCE.distances(q, qOff, data, from * dim, count, dim, out, 0);
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
            return new DotScorer(q, qOff, storage.data(), storage.dim());
        }

        @Override
        public OrdinalScorer node(int ordinal) {
            float[] data = storage.data();
            return new DotScorer(data, ordinal * storage.dim(), data, storage.dim());
        }

        @Override
        public float distance(int a, int b) {
            int dim = storage.dim();
            float[] data = storage.data();
            return -FloatKernels.dot(data, a * dim, data, b * dim, dim);
        }

        @Override
        public void distances(int a, int[] others, int from, int count, float[] out) {
            int dim = storage.dim();
            float[] data = storage.data();
            FloatKernels.dots(data, a * dim, data, dim, others, from, count, out, 0);
            for (int j = 0; j < count; j++) {
                out[j] = -out[j];
            }
        }
    }

    private static final class DotScorer extends OrdinalScorer {
        private final float[] q;
        private final int qOff;
        private final float[] data;
        private final int dim;

        DotScorer(float[] q, int qOff, float[] data, int dim) {
            this.q = q;
            this.qOff = qOff;
            this.data = data;
            this.dim = dim;
        }

        @Override
        public float distance(int ordinal) {
            return -FloatKernels.dot(q, qOff, data, ordinal * dim, dim);
        }

        @Override
        public void distances(int[] ordinals, int count, float[] out) {
            FloatKernels.dots(q, qOff, data, dim, ordinals, 0, count, out, 0);
            for (int j = 0; j < count; j++) {
                out[j] = -out[j];
            }
        }

        @Override
        public void distanceRange(int from, int count, float[] out) {
            DotProductDistance.INSTANCE.distances(q, qOff, data, from * dim, count, dim, out, 0);
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
            int dim = storage.dim();
            return new CosineScorer(q, qOff, FloatKernels.norm(q, qOff, dim), storage.data(), storage.norms(), dim);
        }

        @Override
        public OrdinalScorer node(int ordinal) {
            float[] data = storage.data();
            float[] norms = storage.norms();
            return new CosineScorer(data, ordinal * storage.dim(), norms[ordinal], data, norms, storage.dim());
        }

        @Override
        public float distance(int a, int b) {
            int dim = storage.dim();
            float[] data = storage.data();
            float[] norms = storage.norms();
            return CosineDistance.fromParts(FloatKernels.dot(data, a * dim, data, b * dim, dim), norms[a], norms[b]);
        }

        @Override
        public void distances(int a, int[] others, int from, int count, float[] out) {
            int dim = storage.dim();
            float[] data = storage.data();
            float[] norms = storage.norms();
            FloatKernels.dots(data, a * dim, data, dim, others, from, count, out, 0);
            float normA = norms[a];
            for (int j = 0; j < count; j++) {
                out[j] = CosineDistance.fromParts(out[j], normA, norms[others[from + j]]);
            }
        }
    }

    private static final class CosineScorer extends OrdinalScorer {
        private final float[] q;
        private final int qOff;
        private final float qNorm;
        private final float[] data;
        private final float[] norms;
        private final int dim;

        CosineScorer(float[] q, int qOff, float qNorm, float[] data, float[] norms, int dim) {
            this.q = q;
            this.qOff = qOff;
            this.qNorm = qNorm;
            this.data = data;
            this.norms = norms;
            this.dim = dim;
        }

        @Override
        public float distance(int ordinal) {
            return CosineDistance.fromParts(FloatKernels.dot(q, qOff, data, ordinal * dim, dim), qNorm, norms[ordinal]);
        }

        @Override
        public void distances(int[] ordinals, int count, float[] out) {
            FloatKernels.dots(q, qOff, data, dim, ordinals, 0, count, out, 0);
            for (int j = 0; j < count; j++) {
                out[j] = CosineDistance.fromParts(out[j], qNorm, norms[ordinals[j]]);
            }
        }

        @Override
        public void distanceRange(int from, int count, float[] out) {
            CosineDistance.distancesWithNorms(q, qOff, qNorm, data, from * dim, norms, from, count, dim, out, 0);
        }
    }
}
