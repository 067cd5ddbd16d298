package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.util.Arrays;

/** A DASHBOARD_SEG payload (rvf-format.md §16): a 64-byte header, then the UI bundle. Parse only. */
public final class DashboardPayload {
    public static final int MAGIC = 0x52564442;
    public static final int HEADER_SIZE = 64;

    private final byte[] header;
    private final byte[] bundle;

    private DashboardPayload(byte[] header, byte[] bundle) {
        this.header = header;
        this.bundle = bundle;
    }

    /** Decodes the reader's remaining bytes; BAD_PAYLOAD on a wrong magic or a bundle_size that does not fit. */
    public static DashboardPayload decode(ByteReader r) {
        if (r.remaining() < HEADER_SIZE || LittleEndian.i32(r.array(), r.arrayPosition()) != MAGIC) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "not a DASHBOARD segment header (RVDB)", r.fileOffset());
        }
        byte[] header = r.bytes(HEADER_SIZE);
        byte[] bundle = r.bytes(r.checkCount(LittleEndian.u64(header, 8), 1, ErrorCode.BAD_PAYLOAD,
                "dashboard bundle_size"));
        r.skip(r.remaining());
        return new DashboardPayload(header, bundle);
    }

    public byte[] headerBytes() {
        return header.clone();
    }

    public byte[] bundle() {
        return bundle.clone();
    }

    public int version() {
        return LittleEndian.u16(header, 4);
    }

    public int uiFramework() {
        return header[6] & 0xFF;
    }

    public int compression() {
        return header[7] & 0xFF;
    }

    public long bundleSize() {
        return LittleEndian.u64(header, 8);
    }

    public long fileCount() {
        return LittleEndian.u32(header, 0x10);
    }

    public int entryPathLength() {
        return LittleEndian.u16(header, 0x14);
    }

    /** Build time in seconds. */
    public long buildTimestamp() {
        return LittleEndian.u64(header, 0x18);
    }

    public byte[] contentHash() {
        return KernelPayload.slice(header, 0x20, 32);
    }

    /** True when content_hash = fold256(bundle). */
    public boolean contentHashValid() {
        return Arrays.equals(contentHash(), Fold256.digest(bundle));
    }
}
