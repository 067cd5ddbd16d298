package dev.rvf.format;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;

/**
 * One dialect-R WITNESS_SEG payload (rvf-format.md §11.1):
 * {@code witness_type u8 | timestamp_ns u64 | action_len u32 | action (ASCII) | prev_hash[32]}.
 * Immutable.
 */
public final class WitnessEntry {
    /** witness_type of delete entries ("data provenance"). */
    public static final int TYPE_PROVENANCE = 0x00;
    /** witness_type of ingest, compact and query-audit entries ("computation"). */
    public static final int TYPE_COMPUTATION = 0x01;
    /** Payload size without the action. */
    public static final int FIXED_SIZE = 45;

    private final int witnessType;
    private final long timestampNs;
    private final byte[] action;
    private final byte[] prevHash;

    public WitnessEntry(int witnessType, long timestampNs, byte[] action, byte[] prevHash) {
        if (action == null || prevHash == null || prevHash.length != Fold256.SIZE) {
            throw new RvfException(ErrorCode.INVALID_ARGUMENT, "witness needs an action and a 32-byte prev hash");
        }
        this.witnessType = witnessType & 0xFF;
        this.timestampNs = timestampNs;
        this.action = action.clone();
        this.prevHash = prevHash.clone();
    }

    /** An entry whose action is an ASCII string (the reference's actions are ASCII). */
    public static WitnessEntry of(int witnessType, long timestampNs, String action, byte[] prevHash) {
        return new WitnessEntry(witnessType, timestampNs, ascii(action), prevHash);
    }

    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            char c = s.charAt(i);
            if (c > 0x7F) {
                throw new RvfException(ErrorCode.INVALID_ARGUMENT, "witness action must be ASCII");
            }
            b[i] = (byte) c;
        }
        return b;
    }

    /** Decodes the reader's remaining bytes, which must be exactly 45 + action_len; BAD_PAYLOAD otherwise. */
    public static WitnessEntry decode(ByteReader r) {
        int len = r.remaining();
        if (len < FIXED_SIZE) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "witness payload shorter than 45 bytes", r.fileOffset());
        }
        int type = r.u8();
        long ts = r.u64();
        long alen = r.u32();
        if (alen != len - FIXED_SIZE) {
            throw new RvfException(ErrorCode.BAD_PAYLOAD, "witness action_len " + alen + " does not match payload "
                    + len, r.fileOffset() - 4);
        }
        byte[] action = r.bytes((int) alen);
        return new WitnessEntry(type, ts, action, r.bytes(Fold256.SIZE));
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(FIXED_SIZE + action.length);
        w.u8(witnessType).u64(timestampNs).u32(action.length).bytes(action).bytes(prevHash);
        return w.toByteArray();
    }

    public int witnessType() {
        return witnessType;
    }

    public long timestampNs() {
        return timestampNs;
    }

    /** The action bytes as text (bytes above 0x7F map to U+0080..U+00FF). */
    public String action() {
        char[] c = new char[action.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) (action[i] & 0xFF);
        }
        return new String(c);
    }

    public byte[] prevHash() {
        return prevHash.clone();
    }

    /** True when prev_hash is all zero: the entry starts a chain. */
    public boolean isGenesis() {
        for (byte b : prevHash) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
