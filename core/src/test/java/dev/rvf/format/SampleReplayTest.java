package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rvf.Metric;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the operations recorded in each sample (create, ingest per VEC, embedKernel/embedEbpf per KERNEL/EBPF,
 * compact for compacted.rvf) with the writer in the samples' flavor and expects the very same bytes.
 */
class SampleReplayTest {
    private static final Clock NO_CLOCK = () -> {
        throw new AssertionError("the samples' runtime writes no witnesses");
    };

    @ParameterizedTest
    @MethodSource("dev.rvf.format.SamplesTest#sampleNames")
    void writerReproducesSample(String name) {
        byte[] bytes = TestFiles.sample(name);
        RvfFile f = RvfFile.parse(bytes);
        boolean log = f.segments().get(0).type() == SegmentType.MANIFEST;
        RvfWriter w = log ? replayLog(f) : replayCompaction(f);
        assertArrayEquals(bytes, w.toBytes(), name);
        assertEquals(f.epoch(), w.epoch());
        assertEquals(f.totalVectorsField(), w.totalVectors());
        // in a log the writer's directory also lists the manifest just written; a compaction manifest is unlisted
        int listed = w.directory().size() - (log ? 1 : 0);
        assertEquals(f.manifest().directory(), w.directory().subList(0, listed));
    }

    private static RvfWriter replayLog(RvfFile f) {
        Manifest first = Manifest.decodeR(f.payloadReader(f.segments().get(0)));
        RvfWriter w = RvfWriter.create(first.dimension(), Metric.fromManifestCode(first.metricCode()),
                first.profile(), first.identity(), NO_CLOCK, WriterFlavor.SAMPLES_2026_02);
        for (SegmentInfo s : f.segments().subList(1, f.segments().size())) {
            switch (s.type()) {
                case SegmentType.MANIFEST:
                    break;
                case SegmentType.VEC:
                    VecPayload v = VecPayload.decodeR(f.payloadReader(s));
                    w.ingest(v.ids(), v.vectors());
                    break;
                case SegmentType.KERNEL:
                    KernelPayload k = KernelPayload.decode(f.payloadReader(s));
                    w.embedKernel(k.arch(), k.kernelType(), (int) k.kernelFlags(), k.image(), k.apiPort(),
                            k.cmdline());
                    break;
                case SegmentType.EBPF:
                    EbpfPayload e = EbpfPayload.decode(f.payloadReader(s));
                    w.embedEbpf(e.programType(), e.attachType(), e.maxDimension(), e.program(), e.btf());
                    break;
                default:
                    fail("unexpected segment " + s);
            }
        }
        return w;
    }

    /** compacted.rvf = VEC, MANIFEST at epoch 3: create, ingest, delete one id, compact. */
    private static RvfWriter replayCompaction(RvfFile f) {
        RvfWriter w = RvfWriter.create(f.dimension(), f.metric(), f.profile(), f.identity(), NO_CLOCK,
                WriterFlavor.SAMPLES_2026_02);
        long[] live = f.liveIds();
        long dropped = Arrays.stream(live).max().getAsLong() + 1;
        long[] ids = Arrays.copyOf(live, live.length + 1);
        ids[live.length] = dropped;
        w.ingest(ids, Arrays.copyOf(f.liveVectors(), ids.length * f.dimension()));
        assertEquals(1, w.delete(new long[] {dropped}));
        CompactionResult r = w.compact(live, f.liveVectors());
        assertEquals(1, r.segmentsCompacted());
        assertEquals(4L * f.dimension(), r.bytesReclaimed());
        return w;
    }
}
