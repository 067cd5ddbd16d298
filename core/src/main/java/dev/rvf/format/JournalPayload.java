package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * A JOURNAL_SEG payload as dialect R writes it (rvf-format.md §10.1):
 * {@code entry_count u32 | epoch u32 | prev_journal_segment_id u64 | entries}, each entry
 * {@code type u8 | reserved u8 | body_length u16 | body}, packed. The reference writes one DELETE_VECTOR entry
 * (body = the u64 id) per requested id. Readers do not replay journals; deletes live in the manifest.
 */
public final class JournalPayload {
    /** Size of the fixed part. */
    public static final int HEADER_SIZE = 16;
    public static final int DELETE_VECTOR = 0x01;
    public static final int DELETE_RANGE = 0x02;
    public static final int UPDATE_METADATA = 0x03;
    public static final int MOVE_VECTOR = 0x04;
    public static final int REMAP_ID = 0x05;

    private final long epoch;
    private final long prevJournalSegmentId;
    private final int[] entryTypes;
    private final byte[][] bodies;

    private JournalPayload(long epoch, long prevJournalSegmentId, int[] entryTypes, byte[][] bodies) {
        this.epoch = epoch;
        this.prevJournalSegmentId = prevJournalSegmentId;
        this.entryTypes = entryTypes;
        this.bodies = bodies;
    }

    /** Decodes the reader's remaining bytes; BAD_PAYLOAD if the entries do not fit exactly. */
    public static JournalPayload decode(ByteReader r) {
        if (r.remaining() < HEADER_SIZE) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "journal shorter than 16 bytes", r.fileOffset());
        }
        long count = r.u32();
        long epoch = r.u32();
        long prev = r.u64();
        int n = r.checkCount(count, 4, ErrorCode.BAD_PAYLOAD, "journal entry_count");
        int[] types = new int[n];
        byte[][] bodies = new byte[n][];
        for (int i = 0; i < n; i++) {
            if (r.remaining() < 4) {
                throw new RvfException(ErrorCode.BAD_PAYLOAD, "journal entry " + i + " truncated", r.fileOffset());
            }
            types[i] = r.u8();
            r.u8();
            int len = r.u16();
            if (len > r.remaining()) {
                throw new RvfException(ErrorCode.BAD_PAYLOAD, "journal entry " + i + " body runs past the payload",
                        r.fileOffset() - 2);
            }
            bodies[i] = r.bytes(len);
        }
        if (r.hasRemaining()) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, r.remaining() + " bytes after the last journal entry",
                    r.fileOffset());
        }
        return new JournalPayload(epoch, prev, types, bodies);
    }

    /** Appends the payload the reference writes for {@code delete(ids)}: one DELETE_VECTOR entry per id. */
    public static void encodeDeletes(ByteWriter w, long epoch, long[] ids) {
        w.u32(ids.length).u32(epoch).u64(0);
        for (long id : ids) {
            w.u8(DELETE_VECTOR).u8(0).u16(8).u64(id);
        }
    }

    /** Payload length of {@link #encodeDeletes}: 16 + 12 n. */
    public static long encodedDeletesLength(int count) {
        return HEADER_SIZE + 12L * count;
    }

    public int entryCount() {
        return entryTypes.length;
    }

    /** The epoch after the delete this journal records. */
    public long epoch() {
        return epoch;
    }

    public long prevJournalSegmentId() {
        return prevJournalSegmentId;
    }

    public int entryType(int i) {
        return entryTypes[i];
    }

    /** A copy of entry {@code i}'s body. */
    public byte[] entryBody(int i) {
        return bodies[i].clone();
    }

    /** The ids of the DELETE_VECTOR entries (with an 8-byte body), in order, duplicates kept. */
    public long[] deletedIds() {
        int n = 0;
        for (int i = 0; i < entryTypes.length; i++) {
            if (entryTypes[i] == DELETE_VECTOR && bodies[i].length == 8) {
                n++;
            }
        }
        long[] out = new long[n];
        int k = 0;
        for (int i = 0; i < entryTypes.length; i++) {
            if (entryTypes[i] == DELETE_VECTOR && bodies[i].length == 8) {
                out[k++] = LittleEndian.u64(bodies[i], 0);
            }
        }
        return out;
    }
}
