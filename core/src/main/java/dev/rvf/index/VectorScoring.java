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
        /** The longest run of blocks scanned through the norm form before stopping early is tried again. */
        private static final int MAX_NORM_FORM_RUN = 8;

        private final VectorStorage storage;
        private final float[] q;
        private final int qOff;
        /** The query's squared norm and norm, for the norm form (computed on first use). */
        private float qq = Float.NaN;
        private float qNorm;
        /** Blocks left before {@link #distancesWithin} tries stopping early again, and the next such run. */
        private int normFormBlocks;
        private int normFormRun = 2;

        L2Scorer(VectorStorage storage, float[] q, int qOff) {
            this.storage = storage;
            this.q = q;
            this.qOff = qOff;
        }

        @Override
        public boolean stopsEarly() {
            return true;
        }

        /**
         * Two ways, both exact, picked by what the data rewards. Stopping early: the four-vector kernel sums 16
         * elements at a time and drops four vectors once all are above the limit; with clustered data most are out
         * after one to three chunks. The norm form: one dot product per vector (two float operations per element
         * where squared L2 takes three) gives a lower bound that rejects most vectors, and the rest are scored by
         * the squared-L2 kernel. When early stopping summed more than two thirds of the elements (data with no
         * clusters, where distances concentrate, or a k-th distance still loose), the next blocks use the norm
         * form (when the storage caches norms), then early stopping is tried again; each failure in a row doubles
         * the run (up to 8 blocks).
         */
        @Override
        public int distancesWithin(int from, int count, float limit, int[] ordinals, float[] distances) {
            if (normFormBlocks > 0) {
                normFormBlocks--;
                return withinByNormForm(from, count, limit, ordinals, distances);
            }
            long summed = storage.squaredL2Range(q, qOff, from, count, limit, distances, 0);
            if (storage.norms() != null && limit < Float.POSITIVE_INFINITY
                    && 3 * summed > 2L * count * storage.dim()) {
                normFormBlocks = normFormRun;
                normFormRun = Math.min(2 * normFormRun, MAX_NORM_FORM_RUN);
            } else {
                normFormRun = 2;
            }
            return keepWithin(from, count, limit, ordinals, distances);
        }

        /**
         * Lower bounds from the norm form {@code |q|^2 + |x|^2 - 2 q.x}, the vectors they do not reject scored by
         * the squared-L2 kernel. The norm form and the kernel each differ from the true distance by at most
         * {@code gamma(dim + 6) (|q| + |x|)^2} (two-lane sums, the cached norm squared, the final subtraction;
         * gamma(k) = k u / (1 - k u), u = 2^-24); the bound subtracts twice that with room to spare, plus an absolute
         * term for underflow. When an intermediate overflows the bound is NaN or -infinity and rejects nothing.
         */
        private int withinByNormForm(int from, int count, float limit, int[] ordinals, float[] distances) {
            float[] norms = storage.norms();
            int dim = storage.dim();
            if (qq != qq) {
                qq = FloatKernels.normSquared(q, qOff, dim);
                qNorm = FloatKernels.sqrt(qq);
            }
            float slack = 4f * (dim + 8) * 0x1p-24f;
            float tiny = 4f * (dim + 8) * Float.MIN_NORMAL;
            storage.dotRange(q, qOff, from, count, distances, 0);
            int m = 0;
            for (int j = 0; j < count; j++) {
                float xn = norms[from + j];
                float s = qNorm + xn;
                float bound = (qq + xn * xn - 2f * distances[j]) - (slack * s * s + tiny);
                if (!(bound > limit)) {
                    float d = storage.squaredL2(q, qOff, from + j);
                    if (!(d > limit)) {
                        ordinals[m] = from + j;
                        distances[m++] = d;
                    }
                }
            }
            return m;
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
            storage.squaredL2Range(q, qOff, from, count, Float.POSITIVE_INFINITY, out, 0);
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
