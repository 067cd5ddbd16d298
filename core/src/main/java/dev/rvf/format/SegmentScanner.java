package dev.rvf.format;

import dev.rvf.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a file forward and lists every segment (rvf-format.md §1, §3).
 *
 * <p>From each header it hops over the payload to the next one. Where the next bytes are not a header, it first
 * skips {@code alignment_pad} zero bytes if the previous header declares them (dialect L padding), and otherwise
 * searches forward for the next magic, so unknown gaps and trailing garbage are passed over. A header whose
 * payload runs past the end of the data is {@link ErrorCode#LENGTH_OUT_OF_RANGE} at that header's offset; a header
 * cut short by the end of the data is {@link ErrorCode#TRUNCATED}. Nothing is allocated per byte of payload.
 */
public final class SegmentScanner {
    private SegmentScanner() {
    }

    /** Every segment of {@code data} in file order, each with its checked content hash. */
    public static List<SegmentInfo> scan(byte[] data) {
        return scan(FileBytes.of(data));
    }

    /** Every segment of the file in file order, each with its checked content hash. */
    public static List<SegmentInfo> scan(FileBytes file) {
        List<SegmentInfo> out = new ArrayList<>();
        int n = file.length();
        int pos = 0;
        while (pos < n) {
            if (!SegmentHeader.hasMagicAt(file, pos)) {
                pos = nextMagic(file, pos + 1);
                continue;
            }
            SegmentHeader h = SegmentHeader.parse(file, pos);
            int plen = h.checkedPayloadLength((long) n - pos - SegmentHeader.SIZE, pos);
            int payloadOff = pos + SegmentHeader.SIZE;
            HashStatus status = h.checkHash(file, payloadOff, plen);
            out.add(new SegmentInfo(pos, h, status));
            pos = payloadOff + plen;
            if (pos < n && !SegmentHeader.hasMagicAt(file, pos)) {
                long pad = h.alignmentPad();
                if (pad > 0 && pad <= n - pos && allZero(file, pos, (int) pad)) {
                    pos += (int) pad;
                }
            }
        }
        return out;
    }

    /** Bytes searched per copy when the file is not an array. */
    private static final int SEARCH_WINDOW = 64 * 1024;

    /** Offset of the next magic at or after {@code from}, or {@code file.length()}. */
    static int nextMagic(FileBytes file, int from) {
        int n = file.length();
        byte[] a = file.array();
        if (a != null) {
            int p = indexOfMagic(a, Math.max(0, from), n);
            return p >= 0 ? p : n;
        }
        byte[] window = new byte[SEARCH_WINDOW];
        // windows overlap by three bytes so that a magic across a boundary is still found
        for (int start = Math.max(0, from); start <= n - 4; start += SEARCH_WINDOW - 3) {
            int len = Math.min(SEARCH_WINDOW, n - start);
            file.copy(start, window, 0, len);
            int p = indexOfMagic(window, 0, len);
            if (p >= 0) {
                return start + p;
            }
        }
        return n;
    }

    /** Index of the first magic in {@code b[from..end)}, or -1. */
    private static int indexOfMagic(byte[] b, int from, int end) {
        for (int p = from, last = end - 4; p <= last; p++) {
            if (b[p] == 0x53 && b[p + 1] == 0x46 && b[p + 2] == 0x56 && b[p + 3] == 0x52) {
                return p;
            }
        }
        return -1;
    }

    private static boolean allZero(FileBytes file, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (file.get(off + i) != 0) {
                return false;
            }
        }
        return true;
    }
}
