package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rvf.Metric;
import dev.rvf.interop.ReferenceBinding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the reference binding (npm {@code @ruvector/rvf-node} 0.2.3's native package, under the harness's Node): files the
 * binding writes are reproduced byte for byte by {@link RvfWriter} replaying the same operations (with the
 * binding's file ids and witness timestamps), and the binding opens files the writer produces. Skipped when node
 * or the binding (repo-root {@code npm ci}) is missing.
 */
class ReferenceBindingTest {
    private static Path binding;

    private static Path nodeBinary;

    /** The harness's binding and Node; a missing install fails (with the `npm ci` hint) rather than skipping. */
    @BeforeAll
    static void findBinding() {
        ReferenceBinding ref = ReferenceBinding.get();
        ref.requireAvailable();
        binding = ref.projectDir().resolve("node_modules").resolve("@ruvector").resolve("rvf-node-linux-x64-gnu");
        nodeBinary = ref.node();
    }

    private static TestFiles.Run node(Path dir, String script, String... args) throws IOException {
        Path js = dir.resolve("script.js");
        Files.writeString(js, script);
        String[] cmd = new String[3 + args.length];
        cmd[0] = nodeBinary.toString();
        cmd[1] = js.toString();
        cmd[2] = binding.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        TestFiles.Run r = TestFiles.run(dir, cmd);
        assertEquals(0, r.exit, r.out);
        return r;
    }

    private static final String WRITE_SCRIPT = String.join("\n",
            "const {RvfDatabase} = require(process.argv[2]);",
            "const fs = require('fs');",
            "const seq = (n, s) => Float32Array.from({length: n}, (_, i) => s + i);",
            "let db = RvfDatabase.create('a.rvf', {dimension: 4, metric: 'cosine', profile: 2});",
            "db.ingestBatch(seq(12, 1), [10, 20, 30]);",
            "db.ingestBatch(new Float32Array([1, 1, 1, 1, 2, 2, 2, 2]), [20, 40]);",
            "db.delete([10, 99, 10]);",
            "db.embedKernel(1, 0xFE, 0x11, Buffer.from('kernelimage!'), 8080, 'console=ttyS0');",
            "db.embedEbpf(2, 3, 4, Buffer.alloc(16, 7), Buffer.from('btfdata'));",
            "db.embedEbpf(1, 1, 4, Buffer.alloc(8, 9));",
            "fs.copyFileSync('a.rvf', 'a_pre.rvf');",
            "db.compact();",
            "db.close();",
            "db = RvfDatabase.open('a.rvf');",
            "db.ingestBatch(new Float32Array([3, 3, 3, 3]), [50]);",
            "db.delete([20]);",
            "db.derive('a_child.rvf').close();",
            "db.close();",
            "db = RvfDatabase.create('b.rvf', {dimension: 3});",
            "db.delete([]);",
            "db.ingestBatch(seq(12, 0), [1, 2, 2, 3]);",
            "db.delete([1, 1, 2]);",
            "db.delete([1, 5]);",
            "db.ingestBatch(new Float32Array([9, 9, 9]), [1]);",
            "db.compact();",
            "db.ingestBatch(new Float32Array([7, 7, 7]), [8]);",
            "db.embedKernel(0, 0, 0, Buffer.from('IMG1'), 80, 'c1');",
            "db.embedKernel(0, 0, 0, Buffer.from('IMAGE2'), 81);",
            "db.delete([3, 8]);",
            "db.compact();",
            "db.close();");

    /** Witness timestamps of a file in file order (= creation order in these flows). */
    private static Clock clockFrom(byte[] file) {
        Deque<Long> ts = new ArrayDeque<>();
        RvfFile f = RvfFile.parse(file);
        for (SegmentInfo s : f.segments()) {
            if (s.type() == SegmentType.WITNESS) {
                ts.add(WitnessEntry.decode(f.payloadReader(s)).timestampNs());
            }
        }
        return () -> {
            if (ts.isEmpty()) {
                throw new AssertionError("more witnesses than the reference wrote");
            }
            return ts.poll();
        };
    }

    private static FileIdentity firstIdentity(byte[] file) {
        RvfFile f = RvfFile.parse(file);
        return Manifest.decodeR(f.payloadReader(f.segments().get(0))).identity();
    }

    @Test
    void writerReproducesReferenceFiles(@TempDir Path dir) throws IOException {
        node(dir, WRITE_SCRIPT);
        byte[] aPre = Files.readAllBytes(dir.resolve("a_pre.rvf"));
        byte[] a = Files.readAllBytes(dir.resolve("a.rvf"));
        byte[] child = Files.readAllBytes(dir.resolve("a_child.rvf"));
        byte[] b = Files.readAllBytes(dir.resolve("b.rvf"));

        Clock clockA = clockFrom(a);
        RvfWriter w = RvfWriter.create(4, Metric.COSINE, 2, firstIdentity(aPre), clockA);
        w.ingest(new long[] {10, 20, 30}, WriterTest.seq(12, 1));
        w.ingest(new long[] {20, 40}, new float[] {1, 1, 1, 1, 2, 2, 2, 2});
        w.delete(new long[] {10, 99, 10});
        w.embedKernel(1, 0xFE, 0x11, ascii("kernelimage!"), 8080, ascii("console=ttyS0"));
        byte[] p16 = new byte[16];
        Arrays.fill(p16, (byte) 7);
        w.embedEbpf(2, 3, 4, p16, ascii("btfdata"));
        byte[] p8 = new byte[8];
        Arrays.fill(p8, (byte) 9);
        w.embedEbpf(1, 1, 4, p8, null);
        assertArrayEquals(aPre, w.toBytes());

        // the reference writes live vectors in hash-map order: take it from its output
        VecPayload refVec = VecPayload.decodeR(RvfFile.parse(a).payloadReader(RvfFile.parse(a).segments().get(0)));
        w.compact(refVec.ids(), refVec.vectors());
        byte[] compacted = w.toBytes();
        RvfWriter r = RvfWriter.resume(compacted, RvfFile.parse(compacted), clockA);
        r.ingest(new long[] {50}, new float[] {3, 3, 3, 3});
        r.delete(new long[] {20});
        assertArrayEquals(a, r.toBytes());

        FileIdentity childId = r.deriveChildIdentity(firstIdentity(child).fileId());
        assertArrayEquals(child, RvfWriter.create(4, Metric.COSINE, 2, childId, clockA).toBytes());

        RvfWriter q = RvfWriter.create(3, Metric.L2, 0, RvfFile.parse(b).identity(), clockFrom(b));
        q.delete(new long[0]);
        q.ingest(new long[] {1, 2, 2, 3}, WriterTest.seq(12, 0));
        q.delete(new long[] {1, 1, 2});
        q.delete(new long[] {1, 5});
        q.ingest(new long[] {1}, new float[] {9, 9, 9});
        q.compact(new long[] {3}, new float[] {9, 10, 11});
        q.ingest(new long[] {8}, new float[] {7, 7, 7});
        q.embedKernel(0, 0, 0, ascii("IMG1"), 80, ascii("c1"));
        q.embedKernel(0, 0, 0, ascii("IMAGE2"), 81, null);
        q.delete(new long[] {3, 8});
        q.compact(new long[0], new float[0]);
        assertArrayEquals(b, q.toBytes());
    }

    private static final String READ_SCRIPT = String.join("\n",
            "const {RvfDatabase} = require(process.argv[2]);",
            "for (const p of process.argv.slice(3)) {",
            "  const db = RvfDatabase.openReadonly(p);",
            "  const dim = db.dimension();",
            "  const hits = db.query(new Float32Array(dim).fill(0.5), 1000).map(h => h.id).sort((x, y) => x - y);",
            "  const k = db.extractKernel();",
            "  console.log([p, dim, db.metric(), db.status().currentEpoch, db.fileId(), db.parentId(),",
            "    db.lineageDepth(), hits.join(','), db.segments().map(s => s.segType + ':' + s.id).join(','),",
            "    k ? Buffer.from(k.image).toString('hex') : '-'].join('|'));",
            "  db.close();",
            "}");

    @Test
    void referenceOpensWrittenFiles(@TempDir Path dir) throws IOException {
        Clock clock = WriterTest.steppingClock();
        RvfWriter w = RvfWriter.create(3, Metric.COSINE, 1, FileIdentity.newRoot(ascii("ours")), clock);
        w.ingest(new long[] {1, 2, 3, 4}, WriterTest.seq(12, 1));
        w.delete(new long[] {2});
        w.embedKernel(0, 1, 0, ascii("IMAGE"), 8080, ascii("quiet"));
        w.appendSegment(SegmentType.INDEX, new byte[] {1, 2, 3});
        w.commitManifest();
        Files.write(dir.resolve("ours.rvf"), w.toBytes());
        FileIdentity childId = w.deriveChildIdentity(FileIdentity.newRoot(ascii("kid")).fileId());
        RvfWriter c = RvfWriter.create(3, Metric.COSINE, 1, childId, clock);
        c.ingest(new long[] {9}, new float[] {1, 0, 0});
        Files.write(dir.resolve("kid.rvf"), c.toBytes());

        String[] lines = node(dir, READ_SCRIPT, "ours.rvf", "kid.rvf").out.trim().split("\n");
        RvfFile f = RvfFile.parse(w.toBytes());
        assertEquals(String.join("|", "ours.rvf", "3", "cosine", "4", f.identity().fileIdHex(),
                "00000000000000000000000000000000", "0", "1,3,4",
                "manifest:1,vec:2,witness:3,manifest:4,journal:5,witness:6,manifest:7,kernel:8,manifest:9,index:10",
                Hex.of(ascii("IMAGEquiet"))), lines[0]);
        assertEquals(String.join("|", "kid.rvf", "3", "cosine", "1", childId.fileIdHex(), f.identity().fileIdHex(),
                "1", "9", "manifest:1,vec:2,witness:3", "-"), lines[1]);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
