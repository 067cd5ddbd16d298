package dev.rvf;

/**
 * Distance metrics, with the reference implementation's definitions (smaller is nearer) and its
 * manifest byte codes (byte 19 of the manifest payload, written by reference 0.2.x).
 */
public enum Metric {
    /** Squared Euclidean distance. */
    L2(0, "l2"),
    /** Negated dot product. */
    DOT_PRODUCT(1, "dotproduct"),
    /** 1 - cosine similarity. */
    COSINE(2, "cosine");

    private final int manifestCode;
    private final String apiName;

    Metric(int manifestCode, String apiName) {
        this.manifestCode = manifestCode;
        this.apiName = apiName;
    }

    /** The value stored in manifest byte 19. */
    public int manifestCode() {
        return manifestCode;
    }

    /** The name used by the JS API ("l2", "cosine", "dotproduct"). */
    public String apiName() {
        return apiName;
    }

    /** Metric for a manifest byte; unknown values read as L2, as older reference readers do. */
    public static Metric fromManifestCode(int code) {
        for (Metric m : values()) {
            if (m.manifestCode == code) {
                return m;
            }
        }
        return L2;
    }

    /** Parses an API name; accepts the reference's aliases "inner_product" and "ip". */
    public static Metric parse(String name) {
        if (name != null) {
            switch (name.toLowerCase()) {
                case "l2":
                case "euclidean":
                    return L2;
                case "cosine":
                    return COSINE;
                case "dotproduct":
                case "dot":
                case "inner_product":
                case "ip":
                    return DOT_PRODUCT;
                default:
                    break;
            }
        }
        throw new RvfException(ErrorCode.INVALID_ARGUMENT,
                "unknown metric \"" + name + "\" (expected l2, cosine or dotproduct)");
    }
}
