package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * The 64-byte header in front of every segment (rvf-format.md §2). Every field is kept, so a parsed header
 * writes back byte for byte. Immutable.
 */
public final class SegmentHeader {
    /** Header size in bytes. */
    public static final int SIZE = 64;
    /** The magic u32 0x52564653, on disk {@code 53 46 56 52} ("SFVR"). */
    public static final int MAGIC = 0x52564653;
    /** The only version any writer uses. */
    public static final int VERSION = 1;

    private final int version;
    private final int type;
    private final int flags;
    private final long segmentId;
    private final long payloadLength;
    private final long timestampNs;
    private final int checksumAlgo;
    private final int compression;
    private final int reserved0;
    private final long reserved1;
    private final byte[] contentHash;
    private final long uncompressedLength;
    private final long alignmentPad;

    public SegmentHeader(int version, int type, int flags, long segmentId, long payloadLength, long timestampNs,
            int checksumAlgo, int compression, int reserved0, long reserved1, byte[] contentHash,
            long uncompressedLength, long alignmentPad) {
        if (contentHash == null || contentHash.length != ContentHash.SIZE) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "content hash must be 16 bytes");
        }
        this.version = version & 0xFF;
        this.type = type & 0xFF;
        this.flags = flags & 0xFFFF;
        this.segmentId = segmentId;
        this.payloadLength = payloadLength;
        this.timestampNs = timestampNs;
        this.checksumAlgo = checksumAlgo & 0xFF;
        this.compression = compression & 0xFF;
        this.reserved0 = reserved0 & 0xFFFF;
        this.reserved1 = reserved1 & 0xFFFFFFFFL;
        this.contentHash = contentHash.clone();
        this.uncompressedLength = uncompressedLength & 0xFFFFFFFFL;
        this.alignmentPad = alignmentPad & 0xFFFFFFFFL;
    }

    /**
     * The header the reference (dialect R) writes for a payload: version 1, everything zero except type, id,
     * payload length and the content hash (§21 item 1).
     */
    public static SegmentHeader forPayload(int type, long segmentId, byte[] payload, int off, int len) {
        return new SegmentHeader(VERSION, type, 0, segmentId, len, 0, 0, 0, 0, 0,
                ContentHash.of(payload, off, len), 0, 0);
    }

    /** The header the wasm export (dialect W) writes: like {@link #forPayload} but with a zero hash. */
    public static SegmentHeader withoutHash(int type, long segmentId, long payloadLength) {
        return new SegmentHeader(VERSION, type, 0, segmentId, payloadLength, 0, 0, 0, 0, 0,
                new byte[ContentHash.SIZE], 0, 0);
    }

    /** True when the four magic bytes start at {@code data[off]} (false if fewer than four bytes remain). */
    public static boolean hasMagicAt(byte[] data, int off) {
        return off >= 0 && off <= data.length - 4 && LittleEndian.i32(data, off) == MAGIC;
    }

    /**
     * Parses the header at {@code data[off]}, whose absolute file offset is {@code fileOffset}.
     *
     * @throws RvfException TRUNCATED if fewer than 64 bytes remain, BAD_MAGIC if the magic is wrong
     */
    public static SegmentHeader parse(byte[] data, int off, long fileOffset) {
        if (off < 0 || off > data.length - SIZE) {
            throw new RvfException(ErrorCode.TRUNCATED, "segment header needs 64 bytes, "
                    + Math.max(0, data.length - off) + " left", fileOffset);
        }
        if (LittleEndian.i32(data, off) != MAGIC) {
            throw new RvfException(ErrorCode.BAD_MAGIC, "no segment magic", fileOffset);
        }
        byte[] hash = new byte[ContentHash.SIZE];
        System.arraycopy(data, off + 0x28, hash, 0, ContentHash.SIZE);
        return new SegmentHeader(data[off + 4], data[off + 5], LittleEndian.u16(data, off + 6),
                LittleEndian.u64(data, off + 8), LittleEndian.u64(data, off + 0x10),
                LittleEndian.u64(data, off + 0x18), data[off + 0x20], data[off + 0x21],
                LittleEndian.u16(data, off + 0x22), LittleEndian.u32(data, off + 0x24), hash,
                LittleEndian.u32(data, off + 0x38), LittleEndian.u32(data, off + 0x3C));
    }

    /** True when the four magic bytes start at file offset {@code off} (false if fewer than four bytes remain). */
    public static boolean hasMagicAt(FileBytes file, int off) {
        return off >= 0 && off <= file.length() - 4 && file.i32(off) == MAGIC;
    }

    /** Parses the header at file offset {@code off} (TRUNCATED / BAD_MAGIC as {@link #parse(byte[], int, long)}). */
    public static SegmentHeader parse(FileBytes file, int off) {
        byte[] a = file.array();
        if (a != null) {
            return parse(a, off, off);
        }
        int n = Math.max(0, Math.min(SIZE, file.length() - off));
        return parse(off >= 0 ? file.slice(off, n) : new byte[0], 0, off);
    }

    /** Parses the header at {@code data[off]} of an array whose index equals the file offset. */
    public static SegmentHeader parse(byte[] data, int off) {
        return parse(data, off, off);
    }

    /** Appends the 64 header bytes. */
    public void writeTo(ByteWriter w) {
        w.u32(MAGIC).u8(version).u8(type).u16(flags).u64(segmentId).u64(payloadLength).u64(timestampNs)
                .u8(checksumAlgo).u8(compression).u16(reserved0).u32(reserved1).bytes(contentHash)
                .u32(uncompressedLength).u32(alignmentPad);
    }

    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(SIZE);
        writeTo(w);
        return w.toByteArray();
    }

    /**
     * The payload length as an int, after checking that the payload fits in the {@code available} bytes after the
     * header; otherwise LENGTH_OUT_OF_RANGE at {@code headerFileOffset}.
     */
    public int checkedPayloadLength(long available, long headerFileOffset) {
        if (payloadLength < 0 || payloadLength > available) {
            throw new RvfException(ErrorCode.LENGTH_OUT_OF_RANGE, "payload_length "
                    + Long.toUnsignedString(payloadLength) + " runs past the end of the data ("
                    + Math.max(0, available) + " bytes after the header)", headerFileOffset);
        }
        return (int) payloadLength;
    }

    public int version() {
        return version;
    }

    /** Segment type code, see {@link SegmentType}. */
    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public long segmentId() {
        return segmentId;
    }

    /** The raw u64 payload_length (may be "negative" when read from hostile bytes). */
    public long payloadLength() {
        return payloadLength;
    }

    public long timestampNs() {
        return timestampNs;
    }

    public int checksumAlgo() {
        return checksumAlgo;
    }

    public int compression() {
        return compression;
    }

    public int reserved0() {
        return reserved0;
    }

    public long reserved1() {
        return reserved1;
    }

    /** A copy of the 16-byte hash field. */
    public byte[] contentHash() {
        return contentHash.clone();
    }

    public long uncompressedLength() {
        return uncompressedLength;
    }

    public long alignmentPad() {
        return alignmentPad;
    }

    /** Checks the stored hash against the payload at file offset {@code off}. */
    public HashStatus checkHash(FileBytes file, int off, int len) {
        return ContentHash.isUnset(contentHash, 0) ? HashStatus.UNSET
                : ContentHash.check(contentHash, 0, file.crc32(0, off, len));
    }

    /** Checks the stored hash against a payload. */
    public HashStatus checkHash(byte[] payload, int off, int len) {
        return ContentHash.check(contentHash, 0, payload, off, len);
    }
}
