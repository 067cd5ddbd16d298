package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encode/decode round trips of every codec, and the rebuild of real payloads from their fields. */
class CodecsTest {
    static ByteReader reader(byte[] b) {
        return ByteReader.of(b);
    }

    static void assertCode(ErrorCode code, Runnable r) {
        assertCodeAndGet(code, r);
    }

    static RvfException assertCodeAndGet(ErrorCode code, Runnable r) {
        RvfException e = assertThrows(RvfException.class, r::run);
        assertEquals(code, e.errorCode(), e.getMessage());
        return e;
    }

    static byte[] bytesOf(ByteWriter w) {
        return w.toByteArray();
    }

    static FileIdentity identity(int seed) {
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        byte[] c = new byte[32];
        for (int i = 0; i < 16; i++) {
            a[i] = (byte) (seed + i);
            b[i] = (byte) (seed * 3 + i);
        }
        for (int i = 0; i < 32; i++) {
            c[i] = (byte) (seed * 7 + i);
        }
        return new FileIdentity(a, b, c, seed & 0xFF);
    }

    // ----------------------------------------------------------------------------------------- header

    /** FileBytes.uints, every width, from an array and from memory that is not one (the generic path). */
    @Test
    void unsignedIntegersOfEveryWidth() {
        byte[] data = new byte[64];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (0x91 + 37 * i);
        }
        for (int width = 1; width <= 4; width++) {
            int count = (data.length - 3) / width;
            int[] fromArray = new int[count + 1];
            int[] fromMemory = new int[count + 1];
            FileBytes.of(data).uints(3, width, fromArray, 1, count);
            new DetachedFileBytes(data).uints(3, width, fromMemory, 1, count);
            for (int i = 0; i < count; i++) {
                long expected = 0;
                for (int b = 0; b < width; b++) {
                    expected |= (long) (data[3 + i * width + b] & 0xFF) << (8 * b);
                }
                assertEquals((int) expected, fromArray[1 + i], "width " + width);
                assertEquals((int) expected, fromMemory[1 + i], "width " + width);
            }
            assertEquals(0, fromArray[0]);
        }
    }

    @Test
    void headerKeepsEveryField() {
        byte[] h = new byte[64];
        for (int i = 0; i < 64; i++) {
            h[i] = (byte) (i * 37 + 11);
        }
        LittleEndian.putI32(h, 0, SegmentHeader.MAGIC);
        SegmentHeader sh = SegmentHeader.parse(h, 0);
        assertArrayEquals(h, sh.toBytes());
        assertEquals(h[4] & 0xFF, sh.version());
        assertEquals(h[5] & 0xFF, sh.type());
        assertEquals(LittleEndian.u16(h, 6), sh.flags());
        assertEquals(LittleEndian.u64(h, 8), sh.segmentId());
        assertEquals(LittleEndian.u64(h, 16), sh.payloadLength());
        assertEquals(LittleEndian.u64(h, 24), sh.timestampNs());
        assertEquals(h[0x20] & 0xFF, sh.checksumAlgo());
        assertEquals(h[0x21] & 0xFF, sh.compression());
        assertEquals(LittleEndian.u16(h, 0x22), sh.reserved0());
        assertEquals(LittleEndian.u32(h, 0x24), sh.reserved1());
        assertArrayEquals(Arrays.copyOfRange(h, 0x28, 0x38), sh.contentHash());
        assertEquals(LittleEndian.u32(h, 0x38), sh.uncompressedLength());
        assertEquals(LittleEndian.u32(h, 0x3C), sh.alignmentPad());
    }

    @Test
    void headerErrors() {
        byte[] ok = SegmentHeader.forPayload(SegmentType.VEC, 3, new byte[0], 0, 0).toBytes();
        assertCode(ErrorCode.TRUNCATED, () -> SegmentHeader.parse(Arrays.copyOf(ok, 63), 0));
        byte[] bad = ok.clone();
        bad[3] = 0;
        assertCode(ErrorCode.BAD_MAGIC, () -> SegmentHeader.parse(bad, 0));
        RvfException e = assertThrows(RvfException.class, () -> SegmentHeader.parse(bad, 0, 1234));
        assertEquals(1234, e.offset());
        SegmentHeader h = SegmentHeader.parse(ok, 0);
        assertEquals(1, h.version());
        assertEquals(3, h.segmentId());
        assertCode(ErrorCode.LENGTH_OUT_OF_RANGE, () ->
                SegmentHeader.forPayload(1, 1, new byte[10], 0, 10).checkedPayloadLength(9, 0));
    }

    // ----------------------------------------------------------------------------------------- manifest

    @Test
    void manifestRRoundTrip() {
        List<DirectoryEntry> dir = Arrays.asList(new DirectoryEntry(1, 0, 98, 5),
                new DirectoryEntry(2, 162, 1234567890123L, 1), new DirectoryEntry(-1L, Long.MAX_VALUE, 0, 0xF0));
        long[] deleted = {1, 5, -2L};
        Manifest m = Manifest.ofR(4000000000L, 65535, 123456789012L, 3, 2, dir, deleted, identity(9));
        byte[] enc = m.encode();
        assertEquals(22 + 75 + 4 + 24 + 72, enc.length);
        assertEquals(enc.length, m.encodedLength());
        assertEquals(2, enc[19]);
        Manifest d = Manifest.decodeR(reader(enc));
        assertEquals(4000000000L, d.epoch());
        assertEquals(65535, d.dimension());
        assertEquals(123456789012L, d.totalVectors());
        assertEquals(3, d.profile());
        assertEquals(2, d.metricCode());
        assertEquals(dir, d.directory());
        assertArrayEquals(deleted, d.deletedIds());
        assertEquals(identity(9), d.identity());
        assertTrue(d.isExactLayout());
        assertArrayEquals(enc, d.encode());

        Manifest bare = Manifest.ofR(0, 4, 0, 0, 0, List.of(), new long[0], null);
        assertEquals(26, bare.encode().length);
        Manifest bd = Manifest.decodeR(reader(bare.encode()));
        assertNull(bd.identity());
        assertTrue(bd.isExactLayout());
        // a fresh file's manifest is 98 bytes (§6)
        assertEquals(98, Manifest.ofR(0, 4, 0, 0, 0, List.of(), new long[0], identity(1)).encodedLength());
    }

    /** The reference's manifest parser, as probed with rvf-node 0.2.3 (see rvf-format notes in the report). */
    @Test
    void manifestRIsAsLenientAsTheReference() {
        byte[] full = Manifest.ofR(9, 4, 2, 0, 0, List.of(new DirectoryEntry(1, 0, 54, 1)), new long[] {1, 2},
                identity(3)).encode();
        int afterDir = 22 + 25;
        // shorter than 22: rejected
        assertCode(ErrorCode.BAD_MANIFEST, () -> Manifest.decodeR(reader(Arrays.copyOf(full, 21))));
        // directory cut: rejected
        assertCode(ErrorCode.BAD_MANIFEST, () -> Manifest.decodeR(reader(Arrays.copyOf(full, afterDir - 1))));
        // huge seg_count: rejected without allocating
        byte[] huge = full.clone();
        LittleEndian.putI32(huge, 14, -1);
        assertCode(ErrorCode.BAD_MANIFEST, () -> Manifest.decodeR(reader(huge)));
        // directory exactly present, nothing after: accepted, no deletes, no identity
        Manifest a = Manifest.decodeR(reader(Arrays.copyOf(full, afterDir)));
        assertEquals(0, a.deletedCount());
        assertNull(a.identity());
        assertFalse(a.isExactLayout());
        // deleted_count 2 but one id present: the one id is read
        Manifest b = Manifest.decodeR(reader(Arrays.copyOf(full, afterDir + 4 + 8 + 4)));
        assertArrayEquals(new long[] {1}, b.deletedIds());
        // deleted_count 0xFFFFFFFF followed by the identity: the identity's bytes are read as ids, no identity
        byte[] lie = full.clone();
        LittleEndian.putI32(lie, afterDir, -1);
        Manifest c = Manifest.decodeR(reader(lie));
        assertEquals((lie.length - afterDir - 4) / 8, c.deletedCount());
        assertNull(c.identity());
        // wrong marker: no identity; extra trailing byte after the identity: identity still read
        byte[] marker = full.clone();
        marker[full.length - 72] = 'X';
        assertNull(Manifest.decodeR(reader(marker)).identity());
        byte[] trailing = Arrays.copyOf(full, full.length + 1);
        Manifest t = Manifest.decodeR(reader(trailing));
        assertEquals(identity(3), t.identity());
        assertFalse(t.isExactLayout());
    }

    @Test
    void manifestWRoundTrip() {
        Manifest m = Manifest.ofW(1, 4, 3, 0, List.of(new DirectoryEntry(1, 0, 78, 1)));
        byte[] enc = m.encode();
        assertEquals(44, enc.length);
        Manifest d = Manifest.decodeW(reader(enc));
        assertEquals(Dialect.W, d.dialect());
        assertEquals(1, d.epoch());
        assertEquals(4, d.dimension());
        assertEquals(3, d.totalVectors());
        assertEquals(m.directory(), d.directory());
        assertArrayEquals(enc, d.encode());
        assertCode(ErrorCode.BAD_MANIFEST, () -> Manifest.decodeW(reader(Arrays.copyOf(enc, 43))));
        assertCode(ErrorCode.BAD_MANIFEST, () -> Manifest.decodeW(reader(Arrays.copyOf(enc, 18))));
        // an R parser rejects a W manifest (seg_count read from bytes 14..18 = 0x100)
        assertCode(ErrorCode.BAD_MANIFEST, () -> Manifest.decodeR(reader(enc)));
    }

    // ----------------------------------------------------------------------------------------- vec

    @Test
    void vecRoundTrips() {
        long[] ids = {7, -1L, 0};
        float[] v = {1, 2, 3, Float.NaN, -0.0f, Float.MIN_VALUE, 1e30f, 0, -5};
        for (Dialect d : Dialect.values()) {
            ByteWriter w = new ByteWriter();
            if (d == Dialect.R) {
                VecPayload.encodeR(w, 3, ids, v);
            } else {
                VecPayload.encodeW(w, 3, ids, v);
            }
            byte[] enc = w.toByteArray();
            assertEquals(VecPayload.encodedLength(3, 3), enc.length);
            VecPayload p = d == Dialect.R ? VecPayload.decodeR(reader(enc)) : VecPayload.decodeW(reader(enc));
            assertEquals(3, p.count());
            assertEquals(3, p.dimension());
            assertArrayEquals(ids, p.ids());
            float[] back = p.vectors();
            for (int i = 0; i < v.length; i++) {
                assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]));
            }
        }
        ByteWriter w = new ByteWriter();
        VecPayload.encodeR(w, 3, ids, v);
        byte[] r = w.toByteArray();
        assertEquals(3, r[0]);
        assertEquals(3, r[2]);
        ByteWriter ww = new ByteWriter();
        VecPayload.encodeW(ww, 3, ids, v);
        byte[] wb = ww.toByteArray();
        assertEquals(3, wb[0]);
        assertEquals(3, wb[2]);
    }

    @Test
    void vecRejectsLies() {
        ByteWriter w = new ByteWriter();
        VecPayload.encodeR(w, 4, new long[] {1, 2}, new float[8]);
        byte[] ok = w.toByteArray();
        // count one too many
        byte[] more = ok.clone();
        more[2] = 3;
        assertCode(ErrorCode.BAD_PAYLOAD, () -> VecPayload.decodeR(reader(more)));
        // four billion vectors in a 54-byte payload: fails before allocating
        byte[] huge = ok.clone();
        LittleEndian.putI32(huge, 2, -1);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> VecPayload.decodeR(reader(huge)));
        // dimension 0 with vectors
        byte[] dim0 = ok.clone();
        dim0[0] = 0;
        assertCode(ErrorCode.BAD_PAYLOAD, () -> VecPayload.decodeR(reader(dim0)));
        assertCode(ErrorCode.BAD_PAYLOAD, () -> VecPayload.decodeR(reader(new byte[5])));
        // dimension 0, count 0 is an empty segment
        assertEquals(0, VecPayload.decodeR(reader(new byte[6])).count());
        // trailing bytes are ignored (the reference loads such a segment)
        assertEquals(2, VecPayload.decodeR(reader(Arrays.copyOf(ok, ok.length + 4))).count());
        // one byte short: the last record does not fit
        assertCode(ErrorCode.BAD_PAYLOAD, () -> VecPayload.decodeR(reader(Arrays.copyOf(ok, ok.length - 1))));
        // encode checks the shape
        assertCode(ErrorCode.DIMENSION_MISMATCH, () -> VecPayload.encodeR(new ByteWriter(), 4, new long[1],
                new float[3]));
        // W: dimension above 65535 is refused
        byte[] wdim = new byte[6];
        LittleEndian.putI32(wdim, 2, 70000);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> VecPayload.decodeW(reader(wdim)));
    }

    // ----------------------------------------------------------------------------------------- journal, witness

    @Test
    void journalRoundTrip() {
        ByteWriter w = new ByteWriter();
        JournalPayload.encodeDeletes(w, 3, new long[] {10, 99, 10});
        byte[] enc = w.toByteArray();
        assertEquals(JournalPayload.encodedDeletesLength(3), enc.length);
        assertEquals(52, enc.length);
        JournalPayload j = JournalPayload.decode(reader(enc));
        assertEquals(3, j.entryCount());
        assertEquals(3, j.epoch());
        assertEquals(0, j.prevJournalSegmentId());
        assertArrayEquals(new long[] {10, 99, 10}, j.deletedIds());
        assertEquals(JournalPayload.DELETE_VECTOR, j.entryType(1));
        byte[] lie = enc.clone();
        LittleEndian.putI32(lie, 0, -1);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> JournalPayload.decode(reader(lie)));
        byte[] bodyLie = enc.clone();
        LittleEndian.putU16(bodyLie, 16 + 2, 60000);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> JournalPayload.decode(reader(bodyLie)));
        assertCode(ErrorCode.BAD_PAYLOAD, () -> JournalPayload.decode(reader(Arrays.copyOf(enc, 51))));
    }

    @Test
    void witnessRoundTripAndChain() {
        WitnessChain chain = new WitnessChain();
        assertTrue(chain.atGenesis());
        WitnessEntry first = chain.next(WitnessEntry.TYPE_COMPUTATION, 1795520128551144699L,
                "ingest:count=3,epoch=1");
        byte[] p1 = first.encode();
        assertEquals(67, p1.length);
        assertTrue(first.isGenesis());
        WitnessEntry second = chain.next(WitnessEntry.TYPE_PROVENANCE, 5, "delete:count=1,epoch=2");
        assertArrayEquals(Fold256.digest(p1), second.prevHash());
        WitnessEntry d = WitnessEntry.decode(reader(second.encode()));
        assertEquals(0, d.witnessType());
        assertEquals(5, d.timestampNs());
        assertEquals("delete:count=1,epoch=2", d.action());
        assertArrayEquals(second.encode(), d.encode());
        byte[] bad = p1.clone();
        LittleEndian.putI32(bad, 9, 23);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> WitnessEntry.decode(reader(bad)));
        assertCode(ErrorCode.BAD_PAYLOAD, () -> WitnessEntry.decode(reader(new byte[44])));
        chain.reset();
        assertTrue(chain.next(1, 0, "x").isGenesis());
    }

    // ----------------------------------------------------------------------------------------- kernel, ebpf

    @Test
    void kernelBuildMatchesTheReferenceLayout() {
        byte[] image = "IMG1".getBytes(StandardCharsets.US_ASCII);
        KernelPayload k = KernelPayload.build(0, 0, 0, image, 80, "c1".getBytes(StandardCharsets.US_ASCII));
        // header bytes as rvf-node 0.2.3 wrote them for embedKernel(0, 0, 0, "IMG1", 80, "c1")
        assertEquals("4e4b56520100000000000000000000000000000000000000040000000000000004000000000000000000005001000000"
                + "494d47310000000000000000004a6a3a8900000000000000000000000000000000000000000000000000000000000000"
                + "0000000000000000000000000000000080000000000000000200000000000000", Hex.of(k.headerBytes()));
        assertEquals(80, k.apiPort());
        assertEquals(128, k.cmdlineOffsetField());
        assertEquals("IMG1c1", new String(k.bytesAfterHeader(), StandardCharsets.US_ASCII));
        KernelPayload d = KernelPayload.decode(reader(k.encode()));
        assertArrayEquals(image, d.image());
        assertArrayEquals("c1".getBytes(StandardCharsets.US_ASCII), d.cmdline());
        assertTrue(d.imageHashValid());
        assertNull(d.binding());
        assertArrayEquals(k.encode(), d.encode());
    }

    @Test
    void kernelLayoutWithBinding() {
        byte[] image = new byte[300];
        Arrays.fill(image, (byte) 0x5A);
        byte[] cmd = "console=ttyS0".getBytes(StandardCharsets.US_ASCII);
        byte[] header = KernelPayload.build(1, 4, 0x1FF, image, 8443, cmd).headerBytes();
        LittleEndian.putU64(header, 0x70, 256);
        byte[] binding = new byte[128];
        binding[0x40] = 1;
        ByteWriter w = new ByteWriter();
        w.bytes(header).bytes(binding).bytes(cmd).bytes(image);
        byte[] payload = w.toByteArray();
        KernelPayload k = KernelPayload.decode(reader(payload));
        assertArrayEquals(binding, k.binding());
        assertArrayEquals(cmd, k.cmdline());
        assertArrayEquals(image, k.image());
        assertEquals(8443, k.apiPort());
        assertEquals(0x1FF, k.kernelFlags());
        assertTrue(k.imageHashValid());
        assertArrayEquals(payload, k.encode());
        byte[] lie = payload.clone();
        LittleEndian.putU64(lie, 0x18, 1L << 40);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> KernelPayload.decode(reader(lie)));
        byte[] magic = payload.clone();
        magic[0] = 0;
        assertCode(ErrorCode.BAD_PAYLOAD, () -> KernelPayload.decode(reader(magic)));
    }

    @Test
    void ebpfRoundTrip() {
        byte[] prog = new byte[16];
        Arrays.fill(prog, (byte) 7);
        EbpfPayload e = EbpfPayload.build(2, 3, 4, prog, "btfdata".getBytes(StandardCharsets.US_ASCII));
        assertEquals(87, e.encode().length);
        EbpfPayload d = EbpfPayload.decode(reader(e.encode()));
        assertEquals(2, d.programType());
        assertEquals(3, d.attachType());
        assertEquals(2, d.insnCount());
        assertEquals(4, d.maxDimension());
        assertEquals(16, d.programSize());
        assertEquals(7, d.btfSize());
        assertTrue(d.programHashValid());
        assertArrayEquals(e.encode(), d.encode());
        byte[] lie = e.encode();
        LittleEndian.putI32(lie, 0x1C, 1000);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> EbpfPayload.decode(reader(lie)));
    }

    /** Every KERNEL and EBPF payload of the samples decodes, re-encodes identically, and rebuilds from its fields. */
    @Test
    void samplePayloadsRebuildExactly() {
        int kernels = 0;
        int ebpfs = 0;
        for (String name : new String[] {"claude_code_appliance.rvf", "linux_microkernel.rvf", "mcp_in_rvf.rvf",
            "sealed_engine.rvf", "self_booting.rvf", "ebpf_accelerator.rvf"}) {
            RvfFile f = RvfFile.parse(TestFiles.sample(name));
            for (SegmentInfo s : f.segments()) {
                byte[] payload = f.payload(s);
                if (s.type() == SegmentType.KERNEL) {
                    KernelPayload k = KernelPayload.decode(f.payloadReader(s));
                    assertArrayEquals(payload, k.encode());
                    assertTrue(k.imageHashValid());
                    assertArrayEquals(payload, KernelPayload.build(k.arch(), k.kernelType(), (int) k.kernelFlags(),
                            k.image(), k.apiPort(), k.cmdline()).encode(), name);
                    kernels++;
                } else if (s.type() == SegmentType.EBPF) {
                    EbpfPayload e = EbpfPayload.decode(f.payloadReader(s));
                    assertArrayEquals(payload, e.encode());
                    assertTrue(e.programHashValid());
                    assertArrayEquals(payload, EbpfPayload.build(e.programType(), e.attachType(), e.maxDimension(),
                            e.program(), e.btf()).encode(), name);
                    ebpfs++;
                }
            }
        }
        assertEquals(5, kernels);
        assertEquals(4, ebpfs);
        assertEquals(2222, RvfFile.parse(TestFiles.sample("claude_code_appliance.rvf")).kernel().apiPort());
    }

    // ----------------------------------------------------------------------------------------- wasm, dashboard

    @Test
    void wasmAndDashboardHeaders() {
        byte[] code = {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0};
        ByteWriter w = new ByteWriter();
        w.u32(WasmPayload.MAGIC).u16(1).u8(2).u8(3).u16(5).u16(6).u32(code.length).u32(code.length).u8(0).u8(1)
                .u8(16).u8(1).bytes(Fold256.digest(code)).u8(9).u8(1).zeros(6).bytes(code);
        WasmPayload wp = WasmPayload.decode(reader(w.toByteArray()));
        assertEquals(2, wp.role());
        assertEquals(3, wp.target());
        assertEquals(5, wp.requiredFeatures());
        assertEquals(6, wp.exportCount());
        assertEquals(8, wp.bytecodeSize());
        assertEquals(16, wp.maxMemoryPages());
        assertEquals(9, wp.bootstrapPriority());
        assertTrue(wp.bytecodeHashValid());
        assertArrayEquals(code, wp.bytecode());

        byte[] bundle = "<html></html>".getBytes(StandardCharsets.US_ASCII);
        ByteWriter d = new ByteWriter();
        d.u32(DashboardPayload.MAGIC).u16(1).u8(2).u8(0).u64(bundle.length).u32(1).u16(10).u16(0)
                .u64(1700000000L).bytes(Fold256.digest(bundle)).bytes(bundle);
        DashboardPayload dp = DashboardPayload.decode(reader(d.toByteArray()));
        assertEquals(2, dp.uiFramework());
        assertEquals(bundle.length, dp.bundleSize());
        assertEquals(1, dp.fileCount());
        assertEquals(10, dp.entryPathLength());
        assertEquals(1700000000L, dp.buildTimestamp());
        assertTrue(dp.contentHashValid());
        byte[] lie = d.toByteArray();
        LittleEndian.putU64(lie, 8, -1L);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> DashboardPayload.decode(reader(lie)));
        assertCode(ErrorCode.BAD_PAYLOAD, () -> WasmPayload.decode(reader(lie)));
    }

    // ----------------------------------------------------------------------------------------- cow map, membership

    /** Bytes of the COW_MAP and MEMBERSHIP payloads rvf-node 0.2.3's branch() wrote for a 3-vector dim-4 parent. */
    @Test
    void cowMapAndMembership() {
        byte[] parentId = new byte[16];
        parentId[0] = 0x11;
        byte[] parentHash = new byte[32];
        parentHash[31] = 0x22;
        byte[] path = "p.rvf".getBytes(StandardCharsets.UTF_8);
        ByteWriter c = new ByteWriter();
        c.u32(CowMapPayload.MAGIC).u16(1).u8(0).u8(0).u32(4096).u32(256).bytes(parentId).bytes(parentHash)
                .u32(16).u8(0).u32(0).u32(path.length).u32(14).bytes(path).u8(0).u32(1).u8(1).u64(0);
        byte[] cow = c.toByteArray();
        assertEquals(100, cow.length);
        CowMapPayload cm = CowMapPayload.decode(reader(cow));
        assertTrue(cm.hasTrailer());
        assertEquals(4096, cm.clusterSizeBytes());
        assertEquals(256, cm.vectorsPerCluster());
        assertArrayEquals(parentId, cm.baseFileId());
        assertArrayEquals(parentHash, cm.baseFileHash());
        assertEquals(16, cm.bytesPerVector());
        assertFalse(cm.frozen());
        assertArrayEquals(path, cm.parentPath());
        assertEquals(1, cm.clusterCount());
        assertEquals(CowMapPayload.TAG_PARENT_REF, cm.clusterTag(0));
        assertFalse(CowMapPayload.decode(reader(Arrays.copyOf(cow, 64))).hasTrailer());
        byte[] lie = cow.clone();
        LittleEndian.putI32(lie, 64 + 9, 1 << 30);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> CowMapPayload.decode(reader(lie)));

        byte[] bitmap = new byte[8];
        bitmap[0] = 0b1010; // ids 1 and 3
        ByteWriter m = new ByteWriter();
        m.u32(MembershipPayload.MAGIC).u16(1).u8(0).u8(0).u64(4).u64(2).u64(96).u32(8).u32(0)
                .bytes(Fold256.digest(bitmap)).u64(0).u32(0).zeros(12).bytes(bitmap);
        byte[] mem = m.toByteArray();
        assertEquals(104, mem.length);
        MembershipPayload mp = MembershipPayload.decode(reader(mem));
        assertEquals(4, mp.vectorCount());
        assertEquals(2, mp.memberCount());
        assertTrue(mp.filterHashValid());
        assertArrayEquals(new long[] {1, 3}, mp.members());
        assertTrue(mp.contains(3));
        assertFalse(mp.contains(2));
        assertFalse(mp.contains(1000));
        byte[] off = mem.clone();
        LittleEndian.putU64(off, 0x18, 100);
        assertCode(ErrorCode.BAD_PAYLOAD, () -> MembershipPayload.decode(reader(off)));
    }

    // ----------------------------------------------------------------------------------------- identity, reader

    @Test
    void identityRoundTripAndDerive() {
        FileIdentity id = identity(5);
        ByteWriter w = new ByteWriter();
        id.writeTo(w);
        assertEquals(68, w.size());
        assertEquals(id, FileIdentity.read(reader(w.toByteArray())));
        FileIdentity root = FileIdentity.newRoot("seed".getBytes(StandardCharsets.US_ASCII));
        assertTrue(root.isRoot());
        byte[] parent = new byte[70000];
        parent[69999] = 1;
        parent[0] = 9; // outside the 64 KiB tail: must not matter
        FileIdentity child = FileIdentity.childOf(root, new byte[16], parent, parent.length);
        assertEquals(1, child.depth());
        assertArrayEquals(root.fileId(), child.parentId());
        assertArrayEquals(Fold256.digest(parent, 70000 - 65536, 65536), child.parentHash());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> new FileIdentity(new byte[15], new byte[16], new byte[32], 0));
    }

    @Test
    void readerChecksBoundsAndReportsAbsoluteOffsets() {
        byte[] b = new byte[20];
        ByteReader r = new ByteReader(b, 4, 12, 1000);
        assertEquals(8, r.remaining());
        r.u32();
        assertEquals(1004, r.fileOffset());
        RvfException e = assertThrows(RvfException.class, r::u64);
        assertEquals(ErrorCode.TRUNCATED, e.errorCode());
        assertEquals(1004, e.offset());
        assertCode(ErrorCode.LENGTH_OUT_OF_RANGE, () -> r.checkCount(2, 3, ErrorCode.LENGTH_OUT_OF_RANGE, "x"));
        assertEquals(1, r.checkCount(1, 3, ErrorCode.BAD_PAYLOAD, "x"));
        assertCode(ErrorCode.BAD_PAYLOAD, () -> r.checkCount(-1, 1, ErrorCode.BAD_PAYLOAD, "x"));
        assertCode(ErrorCode.TRUNCATED, () -> r.skip(-1));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> new ByteReader(b, 5, 4, 0));
    }
}
