package dev.rvf.format;

/**
 * A {@link FileBytes} that is not an array ({@link #array()} is null), as the module's linear-memory one: every read
 * goes through the copying paths. Counts its owners (the first, plus each {@link #retain}) and fails any read once
 * all of them released it, as freed memory would silently return garbage, and any release past the last owner.
 */
public final class DetachedFileBytes extends FileBytes {
    private final FileBytes bytes;
    private int releases;
    private int retains;

    public DetachedFileBytes(byte[] data) {
        this.bytes = FileBytes.of(data.clone());
    }

    public int releases() {
        return releases;
    }

    public int retains() {
        return retains;
    }

    /** Owners that have not released it yet. */
    public int owners() {
        return 1 + retains - releases;
    }

    private FileBytes live() {
        if (owners() <= 0) {
            throw new IllegalStateException("read after release");
        }
        return bytes;
    }

    @Override
    public int length() {
        return bytes.length();
    }

    @Override
    public byte get(int offset) {
        return live().get(offset);
    }

    @Override
    public int i32(int offset) {
        return live().i32(offset);
    }

    @Override
    public long i64(int offset) {
        return live().i64(offset);
    }

    @Override
    public void copy(int offset, byte[] dst, int dstOff, int len) {
        live().copy(offset, dst, dstOff, len);
    }

    @Override
    public void floats(int offset, float[] dst, int dstOff, int count) {
        live().floats(offset, dst, dstOff, count);
    }

    @Override
    public int crc32(int crc, int offset, int len) {
        return live().crc32(crc, offset, len);
    }

    @Override
    public void release() {
        if (owners() <= 0) {
            throw new IllegalStateException("released more often than retained");
        }
        releases++;
    }

    @Override
    public void retain() {
        if (owners() <= 0) {
            throw new IllegalStateException("retain after release");
        }
        retains++;
    }
}
