package dev.rvf.format;

/** Which reference build {@link RvfWriter} imitates (rvf-format.md §0, §0.1). */
public enum WriterFlavor {
    /** npm rvf-node 0.2.3 (native 0.2.2): WITNESS segments, metric in manifest byte 19. The default. */
    NATIVE_0_2(true, true),
    /** npm rvf-node 0.1.8 (native 0.1.7): WITNESS segments, manifest byte 19 left 0. */
    NATIVE_0_1(true, false),
    /** The runtime that wrote the 48 published samples (Feb 2026): no WITNESS segments, byte 19 left 0. */
    SAMPLES_2026_02(false, false);

    private final boolean witnesses;
    private final boolean metricByte;

    WriterFlavor(boolean witnesses, boolean metricByte) {
        this.witnesses = witnesses;
        this.metricByte = metricByte;
    }

    /** Whether ingest, delete and compact append a WITNESS segment. */
    public boolean writesWitnesses() {
        return witnesses;
    }

    /** Whether the metric is stored in manifest byte 19. */
    public boolean writesMetricByte() {
        return metricByte;
    }
}
