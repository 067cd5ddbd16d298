package dev.rvf.format;

/** One 25-byte manifest directory entry: a segment id, the file offset of its header, its payload length, type. */
public final class DirectoryEntry {
    /** Encoded size in bytes. */
    public static final int SIZE = 25;

    private final long segmentId;
    private final long offset;
    private final long payloadLength;
    private final int type;

    public DirectoryEntry(long segmentId, long offset, long payloadLength, int type) {
        this.segmentId = segmentId;
        this.offset = offset;
        this.payloadLength = payloadLength;
        this.type = type & 0xFF;
    }

    static DirectoryEntry read(ByteReader r) {
        long id = r.u64();
        long off = r.u64();
        long len = r.u64();
        return new DirectoryEntry(id, off, len, r.u8());
    }

    void writeTo(ByteWriter w) {
        w.u64(segmentId).u64(offset).u64(payloadLength).u8(type);
    }

    public long segmentId() {
        return segmentId;
    }

    /** File offset of the segment header (a raw u64 from the file: may point anywhere). */
    public long offset() {
        return offset;
    }

    public long payloadLength() {
        return payloadLength;
    }

    public int type() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DirectoryEntry)) {
            return false;
        }
        DirectoryEntry e = (DirectoryEntry) o;
        return segmentId == e.segmentId && offset == e.offset && payloadLength == e.payloadLength && type == e.type;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(segmentId) * 31 + Long.hashCode(offset) * 17 + type;
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(segmentId) + "@" + Long.toUnsignedString(offset) + ":"
                + SegmentType.specName(type) + "/" + Long.toUnsignedString(payloadLength);
    }
}
