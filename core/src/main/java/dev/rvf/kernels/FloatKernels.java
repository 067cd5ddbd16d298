package dev.rvf.kernels;

/**
 * The f32 arithmetic every distance is built from: dot product, squared L2 and squared norm over
 * {@code float[]} slices (vector {@code a} at {@code aOff}, {@code b} at {@code bOff}, {@code dim} elements), one
 * vector at a time or four at a time.
 *
 * <p>Two independent accumulators (lane 0 sums the even elements, lane 1 the odd ones, a last element of an odd
 * {@code dim} goes to lane 0, lanes combined as {@code s0 + s1}) break the floating-point add dependency chain:
 * HotSpot and the Wasm engines cannot reorder float additions themselves. Two lanes, not four: the four-vector
 * kernels then keep 8 accumulators (plus the query elements and differences) in the 16 float registers of x86-64;
 * with four lanes they had 16 and V8 spilled them (exact scan 10k x 128 in Node 24: L2 0.78 -> 0.43 ms, dot
 * 0.46 -> 0.43 ms). The summation order is fixed, so a given pair of vectors always gives the same bits, whichever
 * kernel or caller computes it.
 *
 * <p>The four-at-a-time kernels ({@link #dot4}, {@link #dots}, ...) score one query against four vectors in one
 * loop: each query element is loaded once for four products, and four independent memory streams are in flight,
 * which is what matters when the vectors are scattered over a storage larger than the caches (graph search). They
 * are about twice as fast per vector as four single calls, with identical results.
 *
 * <p>The squared-L2 kernels over several vectors can take a limit (exact scans pass their k-th distance): they
 * then stop summing four vectors once all four are known to be above it ({@link #LIMIT_CHUNK}).
 *
 * <p>No allocation, no bounds validation: callers check ranges at their API edge.
 */
public final class FloatKernels {
    /** Elements the four-vector squared-L2 kernel sums between two looks at its limit. */
    public static final int LIMIT_CHUNK = 16;

    private FloatKernels() {
    }

    /** Sum of a[i]*b[i], in two lanes as {@link #squaredL2}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int dim) {
        float s0 = 0f, s1 = 0f;
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int ai = aOff + i;
            int bi = bOff + i;
            s0 += a[ai] * b[bi];
            s1 += a[ai + 1] * b[bi + 1];
        }
        if (i < dim) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return s0 + s1;
    }

    /**
     * {@code out[outOff + k] = dot(q, qOff, v, offK, dim)} for the four vectors of {@code v} at o0..o3, bit for bit.
     */
    public static void dot4(float[] q, int qOff, float[] v, int o0, int o1, int o2, int o3, int dim,
                            float[] out, int outOff) {
        dot4(q, qOff, v, o0, o1, o2, o3, dim, out, outOff, 4);
    }

