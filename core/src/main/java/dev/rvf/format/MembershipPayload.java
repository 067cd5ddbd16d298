package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.Arrays;

/**
 * A MEMBERSHIP_SEG payload written by reference 0.2.x {@code branch()} (rvf-format.md §12.2): a 96-byte header and
 * a dense bitmap (u64 words, id k = bit k mod 64 of word k / 64) telling which parent ids the branch still sees.
 * Parse only.
 */
public final class MembershipPayload {
    public static final int MAGIC = 0x52564D42;
    public static final int HEADER_SIZE = 96;

    private final byte[] header;
    private final byte[] bitmap;

    private MembershipPayload(byte[] header, byte[] bitmap) {
        this.header = header;
        this.bitmap = bitmap;
    }

    /** Decodes the reader's remaining bytes; BAD_PAYLOAD on a wrong magic or a filter outside the payload. */
    public static MembershipPayload decode(ByteReader r) {
        int len = r.remaining();
        if (len < HEADER_SIZE || LittleEndian.i32(r.array(), r.arrayPosition()) != MAGIC) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "not a MEMBERSHIP header (RVMB)", r.fileOffset());
        }
        long start = r.fileOffset();
        byte[] header = r.bytes(HEADER_SIZE);
        long filterOffset = LittleEndian.u64(header, 0x18);
        long filterSize = LittleEndian.u32(header, 0x20);
        if (filterOffset < HEADER_SIZE || filterOffset > len || filterSize > len - filterOffset) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "membership filter lies outside the payload", start + 0x18);
        }
        r.skip(filterOffset - HEADER_SIZE);
        byte[] bitmap = r.bytes((int) filterSize);
        r.skip(r.remaining());
        return new MembershipPayload(header, bitmap);
    }

    public int version() {
        return LittleEndian.u16(header, 4);
    }

    /** 0 dense bitmap, 1 roaring. */
    public int filterType() {
        return header[6] & 0xFF;
    }

    /** 0 include, 1 exclude. */
    public int filterMode() {
        return header[7] & 0xFF;
    }

    /** Bitmap size in bits (max parent id + 1). */
    public long vectorCount() {
        return LittleEndian.u64(header, 8);
    }

    public long memberCount() {
        return LittleEndian.u64(header, 0x10);
    }

    public long filterOffset() {
        return LittleEndian.u64(header, 0x18);
    }

    public long filterSize() {
        return LittleEndian.u32(header, 0x20);
    }

    public long generationId() {
        return LittleEndian.u32(header, 0x24);
    }

    public byte[] filterHash() {
        return KernelPayload.slice(header, 0x28, 32);
    }

    public long bloomOffset() {
        return LittleEndian.u64(header, 0x48);
    }

    public long bloomSize() {
        return LittleEndian.u32(header, 0x50);
    }

    /** True when filter_hash = fold256(bitmap bytes). */
    public boolean filterHashValid() {
        return Arrays.equals(filterHash(), Fold256.digest(bitmap));
    }

    /** True when bit {@code id} is set (ids beyond the bitmap are not members). */
    public boolean contains(long id) {
        if (id < 0 || id >= (long) bitmap.length * 8) {
            return false;
        }
        return (bitmap[(int) (id >>> 3)] >>> (int) (id & 7) & 1) != 0;
    }

    /** The set bits, ascending. */
    public long[] members() {
        int n = 0;
        for (byte b : bitmap) {
            n += Integer.bitCount(b & 0xFF);
        }
        long[] out = new long[n];
        int k = 0;
        for (int i = 0; i < bitmap.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                if ((bitmap[i] >>> bit & 1) != 0) {
                    out[k++] = (long) i * 8 + bit;
                }
            }
        }
        return out;
    }
}
