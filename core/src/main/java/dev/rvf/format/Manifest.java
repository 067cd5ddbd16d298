package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A MANIFEST_SEG payload: epoch, dimension, vector count, profile, metric, the segment directory, the deleted ids
 * and the file identity. Two layouts: dialect R (rvf-format.md §6) and the wasm export's dialect W (§6.1).
 *
 * <p>Dialect R is decoded exactly as leniently as the reference reads it, because tail discovery picks the last
 * candidate that the reference's parser accepts: it needs the 22-byte header and a directory that fits; then it
 * reads as many deleted ids as are present (up to deleted_count), and the identity only if the "IDIF" marker and
 * 68 bytes follow right after them; anything else is ignored. {@link #isExactLayout()} tells whether the payload
 * was exactly what a writer produces.
 */
public final class Manifest {
    /** Fixed part of a dialect-R manifest. */
    public static final int R_HEADER_SIZE = 22;
    /** Fixed part of a dialect-W manifest. */
    public static final int W_HEADER_SIZE = 19;

    private final Dialect dialect;
    private final long epoch;
    private final int dimension;
    private final long totalVectors;
    private final int profile;
    private final int metricCode;
    private final List<DirectoryEntry> directory;
    private final long[] deletedIds;
    private final FileIdentity identity;
    private final boolean exactLayout;

    private Manifest(Dialect dialect, long epoch, int dimension, long totalVectors, int profile, int metricCode,
            List<DirectoryEntry> directory, long[] deletedIds, FileIdentity identity, boolean exactLayout) {
        this.dialect = dialect;
        this.epoch = epoch & 0xFFFFFFFFL;
        this.dimension = dimension & 0xFFFF;
        this.totalVectors = totalVectors;
        this.profile = profile & 0xFF;
        this.metricCode = metricCode & 0xFF;
        this.directory = Collections.unmodifiableList(new ArrayList<>(directory));
        this.deletedIds = deletedIds.clone();
        this.identity = identity;
        this.exactLayout = exactLayout;
    }

    /**
     * A dialect-R manifest.
     *
     * @param deletedIds written in the given order (the reference sorts them ascending as unsigned)
     * @param identity   null to omit the identity block
     */
    public static Manifest ofR(long epoch, int dimension, long totalVectors, int profile, int metricCode,
            List<DirectoryEntry> directory, long[] deletedIds, FileIdentity identity) {
        checkRange(epoch, 0xFFFFFFFFL, "epoch");
        checkRange(dimension, 0xFFFF, "dimension");
        checkRange(profile, 0xFF, "profile");
        checkRange(metricCode, 0xFF, "metric");
        return new Manifest(Dialect.R, epoch, dimension, totalVectors, profile, metricCode, directory, deletedIds,
                identity, true);
    }

    /** A dialect-W (wasm export) manifest: no metric, deleted ids or identity. */
    public static Manifest ofW(long epoch, int dimension, long totalVectors, int profile,
            List<DirectoryEntry> directory) {
        checkRange(epoch, 0xFFFFFFFFL, "epoch");
        checkRange(dimension, 0xFFFF, "dimension");
        checkRange(profile, 0xFF, "profile");
        return new Manifest(Dialect.W, epoch, dimension, totalVectors, profile, 0, directory, new long[0], null,
                true);
    }

    private static void checkRange(long v, long max, String what) {
        if (v < 0 || v > max) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, what + " out of range: " + v);
        }
    }

    /** Decodes a dialect-R payload (the whole reader); BAD_MANIFEST if the reference would not accept it. */
    public static Manifest decodeR(ByteReader r) {
        if (r.remaining() < R_HEADER_SIZE) {
            throw new RvfException(ErrorCode.BAD_MANIFEST,
                    "manifest payload of " + r.remaining() + " bytes is shorter than 22", r.fileOffset());
        }
        long epoch = r.u32();
        int dim = r.u16();
        long total = r.u64();
        long segCount = r.u32();
        int profile = r.u8();
        int metric = r.u8();
        int reserved = r.u16();
        int n = r.checkCount(segCount, DirectoryEntry.SIZE, ErrorCode.BAD_MANIFEST, "seg_count");
        List<DirectoryEntry> dir = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dir.add(DirectoryEntry.read(r));
        }
        boolean exact = reserved == 0;
        long[] deleted = new long[0];
        if (r.remaining() >= 4) {
            long declared = r.u32();
            int present = (int) Math.min(declared, r.remaining() / 8);
            exact &= present == declared;
            deleted = new long[present];
            for (int i = 0; i < present; i++) {
                deleted[i] = r.u64();
            }
        } else {
            exact = false;
        }
        FileIdentity identity = null;
        if (r.remaining() >= 4 + FileIdentity.SIZE
                && LittleEndian.i32(r.array(), r.arrayPosition()) == FileIdentity.MARKER) {
            r.skip(4);
            identity = FileIdentity.read(r);
        }
        exact &= r.remaining() == 0;
        return new Manifest(Dialect.R, epoch, dim, total, profile, metric, dir, deleted, identity, exact);
    }

    /** Decodes a dialect-W payload, which must be exactly 19 + 25 n bytes; BAD_MANIFEST otherwise. */
    public static Manifest decodeW(ByteReader r) {
        int len = r.remaining();
        if (len < W_HEADER_SIZE) {
            throw new RvfException(ErrorCode.BAD_MANIFEST, "wasm-export manifest shorter than 19 bytes",
                    r.fileOffset());
        }
        long epoch = r.u32();
        int dim = r.u16();
        long total = r.u64();
        int profile = r.u8();
        long segCount = r.u32();
        if (segCount * DirectoryEntry.SIZE != r.remaining()) {
            throw new RvfException(ErrorCode.BAD_MANIFEST, "wasm-export manifest length " + len
                    + " does not match seg_count " + segCount, r.fileOffsetOf(15));
        }
        int n = (int) segCount;
        List<DirectoryEntry> dir = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dir.add(DirectoryEntry.read(r));
        }
        return new Manifest(Dialect.W, epoch, dim, total, profile, 0, dir, new long[0], null, true);
    }

    /** Appends the payload in this manifest's dialect. */
    public void encode(ByteWriter w) {
        if (dialect == Dialect.W) {
            w.u32(epoch).u16(dimension).u64(totalVectors).u8(profile).u32(directory.size());
            for (DirectoryEntry e : directory) {
                e.writeTo(w);
            }
            return;
        }
        w.u32(epoch).u16(dimension).u64(totalVectors).u32(directory.size()).u8(profile).u8(metricCode).u16(0);
        for (DirectoryEntry e : directory) {
            e.writeTo(w);
        }
        w.u32(deletedIds.length);
        for (long id : deletedIds) {
            w.u64(id);
        }
        if (identity != null) {
            w.u32(FileIdentity.MARKER);
            identity.writeTo(w);
        }
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(encodedLength());
        encode(w);
        return w.toByteArray();
    }

    /** Length of {@link #encode()}: 22 + 25 n + 4 + 8 d (+ 72) in R, 19 + 25 n in W. */
    public int encodedLength() {
        if (dialect == Dialect.W) {
            return W_HEADER_SIZE + DirectoryEntry.SIZE * directory.size();
        }
        return R_HEADER_SIZE + DirectoryEntry.SIZE * directory.size() + 4 + 8 * deletedIds.length
                + (identity != null ? 4 + FileIdentity.SIZE : 0);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Epoch (u32). */
    public long epoch() {
        return epoch;
    }

    public int dimension() {
        return dimension;
    }

    /** The total_vectors field: ids held, including soft-deleted ones (§6). */
    public long totalVectors() {
        return totalVectors;
    }

    /** Hardware profile id (byte 18 in R). */
    public int profile() {
        return profile;
    }

    /** Byte 19 in R: 0 L2, 1 inner product, 2 cosine (0.2.x writers; older ones write 0). Always 0 in W. */
    public int metricCode() {
        return metricCode;
    }

    /** The directory in stored order (unmodifiable). */
    public List<DirectoryEntry> directory() {
        return directory;
    }

    /** The deleted ids as stored (a copy). */
    public long[] deletedIds() {
        return deletedIds.clone();
    }

    public int deletedCount() {
        return deletedIds.length;
    }

    /** The identity, or null when the payload has none (W, or an R manifest without the marker). */
    public FileIdentity identity() {
        return identity;
    }

    /** True when the payload had exactly the layout a writer produces (no missing or extra bytes). */
    public boolean isExactLayout() {
        return exactLayout;
    }
}
