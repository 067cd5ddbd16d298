package dev.rvf.format;

/** One segment found in a file: where it is, its header, and whether its content hash holds. Immutable. */
public final class SegmentInfo {
    private final long offset;
    private final SegmentHeader header;
    private final HashStatus hashStatus;

    public SegmentInfo(long offset, SegmentHeader header, HashStatus hashStatus) {
        this.offset = offset;
        this.header = header;
        this.hashStatus = hashStatus;
    }

    /** File offset of the segment header. */
    public long offset() {
        return offset;
    }

    /** File offset of the first payload byte. */
    public long payloadOffset() {
        return offset + SegmentHeader.SIZE;
    }

    /** File offset just past the payload. */
    public long endOffset() {
        return payloadOffset() + header.payloadLength();
    }

    public SegmentHeader header() {
        return header;
    }

    public int type() {
        return header.type();
    }

    /** The reference binding's name for the type ({@link SegmentType#name}). */
    public String typeName() {
        return SegmentType.name(header.type());
    }

    public long segmentId() {
        return header.segmentId();
    }

    public long payloadLength() {
        return header.payloadLength();
    }

    public HashStatus hashStatus() {
        return hashStatus;
    }

    @Override
    public String toString() {
        return SegmentType.specName(type()) + "#" + Long.toUnsignedString(segmentId()) + "@" + offset
                + "+" + payloadLength() + " " + hashStatus;
    }
}
