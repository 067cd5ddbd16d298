package dev.rvf.wasm;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import dev.rvf.format.ByteReader;
import dev.rvf.format.ContentHash;
import dev.rvf.format.Crc32;
import dev.rvf.format.DirectoryEntry;
import dev.rvf.format.FileIdentity;
import dev.rvf.format.HashStatus;
import dev.rvf.format.Manifest;
import dev.rvf.format.SegmentHeader;
import dev.rvf.format.TailDiscovery;
import dev.rvf.format.VecPayload;
import java.util.List;
import org.teavm.interop.Export;

/**
 * The parse_* exports: the format core's decoders over bytes the caller holds in linear memory, results written
 * as fixed little-endian structs (u64 fields 8-byte aligned within the struct). Corrupt bytes give the core's
 * typed errors (BAD_MAGIC, TRUNCATED, BAD_MANIFEST, ...). Struct layouts: docs/ABI.md.
 */
final class ParseExports {
    /** Size of the struct parse_segment_header writes. */
    static final int HEADER_STRUCT_SIZE = 80;
    /** Size of the struct parse_vec_header writes. */
    static final int VEC_STRUCT_SIZE = 24;
    /** Size of the summary parse_manifest writes. */
    static final int MANIFEST_STRUCT_SIZE = 136;
    /** Size of one directory entry parse_manifest writes. */
    static final int DIRECTORY_ENTRY_SIZE = 32;

    /** parse_manifest mode: the bytes are a whole file; the latest manifest is found as the reference finds it. */
    static final int MODE_FILE = 0;
    /** parse_manifest mode: the bytes are one dialect-R MANIFEST payload. */
    static final int MODE_PAYLOAD = 1;
    /** Largest payload parse_manifest takes in payload mode . */
    static final int MAX_MANIFEST_PAYLOAD = 16 * 1024 * 1024;

    // hash_status values of the header struct
    static final int HASH_NOT_CHECKED = 0;
    static final int HASH_OK = 1;
    static final int HASH_MISMATCH = 2;
    static final int HASH_UNSET = 3;

    private static final int CRC_CHUNK = 64 * 1024;

    private ParseExports() {
    }

    /** Called by {@link RvfExports}' initializer so that TeaVM reaches this class and exports its methods. */
    static void reach() {
        // nothing to do: being called is the point
    }

