package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.util.ArrayLimit;

/** A growable little-endian byte buffer. */
public final class ByteWriter {
    /** Largest array the JVM and TeaVM reliably allocate. */
    private static final int MAX_SIZE = ArrayLimit.MAX_BYTES;

    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** The backing array; bytes {@code 0..size()} are valid. Do not keep it across writes. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        byte[] out = new byte[size];
        System.arraycopy(buf, 0, out, 0, size);
        return out;
    }

    /**
     * Reserves {@code n} bytes and returns where they start. It may replace {@code buf}, so callers must call it
     * before reading the {@code buf} field.
     */
    private int grow(long n) {
        long need = size + n;
        if (n < 0 || need > MAX_SIZE) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "buffer would exceed " + MAX_SIZE + " bytes");
        }
        if (need > buf.length) {
            // x1.5, not x2: a log of a few hundred MB (a whole vector file) should not double for one more segment
            long cap = Math.max(need, Math.min((long) MAX_SIZE, buf.length + (buf.length >> 1) + 64L));
            byte[] nb = new byte[(int) cap];
            System.arraycopy(buf, 0, nb, 0, size);
            buf = nb;
        }
        int at = size;
        size = (int) need;
        return at;
    }

    /** Makes room for {@code n} more bytes without writing them. */
    public void ensureCapacity(long n) {
        int at = grow(n);
        size = at;
    }

    /** Overwrites bytes already written, at {@code pos..pos+b.length}. */
    public void overwrite(int pos, byte[] b) {
        if (pos < 0 || pos > size - b.length) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "overwrite outside the written bytes");
        }
        System.arraycopy(b, 0, buf, pos, b.length);
    }

    public ByteWriter u8(int v) {
        int p = grow(1);
        buf[p] = (byte) v;
        return this;
    }

    public ByteWriter u16(int v) {
        int p = grow(2);
        LittleEndian.putU16(buf, p, v);
        return this;
    }

    public ByteWriter u16BigEndian(int v) {
        int p = grow(2);
        LittleEndian.putU16BigEndian(buf, p, v);
        return this;
    }

    public ByteWriter u32(long v) {
        int p = grow(4);
        LittleEndian.putI32(buf, p, (int) v);
        return this;
    }

    public ByteWriter u64(long v) {
        int p = grow(8);
        LittleEndian.putU64(buf, p, v);
        return this;
    }

    public ByteWriter f32(float v) {
        int p = grow(4);
        LittleEndian.putF32(buf, p, v);
        return this;
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        int p = grow(len);
        System.arraycopy(b, off, buf, p, len);
        return this;
    }

    public ByteWriter zeros(int n) {
        grow(n); // new arrays are zero-filled, and bytes past size are never dirty (no truncation API)
        return this;
    }

    /** Writes {@code n} floats from {@code src[off..]}. */
    public ByteWriter floats(float[] src, int off, int n) {
        int p = grow(4L * n);
        for (int i = 0; i < n; i++, p += 4) {
            LittleEndian.putF32(buf, p, src[off + i]);
        }
        return this;
    }
}