    /** {@link #dot4} storing only the first {@code n} results (the others repeat vectors already loaded). */
    private static void dot4(float[] q, int qOff, float[] v, int o0, int o1, int o2, int o3, int dim,
                             float[] out, int outOff, int n) {
        float a0 = 0f, a1 = 0f, b0 = 0f, b1 = 0f, c0 = 0f, c1 = 0f, d0 = 0f, d1 = 0f;
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int qi = qOff + i;
            float q0 = q[qi];
            float q1 = q[qi + 1];
            a0 += q0 * v[o0 + i];
            a1 += q1 * v[o0 + i + 1];
            b0 += q0 * v[o1 + i];
            b1 += q1 * v[o1 + i + 1];
            c0 += q0 * v[o2 + i];
            c1 += q1 * v[o2 + i + 1];
            d0 += q0 * v[o3 + i];
            d1 += q1 * v[o3 + i + 1];
        }
        if (i < dim) {
            float qv = q[qOff + i];
            a0 += qv * v[o0 + i];
            b0 += qv * v[o1 + i];
            c0 += qv * v[o2 + i];
            d0 += qv * v[o3 + i];
        }
        out[outOff] = a0 + a1;
        if (n > 1) {
            out[outOff + 1] = b0 + b1;
        }
        if (n > 2) {
            out[outOff + 2] = c0 + c1;
        }
        if (n > 3) {
            out[outOff + 3] = d0 + d1;
        }
    }

    /**
     * {@code out[outOff + j] = dot(q, qOff, v, rows[from + j] * dim, dim)} for {@code j < count}: the rows of a
     * row-major matrix {@code v} named by {@code rows}, four at a time. A remainder of two or three rows also goes
     * through the four-row kernel, with a row repeated: the repeat costs arithmetic on data already in cache, less
     * than the memory stalls of separate single calls.
     */
    public static void dots(float[] q, int qOff, float[] v, int dim, int[] rows, int from, int count,
                            float[] out, int outOff) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int r = from + j;
            dot4(q, qOff, v, rows[r] * dim, rows[r + 1] * dim, rows[r + 2] * dim, rows[r + 3] * dim, dim, out,
                    outOff + j, 4);
        }
        int rest = count - j;
        if (rest == 1) {
            out[outOff + j] = dot(q, qOff, v, rows[from + j] * dim, dim);
        } else if (rest > 1) {
            int r = from + j;
            int last = rows[r + rest - 1] * dim;
            dot4(q, qOff, v, rows[r] * dim, rows[r + 1] * dim, last, last, dim, out, outOff + j, rest);
        }
    }

    /** {@code out[outOff + j] = dot(q, qOff, v, vOff + j * dim, dim)} for {@code count} contiguous vectors. */
    public static void dotsContiguous(float[] q, int qOff, float[] v, int vOff, int count, int dim,
                                      float[] out, int outOff) {
        int j = 0;
        for (int off = vOff; j + 4 <= count; j += 4, off += 4 * dim) {
            dot4(q, qOff, v, off, off + dim, off + 2 * dim, off + 3 * dim, dim, out, outOff + j);
        }
        for (; j < count; j++) {
            out[outOff + j] = dot(q, qOff, v, vOff + j * dim, dim);
        }
    }

    /**
     * Sum of (a[i]-b[i])^2: squared Euclidean distance. Two lanes (even and odd elements, a tail element to lane 0,
     * combined as {@code s0 + s1}), unlike the four of {@link #dot}: the four-vector kernel then needs 8 accumulators
     * instead of 16, which with the differences fits the 16 float registers of x86-64 (the 4-lane version spilled
     * in V8 and ran 1.5-1.8x slower than the dot kernel).
     */
    public static float squaredL2(float[] a, int aOff, float[] b, int bOff, int dim) {
        float s0 = 0f, s1 = 0f;
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int ai = aOff + i;
            int bi = bOff + i;
            float e0 = a[ai] - b[bi];
            float e1 = a[ai + 1] - b[bi + 1];
            s0 += e0 * e0;
            s1 += e1 * e1;
        }
        if (i < dim) {
            float e = a[aOff + i] - b[bOff + i];
            s0 += e * e;
        }
        return s0 + s1;
    }

    /** {@link #squaredL2} of q against the four vectors of {@code v} at o0..o3, bit for bit. */
    public static void squaredL2x4(float[] q, int qOff, float[] v, int o0, int o1, int o2, int o3, int dim,
                                   float[] out, int outOff) {
        squaredL2x4(q, qOff, v, o0, o1, o2, o3, dim, Float.POSITIVE_INFINITY, out, outOff, 4);
    }

    /**
     * The first {@code n} squared L2 distances of q to the vectors at o0..o3. With a finite {@code limit} the sums
     * are looked at every {@link #LIMIT_CHUNK} elements and, once all four are above it, the rest is skipped and
     * the partial sums stored: a partial sum above the limit proves the whole one is (both lanes only grow, every
     * term being a square and rounding monotone), so a result not above the limit is always the full sum, bit for
     * bit. Returns how many elements of each vector were summed.
     */
    private static int squaredL2x4(float[] q, int qOff, float[] v, int o0, int o1, int o2, int o3, int dim,
                                   float limit, float[] out, int outOff, int n) {
        float a0 = 0f, a1 = 0f, b0 = 0f, b1 = 0f, c0 = 0f, c1 = 0f, d0 = 0f, d1 = 0f;
        int i = 0;
        int end2 = dim & ~1;
        while (i < end2) {
            for (int stop = Math.min(i + LIMIT_CHUNK, end2); i < stop; i += 2) {
                int qi = qOff + i;
                float q0 = q[qi];
                float q1 = q[qi + 1];
                float e0 = q0 - v[o0 + i];
                float e1 = q1 - v[o0 + i + 1];
                a0 += e0 * e0;
                a1 += e1 * e1;
                e0 = q0 - v[o1 + i];
                e1 = q1 - v[o1 + i + 1];
                b0 += e0 * e0;
                b1 += e1 * e1;
                e0 = q0 - v[o2 + i];
                e1 = q1 - v[o2 + i + 1];
                c0 += e0 * e0;
                c1 += e1 * e1;
                e0 = q0 - v[o3 + i];
                e1 = q1 - v[o3 + i + 1];
                d0 += e0 * e0;
                d1 += e1 * e1;
            }
            if (a0 + a1 > limit && b0 + b1 > limit && c0 + c1 > limit && d0 + d1 > limit) {
                break; // all four are out
            }
        }
        if (i == end2 && i < dim) {
            float qv = q[qOff + i];
            float e = qv - v[o0 + i];
            a0 += e * e;
            e = qv - v[o1 + i];
            b0 += e * e;
            e = qv - v[o2 + i];
            c0 += e * e;
            e = qv - v[o3 + i];
            d0 += e * e;
        }
        out[outOff] = a0 + a1;
        if (n > 1) {
            out[outOff + 1] = b0 + b1;
        }
        if (n > 2) {
            out[outOff + 2] = c0 + c1;
        }
        if (n > 3) {
            out[outOff + 3] = d0 + d1;
        }
        return i == end2 ? dim : i;
    }

    /** {@link #squaredL2} against the rows named by {@code rows[from .. from+count)}, as {@link #dots}. */
    public static void squaredL2s(float[] q, int qOff, float[] v, int dim, int[] rows, int from, int count,
                                  float[] out, int outOff) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int r = from + j;
            squaredL2x4(q, qOff, v, rows[r] * dim, rows[r + 1] * dim, rows[r + 2] * dim, rows[r + 3] * dim, dim,
                    Float.POSITIVE_INFINITY, out, outOff + j, 4);
        }
        int rest = count - j;
        if (rest == 1) {
            out[outOff + j] = squaredL2(q, qOff, v, rows[from + j] * dim, dim);
        } else if (rest > 1) {
            int r = from + j;
            int last = rows[r + rest - 1] * dim;
            squaredL2x4(q, qOff, v, rows[r] * dim, rows[r + 1] * dim, last, last, dim, Float.POSITIVE_INFINITY, out,
                    outOff + j, rest);
        }
    }

    /** {@link #squaredL2} against {@code count} contiguous vectors, as {@link #dotsContiguous}. */
    public static void squaredL2sContiguous(float[] q, int qOff, float[] v, int vOff, int count, int dim,
                                            float[] out, int outOff) {
        squaredL2sContiguous(q, qOff, v, vOff, count, dim, Float.POSITIVE_INFINITY, out, outOff);
    }

    /**
     * {@link #squaredL2sContiguous} where a distance above {@code limit} may come back as any value above it: four
     * vectors are dropped together once all are known to be farther (exact scans pass their k-th distance). Returns
     * the number of elements summed, for a caller that wants to know what the limit saved.
     */
    public static long squaredL2sContiguous(float[] q, int qOff, float[] v, int vOff, int count, int dim,
                                            float limit, float[] out, int outOff) {
        long summed = 0;
        int j = 0;
        for (int off = vOff; j + 4 <= count; j += 4, off += 4 * dim) {
            summed += 4L * squaredL2x4(q, qOff, v, off, off + dim, off + 2 * dim, off + 3 * dim, dim, limit, out,
                    outOff + j, 4);
        }
        for (; j < count; j++) {
            out[outOff + j] = squaredL2(q, qOff, v, vOff + j * dim, dim);
            summed += dim;
        }
        return summed;
    }

    /** Sum of a[i]^2. Bit-identical to {@code dot(a, aOff, a, aOff, dim)}. */
    public static float normSquared(float[] a, int aOff, int dim) {
        return dot(a, aOff, a, aOff, dim);
    }

    /** Euclidean norm, the value cached per vector for cosine. */
    public static float norm(float[] a, int aOff, int dim) {
        return sqrt(dot(a, aOff, a, aOff, dim));
    }

    /**
     * The square root of {@code x} rounded to float: exactly {@code (float) Math.sqrt(x)}, without calling it. Under
     * TeaVM Math.sqrt is a call out to JS (~150 ns; opening 100,000 vectors computes 100,000 norms, 15 ms of such
     * calls in Chromium). Three Newton steps in double from an estimate made on the exponent bits (relative error
     * below 1e-11), rounded to float, then checked against the two midpoints around it: a midpoint of floats has 25
     * significant bits, so its square is exact in double, and the exact root of a float is never one, so the
     * comparison picks the correctly rounded neighbour.
     */
    public static float sqrt(float x) {
        if (!(x > 0f) || x == Float.POSITIVE_INFINITY) { // zeros, negatives, NaN, infinity
            return (float) Math.sqrt(x);
        }
        double d = x;
        double y = Double.longBitsToDouble((Double.doubleToRawLongBits(d) >> 1) + 0x1FF8000000000000L);
        y = 0.5 * (y + d / y);
        y = 0.5 * (y + d / y);
        y = 0.5 * (y + d / y);
        float r = (float) y;
        int bits = Float.floatToRawIntBits(r);
        float below = Float.intBitsToFloat(bits - 1);
        float above = Float.intBitsToFloat(bits + 1);
        double low = ((double) r + below) * 0.5;
        double high = ((double) r + above) * 0.5;
        if (d < low * low) {
            return below;
        }
        return d > high * high ? above : r;
    }

    /**
     * {@code acc[i] += weight * v[i]} for {@code dim} elements (f32 product, then f32 sum; no fused multiply-add):
     * running sums and centroids.
     */
    public static void addScaled(float[] acc, int accOff, float[] v, int vOff, float weight, int dim) {
        for (int i = 0; i < dim; i++) {
            acc[accOff + i] += weight * v[vOff + i];
        }
    }

    /** True when every element is finite (no NaN, no infinity). */
    public static boolean allFinite(float[] a, int aOff, int dim) {
        for (int i = 0; i < dim; i++) {
            float v = a[aOff + i];
            if (v - v != 0f) { // NaN - NaN and inf - inf are NaN; finite - itself is 0
                return false;
            }
        }
        return true;
    }
}
