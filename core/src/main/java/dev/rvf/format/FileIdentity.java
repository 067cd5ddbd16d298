package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.Arrays;

/**
 * A file's lineage identity (rvf-format.md §9): its own 16-byte id, its parent's id, the fold256 of the parent's
 * tail at derive time, and the lineage depth. Stored after the "IDIF" marker of every dialect-R manifest.
 * Immutable; accessors return copies.
 */
public final class FileIdentity {
    /** Encoded size in bytes (without the 4-byte marker). */
    public static final int SIZE = 68;
    /** The marker u32 0x46494449, on disk "IDIF". */
    public static final int MARKER = 0x46494449;
    /** How much of the parent's tail {@code parent_hash} covers. */
    public static final int PARENT_TAIL = 65536;
    /** The all-zero identity (what the reference reports for a file without one). */
    public static final FileIdentity ZERO = new FileIdentity(new byte[16], new byte[16], new byte[32], 0);

    private final byte[] fileId;
    private final byte[] parentId;
    private final byte[] parentHash;
    private final long depth;

    public FileIdentity(byte[] fileId, byte[] parentId, byte[] parentHash, long depth) {
        if (fileId == null || fileId.length != 16 || parentId == null || parentId.length != 16
                || parentHash == null || parentHash.length != 32 || depth < 0 || depth > 0xFFFFFFFFL) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT,
                    "identity needs a 16-byte id, 16-byte parent id, 32-byte parent hash and a u32 depth");
        }
        this.fileId = fileId.clone();
        this.parentId = parentId.clone();
        this.parentHash = parentHash.clone();
        this.depth = depth;
    }

    /**
     * A root identity whose id is the first 16 bytes of fold256(seed). The reference seeds it with the path bytes
     * followed by the creation time in ns (u64 LE); any unique seed will do.
     */
    public static FileIdentity newRoot(byte[] seed) {
        return new FileIdentity(Arrays.copyOf(Fold256.digest(seed), 16), new byte[16], new byte[32], 0);
    }

    /**
     * The identity of a child derived from a parent file: parent id = the parent's file id, parent hash =
     * fold256 of the last min(65536, size) bytes of the parent as it is now, depth + 1.
     */
    public static FileIdentity childOf(FileIdentity parent, byte[] newFileId, byte[] parentFile, int parentSize) {
        if (parentSize < 0 || parentSize > parentFile.length) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "bad parent size");
        }
        if (parent.depth >= 0xFFFFFFFFL) {
            throw new RvfException(ErrorCode.LIMIT_EXCEEDED, "lineage depth overflow");
        }
        int tail = Math.min(PARENT_TAIL, parentSize);
        return new FileIdentity(newFileId, parent.fileId, Fold256.digest(parentFile, parentSize - tail, tail),
                parent.depth + 1);
    }

    /** Reads the 68 bytes that follow the marker. */
    public static FileIdentity read(ByteReader r) {
        r.require(SIZE);
        byte[] id = r.bytes(16);
        byte[] pid = r.bytes(16);
        byte[] ph = r.bytes(32);
        return new FileIdentity(id, pid, ph, r.u32());
    }

    /** Writes the 68 bytes (without the marker). */
    public void writeTo(ByteWriter w) {
        w.bytes(fileId).bytes(parentId).bytes(parentHash).u32(depth);
    }

    public byte[] fileId() {
        return fileId.clone();
    }

    public byte[] parentId() {
        return parentId.clone();
    }

    public byte[] parentHash() {
        return parentHash.clone();
    }

    /** Lineage depth (u32): 0 for a root. */
    public long depth() {
        return depth;
    }

    /** True for a root: depth 0 and no parent id. */
    public boolean isRoot() {
        return depth == 0 && isZero(parentId);
    }

    public String fileIdHex() {
        return Hex.of(fileId);
    }

    public String parentIdHex() {
        return Hex.of(parentId);
    }

    public String parentHashHex() {
        return Hex.of(parentHash);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FileIdentity)) {
            return false;
        }
        FileIdentity f = (FileIdentity) o;
        return depth == f.depth && Arrays.equals(fileId, f.fileId) && Arrays.equals(parentId, f.parentId)
                && Arrays.equals(parentHash, f.parentHash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fileId) * 31 + (int) depth;
    }

    @Override
    public String toString() {
        return "FileIdentity{id=" + fileIdHex() + ", parent=" + parentIdHex() + ", depth=" + depth + "}";
    }
}
