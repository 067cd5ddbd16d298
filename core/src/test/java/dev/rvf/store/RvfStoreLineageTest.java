package dev.rvf.store;

import static dev.rvf.store.StoreTestSupport.assertCode;
import static dev.rvf.store.StoreTestSupport.fixedClock;
import static dev.rvf.store.StoreTestSupport.options;
import static dev.rvf.store.StoreTestSupport.random;
import static dev.rvf.store.StoreTestSupport.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.Metric;
import dev.rvf.format.Fold256;
import dev.rvf.format.Hex;
import dev.rvf.format.KernelPayload;
import dev.rvf.format.RvfFile;
import dev.rvf.format.SegmentInfo;
import dev.rvf.format.SegmentType;
import dev.rvf.format.WitnessReport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** derive() and lineage, kernels and eBPF programs, witnesses, segments(). */
class RvfStoreLineageTest {

    private static String tailHash(byte[] parent) {
        int tail = Math.min(65536, parent.length);
        return Hex.of(Fold256.digest(parent, parent.length - tail, tail));
    }

    @Test
    void deriveMakesAnEmptyChildWithTheParentsIdentity() {
        RvfStore parent = RvfStore.create(32, Metric.DOT_PRODUCT, options("parent").withProfile(2));
        parent.ingest(random(new Random(1), 700, 32), range(1, 700), null); // > 64 KiB: the tail window matters
        RvfStore child = parent.derive(DerivationType.FILTER, options("child"));
        byte[] parentBytes = parent.export();
        assertTrue(parentBytes.length > 65536);
        assertEquals(parent.fileId(), child.parentId());
        assertEquals(1, child.lineageDepth());
        assertEquals(tailHash(parentBytes), child.parentHash(),
                "the parent's pending INDEX is written before deriving, so the hash covers what export() returns");
        assertEquals(DerivationType.FILTER, child.derivationType());
        assertNull(parent.derivationType());
        assertEquals(32, child.dimension());
        assertEquals(Metric.DOT_PRODUCT, child.metric());
        assertEquals(2, child.status().profile());
        assertEquals(0, child.status().totalVectors());
        assertNotEquals(parent.fileId(), child.fileId());
        assertEquals(32, child.fileId().length());
        assertEquals(64, child.parentHash().length());

        child.ingest(random(new Random(2), 5, 32), range(1, 5), null);
        RvfStore grandchild = child.derive(DerivationType.SNAPSHOT, options("grandchild"));
        assertEquals(2, grandchild.lineageDepth());
        assertEquals(child.fileId(), grandchild.parentId());
        assertEquals(tailHash(child.export()), grandchild.parentHash());

        // the identity is in the file, the derivation type is not
        RvfStore reopened = RvfStore.open(grandchild.export());
        assertEquals(grandchild.fileId(), reopened.fileId());
        assertEquals(grandchild.parentId(), reopened.parentId());
        assertEquals(grandchild.parentHash(), reopened.parentHash());
        assertEquals(2, reopened.lineageDepth());
        assertNull(reopened.derivationType());
        RvfFile f = RvfFile.parse(grandchild.export());
        assertEquals(1, f.segments().size(), "a derived file starts as one MANIFEST, as the reference's");

        // identity survives compaction
        child.delete(new long[] {1});
        child.compact();
        assertEquals(1, child.lineageDepth());
        assertEquals(parent.fileId(), RvfStore.open(child.export()).parentId());
    }