    /**
     * Decodes the 64-byte segment header at {@code ptr} into the 80-byte header struct; when the payload lies
     * within {@code [ptr, ptr + len)} its content hash is checked too. Returns 64 (the header size).
     */
    @Export(name = "parse_segment_header")
    public static int parseSegmentHeader(int ptr, int len, int outPtr) {
        String fn = "parse_segment_header";
        try {
            Args.positive(fn, "len", len);
            Args.range(fn, "bytes", ptr, len);
            Args.range(fn, "out", outPtr, HEADER_STRUCT_SIZE);
            byte[] bytes = Scratch.bytes(SegmentHeader.SIZE);
            Memory.readBytes(ptr, bytes, 0, Math.min(len, SegmentHeader.SIZE));
            if (len < SegmentHeader.SIZE) {
                throw new RvfException(ErrorCode.TRUNCATED, fn + ": a segment header needs 64 bytes, got " + len);
            }
            SegmentHeader header = SegmentHeader.parse(bytes, 0);
            if (header.version() != SegmentHeader.VERSION) {
                throw new RvfException(ErrorCode.BAD_VERSION, fn + ": segment version " + header.version()
                        + ", expected 1", 4);
            }
            int hashStatus = hashStatus(header, ptr, len);
            writeHeader(header, hashStatus, outPtr);
            return SegmentHeader.SIZE;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    /** The content-hash check of a payload in linear memory, CRC computed chunk by chunk. */
    private static int hashStatus(SegmentHeader header, int ptr, int len) {
        long payloadLength = header.payloadLength();
        if (payloadLength < 0 || payloadLength > len - SegmentHeader.SIZE) {
            return HASH_NOT_CHECKED;
        }
        byte[] field = header.contentHash();
        if (ContentHash.isUnset(field, 0)) {
            return HASH_UNSET;
        }
        byte[] chunk = Scratch.bytes(CRC_CHUNK);
        int crc = 0;
        int payload = ptr + SegmentHeader.SIZE;
        for (int done = 0; done < payloadLength; done += CRC_CHUNK) {
            int n = (int) Math.min(CRC_CHUNK, payloadLength - done);
            Memory.readBytes(payload + done, chunk, 0, n);
            crc = Crc32.update(crc, chunk, 0, n);
        }
        return ContentHash.check(field, 0, crc) == HashStatus.OK ? HASH_OK : HASH_MISMATCH;
    }

    private static void writeHeader(SegmentHeader h, int hashStatus, int out) {
        Memory.putInt(out, h.version());
        Memory.putInt(out + 4, h.type());
        Memory.putInt(out + 8, h.flags());
        Memory.putInt(out + 12, h.checksumAlgo());
        Memory.putLong(out + 16, h.segmentId());
        Memory.putLong(out + 24, h.payloadLength());
        Memory.putLong(out + 32, h.timestampNs());
        Memory.putInt(out + 40, h.compression());
        Memory.putInt(out + 44, h.reserved0());
        Memory.putInt(out + 48, (int) h.reserved1());
        Memory.putInt(out + 52, (int) h.uncompressedLength());
        Memory.putInt(out + 56, (int) h.alignmentPad());
        Memory.putInt(out + 60, hashStatus);
        byte[] hash = h.contentHash();
        Memory.writeBytes(hash, 0, out + 64, hash.length);
    }

    /**
     * Decodes the header of a dialect-R VEC payload at {@code ptr} ({@code len} payload bytes) into the 24-byte
     * VEC struct, after checking that its records fit in {@code len}. Returns 6 (the header size).
     */
    @Export(name = "parse_vec_header")
    public static int parseVecHeader(int ptr, int len, int outPtr) {
        String fn = "parse_vec_header";
        try {
            Args.positive(fn, "len", len);
            Args.range(fn, "bytes", ptr, len);
            Args.range(fn, "out", outPtr, VEC_STRUCT_SIZE);
            if (len < VecPayload.HEADER_SIZE) {
                throw new RvfException(ErrorCode.BAD_PAYLOAD, fn + ": a VEC payload of " + len
                        + " bytes is shorter than its 6-byte header");
            }
            int dim = Memory.getShort(ptr);
            long count = Memory.getInt(ptr + 2) & 0xFFFFFFFFL;
            int n = VecPayload.checkRecordsFit(dim, count, len - VecPayload.HEADER_SIZE, 2);
            int recordSize = 8 + 4 * dim;
            int recordsBytes = n * recordSize;
            Memory.putInt(outPtr, dim);
            Memory.putInt(outPtr + 4, n);
            Memory.putInt(outPtr + 8, recordSize);
            Memory.putInt(outPtr + 12, VecPayload.HEADER_SIZE);
            Memory.putInt(outPtr + 16, recordsBytes);
            Memory.putInt(outPtr + 20, len - VecPayload.HEADER_SIZE - recordsBytes);
            return VecPayload.HEADER_SIZE;
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    /**
     * Decodes a dialect-R manifest into the 136-byte summary at {@code outPtr} and, when {@code dirCapacity > 0},
     * its directory into {@code dirPtr} (32 bytes per entry). Mode {@link #MODE_FILE}: the bytes are a whole file
     * and the latest manifest is found by tail discovery; {@link #MODE_PAYLOAD}: they are one MANIFEST payload.
     * Returns the number of directory entries written. If {@code 0 < dirCapacity < segment_count} the summary is
     * still written (so the caller learns the count) and BUFFER_TOO_SMALL is returned.
     */
    @Export(name = "parse_manifest")
    public static int parseManifest(int ptr, int len, int mode, int outPtr, int dirPtr, int dirCapacity) {
        String fn = "parse_manifest";
        try {
            Args.positive(fn, "len", len);
            Args.notNegative(fn, "dirCapacity", dirCapacity);
            if (mode != MODE_FILE && mode != MODE_PAYLOAD) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, fn + ": mode " + mode
                        + " is not 0 (whole file) or 1 (manifest payload)");
            }
            Args.range(fn, "bytes", ptr, len);
            Args.range(fn, "out", outPtr, MANIFEST_STRUCT_SIZE);
            Args.range(fn, "dir", dirPtr, (long) dirCapacity * DIRECTORY_ENTRY_SIZE);
            Manifest manifest;
            long manifestOffset = 0;
            long payloadLength = len;
            long segmentId = 0;
            if (mode == MODE_FILE) {
                // Tail discovery scans backwards through the whole file (as binding 0.2.3 does), read in place: it
                // copies only the tail it needs (a doubling window), at most the whole file, so that must fit an array
                Args.copyable(fn, "bytes", len);
                TailDiscovery.Found found = TailDiscovery.find(LinearFileBytes.view(ptr, len));
                manifest = found.manifest();
                manifestOffset = found.offset();
                payloadLength = found.header().payloadLength();
                segmentId = found.header().segmentId();
            } else {
                if (len > MAX_MANIFEST_PAYLOAD) {
                    throw new RvfException(ErrorCode.LIMIT_EXCEEDED, fn + ": a manifest payload of " + len
                            + " bytes exceeds " + MAX_MANIFEST_PAYLOAD);
                }
                byte[] bytes = Scratch.bytes(len);
                Memory.readBytes(ptr, bytes, 0, len);
                manifest = Manifest.decodeR(new ByteReader(bytes, 0, len, 0));
            }
            writeSummary(manifest, manifestOffset, payloadLength, segmentId, outPtr);
            List<DirectoryEntry> directory = manifest.directory();
            if (dirCapacity == 0) {
                return 0;
            }
            if (dirCapacity < directory.size()) {
                throw new RvfException(ErrorCode.BUFFER_TOO_SMALL, fn + ": the directory has " + directory.size()
                        + " entries, dir holds " + dirCapacity);
            }
            for (int i = 0; i < directory.size(); i++) {
                DirectoryEntry e = directory.get(i);
                int at = dirPtr + i * DIRECTORY_ENTRY_SIZE;
                Memory.putLong(at, e.segmentId());
                Memory.putLong(at + 8, e.offset());
                Memory.putLong(at + 16, e.payloadLength());
                Memory.putInt(at + 24, e.type());
                Memory.putInt(at + 28, 0);
            }
            return directory.size();
        } catch (RvfException e) {
            return LastError.fail(e);
        }
    }

    private static void writeSummary(Manifest m, long manifestOffset, long payloadLength, long segmentId, int out) {
        FileIdentity identity = m.identity() != null ? m.identity() : FileIdentity.ZERO;
        Memory.putInt(out, (int) m.epoch());
        Memory.putInt(out + 4, m.dimension());
        Memory.putLong(out + 8, m.totalVectors());
        Memory.putInt(out + 16, m.directory().size());
        Memory.putInt(out + 20, m.profile());
        Memory.putInt(out + 24, m.metricCode());
        Memory.putInt(out + 28, m.deletedCount());
        Memory.putInt(out + 32, m.identity() != null ? 1 : 0);
        Memory.putInt(out + 36, (int) identity.depth());
        Memory.putInt(out + 40, m.isExactLayout() ? 1 : 0);
        Memory.putInt(out + 44, 0);
        Memory.putLong(out + 48, manifestOffset);
        Memory.putLong(out + 56, payloadLength);
        Memory.putLong(out + 64, segmentId);
        byte[] fileId = identity.fileId();
        byte[] parentId = identity.parentId();
        byte[] parentHash = identity.parentHash();
        Memory.writeBytes(fileId, 0, out + 72, fileId.length);
        Memory.writeBytes(parentId, 0, out + 88, parentId.length);
        Memory.writeBytes(parentHash, 0, out + 104, parentHash.length);
    }
}
