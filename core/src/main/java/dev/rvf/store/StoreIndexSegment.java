package dev.rvf.store;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.ByteReader;
import dev.rvf.format.FileBytes;
import dev.rvf.format.ByteWriter;
import dev.rvf.format.LittleEndian;

/**
 * The payload of the store's INDEX segment (type 0x02): a coverage header naming the VEC segments whose records the
 * graph indexes, then the HNSW graph ({@link dev.rvf.index.HnswIndexCodec}). Layout in docs/FORMAT-EXTENSIONS.md:
 *
 * <pre>
 *  0 u32 magic 0x49535652 (bytes "RVSI")   4 u16 version = 1   6 u16 flags = 0
 *  8 u32 vec_segment_count S              12 u32 record_count R (= the graph's node count)
 * 16 S x { u64 file offset of the VEC segment header | u64 its payload_length | u8[16] its content_hash field }
 *    then the graph payload (magic "RVHN") up to the end of the segment.
 * </pre>
 *
 * Graph node n is the n-th record of those VEC segments taken in order (records in payload order), superseded and
 * deleted records included.
 */
final class StoreIndexSegment {
    static final int MAGIC = 0x49535652;
    static final int VERSION = 1;
    static final int HEADER_SIZE = 16;
    static final int ENTRY_SIZE = 32;

    private final long[] offsets;
    private final long[] payloadLengths;
    private final byte[][] hashes;
    private final long recordCount;
    private final int graphOffset;
    private final int graphLength;

    private StoreIndexSegment(long[] offsets, long[] payloadLengths, byte[][] hashes, long recordCount,
            int graphOffset, int graphLength) {
        this.offsets = offsets;
        this.payloadLengths = payloadLengths;
        this.hashes = hashes;
        this.recordCount = recordCount;
        this.graphOffset = graphOffset;
        this.graphLength = graphLength;
    }

    /** True when a payload starting at {@code data[payloadOffset]} carries this layout's magic. */
    static boolean isOurs(FileBytes file, long payloadOffset, long payloadLength) {
        return payloadLength >= 4 && payloadOffset >= 0 && payloadOffset <= file.length() - 4
                && file.i32((int) payloadOffset) == MAGIC;
    }

    static byte[] encode(long[] offsets, long[] payloadLengths, byte[][] hashes, int segmentCount, long recordCount,
            byte[] graph) {
        ByteWriter w = new ByteWriter(HEADER_SIZE + ENTRY_SIZE * segmentCount + graph.length);
        w.u32(MAGIC & 0xFFFFFFFFL).u16(VERSION).u16(0).u32(segmentCount).u32(recordCount);
        for (int i = 0; i < segmentCount; i++) {
            w.u64(offsets[i]).u64(payloadLengths[i]).bytes(hashes[i]);
        }
        return w.bytes(graph).toByteArray();
    }

    /**
     * Reads the coverage header of the payload at {@code file[payloadOffset ..)} (BAD_PAYLOAD / UNSUPPORTED /
     * TRUNCATED on bad bytes); the graph after it stays in the file ({@link #graphOffset} is a file offset).
     */
    static StoreIndexSegment read(FileBytes file, int payloadOffset, int payloadLength) {
        long entries = payloadLength >= HEADER_SIZE ? file.i32(payloadOffset + 8) & 0xFFFFFFFFL : 0;
        int coverageLength = (int) Math.min(payloadLength, HEADER_SIZE + ENTRY_SIZE * entries);
        ByteReader r = file.reader(payloadOffset, payloadOffset + coverageLength);
        long start = r.fileOffset();
        if (r.remaining() < HEADER_SIZE || r.i32() != MAGIC) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "not a store INDEX payload", start);
        }
        int version = r.u16();
        if (version != VERSION) {
            throw new RvfException(ErrorCode.UNSUPPORTED, "store INDEX version " + version, start + 4);
        }
        if (r.u16() != 0) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "unknown store INDEX flags", start + 6);
        }
        int count = r.checkCount(r.u32(), ENTRY_SIZE, ErrorCode.BAD_PAYLOAD, "store INDEX vec_segment_count");
        long records = r.u32();
        long[] offsets = new long[count];
        long[] lengths = new long[count];
        byte[][] hashes = new byte[count][];
        for (int i = 0; i < count; i++) {
            offsets[i] = r.u64();
            lengths[i] = r.u64();
            hashes[i] = r.bytes(16);
        }
        return new StoreIndexSegment(offsets, lengths, hashes, records, payloadOffset + coverageLength,
                payloadLength - coverageLength);
    }

    int segmentCount() {
        return offsets.length;
    }

    long offset(int i) {
        return offsets[i];
    }

    long payloadLength(int i) {
        return payloadLengths[i];
    }

    byte[] hash(int i) {
        return hashes[i];
    }

    long recordCount() {
        return recordCount;
    }

    /** File offset of the graph payload. */
    int graphOffset() {
        return graphOffset;
    }

    int graphLength() {
        return graphLength;
    }
}