    @Test
    void deriveWithDefaultOptionsGetsAFreshId() {
        RvfStore parent = RvfStore.create(4, Metric.L2, options("p"));
        RvfStore a = parent.derive(DerivationType.CLONE);
        RvfStore b = parent.derive(DerivationType.CLONE);
        assertNotEquals(a.fileId(), b.fileId());
        assertEquals(a.parentHash(), b.parentHash());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> parent.derive(DerivationType.CLONE,
                StoreOptions.defaults().withReadOnly(true)));
    }

    @Test
    void kernelsAndEbpfAsTheReferenceReturnsThem() {
        RvfStore s = RvfStore.create(8, Metric.L2, options("kernel"));
        assertNull(s.extractKernel());
        assertNull(s.extractEbpf());
        byte[] image = "first kernel image".getBytes(StandardCharsets.UTF_8);
        long id = s.embedKernel(1, 0xFE, 0x11, image, 8080, "console=ttyS0");
        assertEquals(2, id);
        s.embedKernel(0, 0, 0, new byte[] {9}, 80, null);
        s.embedEbpf(2, 3, 8, new byte[16], "btf!".getBytes(StandardCharsets.UTF_8));
        assertEquals(3, s.status().epoch());
        KernelData k = s.extractKernel(); // the first one listed, as the reference
        assertEquals(128, k.header().length);
        byte[] body = k.image();
        assertArrayEquals(image, Arrays.copyOf(body, image.length));
        assertEquals("console=ttyS0", new String(body, image.length, body.length - image.length,
                StandardCharsets.UTF_8));
        KernelPayload p = k.payload();
        assertEquals(1, p.arch());
        assertEquals(0xFE, p.kernelType());
        assertEquals(0x11, p.kernelFlags());
        assertEquals(8080, p.apiPort());
        assertTrue(p.imageHashValid());
        EbpfData e = s.extractEbpf();
        assertEquals(64, e.header().length);
        assertEquals(20, e.payloadBytes().length);
        assertEquals(2, e.payload().programType());
        assertEquals(3, e.payload().attachType());
        assertEquals(8, e.payload().maxDimension());
        assertEquals(2, e.payload().insnCount());

        // both survive export/open and compaction
        RvfStore r = RvfStore.open(s.export());
        assertArrayEquals(k.header(), r.extractKernel().header());
        r.compact();
        assertArrayEquals(k.image(), r.extractKernel().image());
        assertArrayEquals(e.payloadBytes(), r.extractEbpf().payloadBytes());
    }

    @Test
    void witnessChainAndSegmentsOfTheLog() {
        RvfStore s = RvfStore.create(4, Metric.L2, options("witness"));
        s.ingest(random(new Random(3), 10, 4), range(1, 10), null);
        s.delete(new long[] {1, 2});
        s.ingest(random(new Random(4), 2, 4), new long[] {20, 21}, null);
        WitnessReport w = s.verifyWitness();
        assertTrue(w.isValid());
        assertEquals(3, w.entries());
        assertEquals(1, w.geneses());
        List<SegmentInfo> segs = s.segments();
        assertEquals(10, segs.size());
        assertEquals("manifest", segs.get(0).typeName());
        assertEquals("vec", segs.get(1).typeName());
        assertEquals("witness", segs.get(2).typeName());
        assertEquals("journal", segs.get(4).typeName());
        assertEquals(0, segs.get(0).offset());
        assertEquals(162, segs.get(1).offset());

        // reopening restarts the chain (a new genesis), compaction too
        RvfStore r = RvfStore.open(s.export(), StoreOptions.defaults().withClock(fixedClock()));
        r.ingest(random(new Random(5), 1, 4), new long[] {30}, null);
        r.compact();
        WitnessReport w2 = r.verifyWitness();
        assertTrue(w2.isValid());
        assertEquals(5, w2.entries());
        assertEquals(3, w2.geneses());

        // a tampered witness is reported at its offset
        byte[] bytes = s.export();
        SegmentInfo second = s.segments().stream().filter(x -> x.type() == SegmentType.WITNESS).skip(1)
                .findFirst().orElseThrow();
        bytes[(int) second.endOffset() - 1] ^= 1; // last byte of its prev_hash
        // fix the content hash so the file still opens
        System.arraycopy(dev.rvf.format.ContentHash.of(bytes, (int) second.payloadOffset(),
                (int) second.payloadLength()), 0, bytes, (int) second.offset() + 0x28, 16);
        WitnessReport broken = RvfStore.open(bytes, StoreOptions.defaults().withReadOnly(true)).verifyWitness();
        assertFalse(broken.isValid());
        assertEquals(second.offset(), broken.brokenOffset());
        assertEquals(1, broken.brokenIndex());
    }
}
