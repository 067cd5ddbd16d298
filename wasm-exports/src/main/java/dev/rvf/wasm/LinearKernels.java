package dev.rvf.wasm;

import dev.rvf.kernels.FloatKernels;
import org.teavm.interop.Address;

/**
 * {@link FloatKernels} with the stored vectors in linear memory: a query in a Java {@code float[]} against rows at
 * addresses (unchecked memory loads instead of bounds-checked GC-array loads). Same two lanes, same summation
 * order, so every result has the bits {@link FloatKernels} gives for the same values. Rows are addressed through a
 * table ({@code rows[ordinal]} = address of its first f32), since they sit in the records of a file (stride
 * {@code 8 + 4 dim}, gaps between segments) or in blocks of the storage's own.
 *
 * <p>Each row pointer advances by 8 bytes per step ({@code p = p.add(8)}) rather than being recomputed from the
 * row start: TeaVM emits no load offsets, and the recomputing form ran the 100k x 384 exact scan ~10 % slower than
 * the {@code float[]} kernels did, this one ~4 % faster (same process, alternating passes).
 */
final class LinearKernels {
    private LinearKernels() {
    }

    static float dot(float[] q, int qOff, int row, int dim) {
        float s0 = 0f, s1 = 0f;
        Address p = Address.fromInt(row);
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int qi = qOff + i;
            s0 += q[qi] * p.getFloat();
            s1 += q[qi + 1] * p.add(4).getFloat();
            p = p.add(8);
        }
        if (i < dim) {
            s0 += q[qOff + i] * p.getFloat();
        }
        return s0 + s1;
    }

    /** {@code dot(row, row)}, each element loaded once. */
    static float squaredNorm(int row, int dim) {
        float s0 = 0f, s1 = 0f;
        Address p = Address.fromInt(row);
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            float x0 = p.getFloat();
            float x1 = p.add(4).getFloat();
            s0 += x0 * x0;
            s1 += x1 * x1;
            p = p.add(8);
        }
        if (i < dim) {
            float x = p.getFloat();
            s0 += x * x;
        }
        return s0 + s1;
    }

    static float squaredL2(float[] q, int qOff, int row, int dim) {
        float s0 = 0f, s1 = 0f;
        Address p = Address.fromInt(row);
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int qi = qOff + i;
            float e0 = q[qi] - p.getFloat();
            float e1 = q[qi + 1] - p.add(4).getFloat();
            s0 += e0 * e0;
            s1 += e1 * e1;
            p = p.add(8);
        }
        if (i < dim) {
            float e = q[qOff + i] - p.getFloat();
            s0 += e * e;
        }
        return s0 + s1;
    }

    /** The first {@code n} of the dot products of q with rows r0..r3 (repeats beyond n are not stored). */
    private static void dot4(float[] q, int qOff, int r0, int r1, int r2, int r3, int dim, float[] out, int outOff,
            int n) {
        float a0 = 0f, a1 = 0f, b0 = 0f, b1 = 0f, c0 = 0f, c1 = 0f, d0 = 0f, d1 = 0f;
        Address p0 = Address.fromInt(r0);
        Address p1 = Address.fromInt(r1);
        Address p2 = Address.fromInt(r2);
        Address p3 = Address.fromInt(r3);
        int i = 0;
        for (int end2 = dim & ~1; i < end2; i += 2) {
            int qi = qOff + i;
            float q0 = q[qi];
            float q1 = q[qi + 1];
            a0 += q0 * p0.getFloat();
            a1 += q1 * p0.add(4).getFloat();
            b0 += q0 * p1.getFloat();
            b1 += q1 * p1.add(4).getFloat();
            c0 += q0 * p2.getFloat();
            c1 += q1 * p2.add(4).getFloat();
            d0 += q0 * p3.getFloat();
            d1 += q1 * p3.add(4).getFloat();
            p0 = p0.add(8);
            p1 = p1.add(8);
            p2 = p2.add(8);
            p3 = p3.add(8);
        }
        if (i < dim) {
            float qv = q[qOff + i];
            a0 += qv * p0.getFloat();
            b0 += qv * p1.getFloat();
            c0 += qv * p2.getFloat();
            d0 += qv * p3.getFloat();
        }
        store4(out, outOff, n, a0 + a1, b0 + b1, c0 + c1, d0 + d1);
    }

    /** {@link #dot4} for squared L2, with {@link FloatKernels}' limit; returns the elements summed per row. */
    private static int squaredL2x4(float[] q, int qOff, int r0, int r1, int r2, int r3, int dim, float limit,
            float[] out, int outOff, int n) {
        float a0 = 0f, a1 = 0f, b0 = 0f, b1 = 0f, c0 = 0f, c1 = 0f, d0 = 0f, d1 = 0f;
        Address p0 = Address.fromInt(r0);
        Address p1 = Address.fromInt(r1);
        Address p2 = Address.fromInt(r2);
        Address p3 = Address.fromInt(r3);
        int i = 0;
        int end2 = dim & ~1;
        while (i < end2) {
            for (int stop = Math.min(i + FloatKernels.LIMIT_CHUNK, end2); i < stop; i += 2) {
                int qi = qOff + i;
                float q0 = q[qi];
                float q1 = q[qi + 1];
                float e0 = q0 - p0.getFloat();
                float e1 = q1 - p0.add(4).getFloat();
                a0 += e0 * e0;
                a1 += e1 * e1;
                e0 = q0 - p1.getFloat();
                e1 = q1 - p1.add(4).getFloat();
                b0 += e0 * e0;
                b1 += e1 * e1;
                e0 = q0 - p2.getFloat();
                e1 = q1 - p2.add(4).getFloat();
                c0 += e0 * e0;
                c1 += e1 * e1;
                e0 = q0 - p3.getFloat();
                e1 = q1 - p3.add(4).getFloat();
                d0 += e0 * e0;
                d1 += e1 * e1;
                p0 = p0.add(8);
                p1 = p1.add(8);
                p2 = p2.add(8);
                p3 = p3.add(8);
            }
            if (a0 + a1 > limit && b0 + b1 > limit && c0 + c1 > limit && d0 + d1 > limit) {
                break;
            }
        }
        if (i == end2 && i < dim) {
            float qv = q[qOff + i];
            float e = qv - p0.getFloat();
            a0 += e * e;
            e = qv - p1.getFloat();
            b0 += e * e;
            e = qv - p2.getFloat();
            c0 += e * e;
            e = qv - p3.getFloat();
            d0 += e * e;
        }
        store4(out, outOff, n, a0 + a1, b0 + b1, c0 + c1, d0 + d1);
        return i == end2 ? dim : i;
    }

    private static void store4(float[] out, int outOff, int n, float a, float b, float c, float d) {
        out[outOff] = a;
        if (n > 1) {
            out[outOff + 1] = b;
        }
        if (n > 2) {
            out[outOff + 2] = c;
        }
        if (n > 3) {
            out[outOff + 3] = d;
        }
    }

    /**
     * {@code out[outOff + j] = dot(q, rows[ordinals[from + j]])}, four rows at a time; a remainder of two or three
     * rows goes through the four-row kernel with a row repeated, as {@link FloatKernels#dots}.
     */
    static void dots(float[] q, int qOff, int[] rows, int[] ordinals, int from, int count, int dim, float[] out,
            int outOff) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int r = from + j;
            dot4(q, qOff, rows[ordinals[r]], rows[ordinals[r + 1]], rows[ordinals[r + 2]], rows[ordinals[r + 3]],
                    dim, out, outOff + j, 4);
        }
        int rest = count - j;
        if (rest == 1) {
            out[outOff + j] = dot(q, qOff, rows[ordinals[from + j]], dim);
        } else if (rest > 1) {
            int r = from + j;
            int last = rows[ordinals[r + rest - 1]];
            dot4(q, qOff, rows[ordinals[r]], rows[ordinals[r + 1]], last, last, dim, out, outOff + j, rest);
        }
    }

    /** {@link #dots} for squared L2. */
    static void squaredL2s(float[] q, int qOff, int[] rows, int[] ordinals, int from, int count, int dim,
            float[] out, int outOff) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int r = from + j;
            squaredL2x4(q, qOff, rows[ordinals[r]], rows[ordinals[r + 1]], rows[ordinals[r + 2]],
                    rows[ordinals[r + 3]], dim, Float.POSITIVE_INFINITY, out, outOff + j, 4);
        }
        int rest = count - j;
        if (rest == 1) {
            out[outOff + j] = squaredL2(q, qOff, rows[ordinals[from + j]], dim);
        } else if (rest > 1) {
            int r = from + j;
            int last = rows[ordinals[r + rest - 1]];
            squaredL2x4(q, qOff, rows[ordinals[r]], rows[ordinals[r + 1]], last, last, dim, Float.POSITIVE_INFINITY,
                    out, outOff + j, rest);
        }
    }

    /** Dot products with rows {@code first .. first+count-1}, four at a time. */
    static void dotRange(float[] q, int qOff, int[] rows, int first, int count, int dim, float[] out, int outOff) {
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int r = first + j;
            dot4(q, qOff, rows[r], rows[r + 1], rows[r + 2], rows[r + 3], dim, out, outOff + j, 4);
        }
        for (; j < count; j++) {
            out[outOff + j] = dot(q, qOff, rows[first + j], dim);
        }
    }

    /** {@link FloatKernels#squaredL2sContiguous} with a limit, for rows {@code first .. first+count-1}. */
    static long squaredL2Range(float[] q, int qOff, int[] rows, int first, int count, int dim, float limit,
            float[] out, int outOff) {
        long summed = 0;
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            int r = first + j;
            summed += 4L * squaredL2x4(q, qOff, rows[r], rows[r + 1], rows[r + 2], rows[r + 3], dim, limit, out,
                    outOff + j, 4);
        }
        for (; j < count; j++) {
            out[outOff + j] = squaredL2(q, qOff, rows[first + j], dim);
            summed += dim;
        }
        return summed;
    }
}
