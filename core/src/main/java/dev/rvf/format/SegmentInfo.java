package dev.rvf.format;

/**
 * One segment found in a file: where it is, its header, and whether its content hash holds. Immutable (a segment
 * located through a directory entry checks its hash the first time it is asked, see {@link #unchecked}).
 */
public final class SegmentInfo {
    private final long offset;
    private final SegmentHeader header;
    private HashStatus hashStatus;
    /** The file, until the hash has been checked. */
    private FileBytes file;

    public SegmentInfo(long offset, SegmentHeader header, HashStatus hashStatus) {
        this.offset = offset;
        this.header = header;
        this.hashStatus = hashStatus;
    }

    /**
     * A segment of {@code file} (whose payload fits) whose hash is checked only when {@link #hashStatus()} is first
     * called: a directory may list thousands of overlapping fake segments, and hashing each one up front would cost
     * entries x file size.
     */
    static SegmentInfo unchecked(long offset, SegmentHeader header, FileBytes file) {
        SegmentInfo s = new SegmentInfo(offset, header, null);
        s.file = file;
        return s;
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
        if (hashStatus == null) {
            hashStatus = header.checkHash(file, (int) payloadOffset(), (int) payloadLength());
            file = null;
        }
        return hashStatus;
    }

    @Override
    public String toString() {
        return SegmentType.specName(type()) + "#" + Long.toUnsignedString(segmentId()) + "@" + offset
                + "+" + payloadLength() + " " + hashStatus();
    }
}
