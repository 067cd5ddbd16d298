package dev.rvf.format;

/**
 * Segment type codes (byte 5 of the segment header, rvf-format.md §2.1) and their names.
 *
 * <p>{@link #name(int)} returns exactly what the reference binding's {@code segments()} reports
 * ({@code segType}); note that the binding has no names for WASM, DASHBOARD, REFCOUNT and DELTA and reports
 * them as {@code "unknown(0x10)"} etc. {@link #specName(int)} returns the upper-case names of the format notes
 * (as printed by {@code rvfcheck.py}), known for every type of §2.1.
 */
public final class SegmentType {
    public static final int INVALID = 0x00;
    public static final int VEC = 0x01;
    public static final int INDEX = 0x02;
    public static final int OVERLAY = 0x03;
    public static final int JOURNAL = 0x04;
    public static final int MANIFEST = 0x05;
    public static final int QUANT = 0x06;
    public static final int META = 0x07;
    public static final int HOT = 0x08;
    public static final int SKETCH = 0x09;
    public static final int WITNESS = 0x0A;
    public static final int PROFILE = 0x0B;
    public static final int CRYPTO = 0x0C;
    public static final int META_IDX = 0x0D;
    public static final int KERNEL = 0x0E;
    public static final int EBPF = 0x0F;
    public static final int WASM = 0x10;
    public static final int DASHBOARD = 0x11;
    public static final int COW_MAP = 0x20;
    public static final int REFCOUNT = 0x21;
    public static final int MEMBERSHIP = 0x22;
    public static final int DELTA = 0x23;
    public static final int TRANSFER_PRIOR = 0x30;
    public static final int POLICY_KERNEL = 0x31;
    public static final int COST_CURVE = 0x32;
    public static final int FEDERATED_MANIFEST = 0x33;
    public static final int DIFF_PRIVACY_PROOF = 0x34;
    public static final int REDACTION_LOG = 0x35;
    public static final int AGGREGATE_WEIGHTS = 0x36;

    private static final String[] REFERENCE_NAMES = {
        "invalid", "vec", "index", "overlay", "journal", "manifest", "quant", "meta", "hot", "sketch",
        "witness", "profile", "crypto", "meta_idx", "kernel", "ebpf",
    };
    private static final String[] SPEC_NAMES_0 = {
        "INVALID", "VEC", "INDEX", "OVERLAY", "JOURNAL", "MANIFEST", "QUANT", "META", "HOT", "SKETCH",
        "WITNESS", "PROFILE", "CRYPTO", "META_IDX", "KERNEL", "EBPF", "WASM", "DASHBOARD",
    };
    private static final String[] SPEC_NAMES_20 = {"COW_MAP", "REFCOUNT", "MEMBERSHIP", "DELTA"};
    private static final String[] SPEC_NAMES_30 = {
        "TRANSFER_PRIOR", "POLICY_KERNEL", "COST_CURVE", "FEDERATED_MANIFEST", "DIFF_PRIVACY_PROOF",
        "REDACTION_LOG", "AGGREGATE_WEIGHTS",
    };
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private SegmentType() {
    }

    /** The reference binding's name: "vec", "manifest", "cow_map", ... or "unknown(0xNN)" (upper-case hex). */
    public static String name(int type) {
        int t = type & 0xFF;
        if (t < REFERENCE_NAMES.length) {
            return REFERENCE_NAMES[t];
        }
        if (t == COW_MAP) {
            return "cow_map";
        }
        if (t == MEMBERSHIP) {
            return "membership";
        }
        return "unknown(0x" + hex2(t) + ")";
    }

    /** The format notes' name: "VEC", "MANIFEST", "WASM", "COW_MAP", ... or "UNKNOWN_0xNN". */
    public static String specName(int type) {
        int t = type & 0xFF;
        if (t < SPEC_NAMES_0.length) {
            return SPEC_NAMES_0[t];
        }
        if (t >= 0x20 && t < 0x20 + SPEC_NAMES_20.length) {
            return SPEC_NAMES_20[t - 0x20];
        }
        if (t >= 0x30 && t < 0x30 + SPEC_NAMES_30.length) {
            return SPEC_NAMES_30[t - 0x30];
        }
        return "UNKNOWN_0x" + hex2(t);
    }

    /** True for the types of §2.1 (everything {@link #specName} names). */
    public static boolean isKnown(int type) {
        return !specName(type).startsWith("UNKNOWN_");
    }

    private static String hex2(int t) {
        return new String(new char[] {HEX_UPPER[t >>> 4], HEX_UPPER[t & 15]});
    }
}
