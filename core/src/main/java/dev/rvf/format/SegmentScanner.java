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
        List<SegmentInfo> out = new ArrayList<>();
        int n = data.length;
        int pos = 0;
        while (pos < n) {
            if (!SegmentHeader.hasMagicAt(data, pos)) {
                pos = nextMagic(data, pos + 1);
                continue;
            }
            SegmentHeader h = SegmentHeader.parse(data, pos);
            int plen = h.checkedPayloadLength((long) n - pos - SegmentHeader.SIZE, pos);
            int payloadOff = pos + SegmentHeader.SIZE;
            HashStatus status = h.checkHash(data, payloadOff, plen);
            out.add(new SegmentInfo(pos, h, status));
            pos = payloadOff + plen;
            if (pos < n && !SegmentHeader.hasMagicAt(data, pos)) {
                long pad = h.alignmentPad();
                if (pad > 0 && pad <= n - pos && allZero(data, pos, (int) pad)) {
                    pos += (int) pad;
                }
            }
        }
        return out;
    }

    /** Index of the next magic at or after {@code from}, or {@code data.length}. */
    static int nextMagic(byte[] data, int from) {
        for (int p = from, last = data.length - 4; p <= last; p++) {
            if (data[p] == 0x53 && data[p + 1] == 0x46 && data[p + 2] == 0x56 && data[p + 3] == 0x52) {
                return p;
            }
        }
        return data.length;
    }

    private static boolean allZero(byte[] data, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (data[off + i] != 0) {
                return false;
            }
        }
        return true;
    }
}
