package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * A COW_MAP_SEG payload written by reference 0.2.x {@code branch()} (rvf-format.md §12.1): a 64-byte header, then
 * (0.2.2) the trailer {@code bytes_per_vector u32 | frozen u8 | snapshot_epoch u32 | path_len u32 | map_len u32 |
 * parent path | map}, map = {@code format u8 | cluster_count u32 | cluster_count x (tag u8, local offset u64)}.
 * Parse only.
 */
public final class CowMapPayload {
    public static final int MAGIC = 0x5256434D;
    public static final int HEADER_SIZE = 64;
    public static final int TAG_UNALLOCATED = 0;
    public static final int TAG_PARENT_REF = 1;
    public static final int TAG_LOCAL = 2;

    private final byte[] header;
    private final boolean hasTrailer;
    private final long bytesPerVector;
    private final int frozen;
    private final long snapshotEpoch;
    private final byte[] parentPath;
    private final int mapFormat;
    private final int[] clusterTags;
    private final long[] clusterOffsets;

    private CowMapPayload(byte[] header, boolean hasTrailer, long bytesPerVector, int frozen, long snapshotEpoch,
            byte[] parentPath, int mapFormat, int[] clusterTags, long[] clusterOffsets) {
        this.header = header;
        this.hasTrailer = hasTrailer;
        this.bytesPerVector = bytesPerVector;
        this.frozen = frozen;
        this.snapshotEpoch = snapshotEpoch;
        this.parentPath = parentPath;
        this.mapFormat = mapFormat;
        this.clusterTags = clusterTags;
        this.clusterOffsets = clusterOffsets;
    }

    /** Decodes the reader's remaining bytes; BAD_PAYLOAD if the magic is wrong or a trailer does not fit exactly. */
    public static CowMapPayload decode(ByteReader r) {
        if (r.remaining() < HEADER_SIZE || LittleEndian.i32(r.array(), r.arrayPosition()) != MAGIC) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "not a COW_MAP header (RVCM)", r.fileOffset());
        }
        byte[] header = r.bytes(HEADER_SIZE);
        if (!r.hasRemaining()) {
            return new CowMapPayload(header, false, 0, 0, 0, new byte[0], 0, new int[0], new long[0]);
        }
        if (r.remaining() < 17) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "COW_MAP trailer truncated", r.fileOffset());
        }
        long bpv = r.u32();
        int frozen = r.u8();
        long epoch = r.u32();
        long pathLen = r.u32();
        long mapLen = r.u32();
        if (pathLen + mapLen != r.remaining()) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "COW_MAP trailer lengths do not match the payload",
                    r.fileOffset() - 8);
        }
        byte[] path = r.bytes((int) pathLen);
        if (mapLen < 5) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "COW_MAP map shorter than 5 bytes", r.fileOffset());
        }
        int format = r.u8();
        long declared = r.u32();
        if (declared * 9 != r.remaining()) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "COW_MAP cluster_count " + declared
                    + " does not match the map length", r.fileOffset() - 4);
        }
        int n = (int) declared;
        int[] tags = new int[n];
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            tags[i] = r.u8();
            offsets[i] = r.u64();
        }
        return new CowMapPayload(header, true, bpv, frozen, epoch, path, format, tags, offsets);
    }

    public int version() {
        return LittleEndian.u16(header, 4);
    }

    /** 0 flat array, 1 ART tree, 2 extent list. */
    public int mapFormatField() {
        return header[6] & 0xFF;
    }

    public int compressionPolicy() {
        return header[7] & 0xFF;
    }

    public long clusterSizeBytes() {
        return LittleEndian.u32(header, 8);
    }

    public long vectorsPerCluster() {
        return LittleEndian.u32(header, 0x0C);
    }

    public byte[] baseFileId() {
        return KernelPayload.slice(header, 0x10, 16);
    }

    /** Equals the child's identity parent_hash. */
    public byte[] baseFileHash() {
        return KernelPayload.slice(header, 0x20, 32);
    }

    /** False for a bare 64-byte header (no 0.2.2 trailer). */
    public boolean hasTrailer() {
        return hasTrailer;
    }

    public long bytesPerVector() {
        return bytesPerVector;
    }

    public boolean frozen() {
        return frozen != 0;
    }

    public long snapshotEpoch() {
        return snapshotEpoch;
    }

    /** The parent path as given to branch() (UTF-8 bytes). */
    public byte[] parentPath() {
        return parentPath.clone();
    }

    public int mapFormat() {
        return mapFormat;
    }

    public int clusterCount() {
        return clusterTags.length;
    }

    /** {@link #TAG_UNALLOCATED}, {@link #TAG_PARENT_REF} or {@link #TAG_LOCAL}. */
    public int clusterTag(int i) {
        return clusterTags[i];
    }

    public long clusterLocalOffset(int i) {
        return clusterOffsets[i];
    }
}
