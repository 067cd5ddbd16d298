package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * Finds the latest dialect-R manifest the way the reference does (rvf-format.md §5.2): scan the last
 * min(64 KiB, size) bytes backwards, byte by byte, for the magic with type 0x05 at byte +5; skip candidates whose
 * header is incomplete, whose payload_length exceeds 256 MiB or runs past the end of the file, or whose payload the
 * manifest parser rejects; the first candidate that parses wins. No hash or version check, like the reference.
 */
public final class TailDiscovery {
    /** How far back from the end candidates may start. */
    public static final int WINDOW = 64 * 1024;
    /** Largest manifest payload considered. */
    public static final long MAX_MANIFEST_LENGTH = 256L * 1024 * 1024;

    private TailDiscovery() {
    }

    /** The latest manifest and where it is. */
    public static final class Found {
        private final long offset;
        private final SegmentHeader header;
        private final Manifest manifest;

        Found(long offset, SegmentHeader header, Manifest manifest) {
            this.offset = offset;
            this.header = header;
            this.manifest = manifest;
        }

        /** File offset of the manifest segment's header. */
        public long offset() {
            return offset;
        }

        public SegmentHeader header() {
            return header;
        }

        public Manifest manifest() {
            return manifest;
        }
    }

    /** @throws RvfException NO_MANIFEST when no candidate parses */
    public static Found find(byte[] data) {
        Found f = tryFind(data);
        if (f == null) {
            throw new RvfException(ErrorCode.NO_MANIFEST,
                    "no manifest in the last " + Math.min(WINDOW, data.length) + " bytes");
        }
        return f;
    }

    /** Like {@link #find} but returns null when there is none. */
    public static Found tryFind(byte[] data) {
        int n = data.length;
        int windowStart = n - Math.min(WINDOW, n);
        for (int p = n - 6; p >= windowStart; p--) {
            if (data[p + 5] != SegmentType.MANIFEST || !SegmentHeader.hasMagicAt(data, p)
                    || p > n - SegmentHeader.SIZE) {
                continue;
            }
            long plen = LittleEndian.u64(data, p + 0x10);
            if (plen < 0 || plen > MAX_MANIFEST_LENGTH || plen > (long) n - p - SegmentHeader.SIZE) {
                continue;
            }
            int payload = p + SegmentHeader.SIZE;
            try {
                Manifest m = Manifest.decodeR(new ByteReader(data, payload, payload + (int) plen, payload));
                return new Found(p, SegmentHeader.parse(data, p), m);
            } catch (RvfException notAManifest) {
                // the reference moves on to the next candidate
            }
        }
        return null;
    }
}
