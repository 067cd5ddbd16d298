package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class HashesTest {
    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    @Test
    void crc32CheckValue() {
        assertEquals(0xCBF43926, Crc32.compute(CHECK));
        assertEquals(0, Crc32.compute(new byte[0]));
    }

    @Test
    void crc32MatchesJdkOnRandomData() {
        Random rnd = new Random(7);
        for (int len = 0; len < 300; len += 7) {
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            CRC32 jdk = new CRC32();
            jdk.update(b);
            assertEquals((int) jdk.getValue(), Crc32.compute(b), "len " + len);
            int split = len / 3;
            assertEquals(Crc32.compute(b), Crc32.update(Crc32.compute(b, 0, split), b, split, len - split));
        }
    }

    @Test
    void crc32MatchesJdkAtEveryAlignmentAndOnLongInputs() {
        Random rnd = new Random(8);
        byte[] b = new byte[70_000];
        rnd.nextBytes(b);
        for (int off = 0; off < 9; off++) {
            for (int len : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 65_536, b.length - off}) {
                CRC32 jdk = new CRC32();
                jdk.update(b, off, len);
                assertEquals((int) jdk.getValue(), Crc32.compute(b, off, len), "off " + off + " len " + len);
            }
        }
        int crc = 0;
        for (int from = 0; from < b.length; from += 4099) { // chained updates of odd sizes
            crc = Crc32.update(crc, b, from, Math.min(4099, b.length - from));
        }
        assertEquals(Crc32.compute(b), crc);
    }

    @Test
    void crc32OfTwoPiecesCombinesToTheWhole() {
        Random rnd = new Random(9);
        byte[] b = new byte[200_000];
        rnd.nextBytes(b);
        int[] lengths = {0, 1, 7, 8, 9, 255, 4096, 65_537, 131_072, 199_999};
        for (int total : lengths) {
            CRC32 jdk = new CRC32();
            jdk.update(b, 0, total);
            for (int split : new int[] {0, 1, total / 2, total / 2 & -8, total - 1, total}) {
                if (split < 0 || split > total) {
                    continue;
                }
                int a = Crc32.compute(b, 0, split);
                int c = Crc32.compute(b, split, total - split);
                assertEquals((int) jdk.getValue(), Crc32.combine(a, c, total - split), total + " split at " + split);
            }
        }
        // a running CRC (not from zero) continued by combining, as a hash over several calls would
        int head = Crc32.compute(b, 0, 1000);
        int continued = Crc32.update(head, b, 1000, 50_000);
        assertEquals(continued, Crc32.combine(Crc32.update(head, b, 1000, 20_000), Crc32.compute(b, 21_000, 30_000),
                30_000));
    }

    @Test
    void contentHashTestVector() {
        assertEquals("2639f4cbcb2639f4f4cb263939f4cb26", Hex.of(ContentHash.of(CHECK)));
    }

    @Test
    void contentHashOfBasicStoreFirstManifest() {
        byte[] file = TestFiles.sample("basic_store.rvf");
        assertEquals(98, LittleEndian.u64(file, 0x10));
        assertEquals(0x4C3F787F, Crc32.compute(file, 64, 98));
        assertEquals("7f783f4c4c7f783f3f4c7f78783f4c7f", Hex.of(ContentHash.of(file, 64, 98)));
        assertEquals(HashStatus.OK, ContentHash.check(file, 0x28, file, 64, 98));
    }

    @Test
    void contentHashStatuses() {
        byte[] field = ContentHash.of(CHECK);
        assertEquals(HashStatus.OK, ContentHash.check(field, 0, CHECK, 0, CHECK.length));
        assertEquals(HashStatus.MISMATCH, ContentHash.check(field, 0, CHECK, 0, CHECK.length - 1));
        assertEquals(HashStatus.UNSET, ContentHash.check(new byte[16], 0, CHECK, 0, CHECK.length));
        assertTrue(ContentHash.isUnset(new byte[16], 0));
        // a single changed word of the four is a mismatch, not partly accepted
        field[12] ^= 1;
        assertEquals(HashStatus.MISMATCH, ContentHash.check(field, 0, CHECK, 0, CHECK.length));
    }

    @Test
    void fold256TestVectors() {
        assertEquals("616263000000000000000000000b131b00000000000000000000000000000000",
                Hex.of(Fold256.digest("abc".getBytes(StandardCharsets.US_ASCII))));
        byte[] b = new byte[64];
        for (int i = 0; i < 64; i++) {
            b[i] = (byte) i;
        }
        assertEquals("e318c569e1c774e2d88500f9ae0b68c4187dd93592fe2acf43af1449765bd0fd", Hex.of(Fold256.digest(b)));
        assertEquals("0000000000000000000000000000000000000000000000000000000000000000",
                Hex.of(Fold256.digest(new byte[0])));
        // offset/length variant covers the same bytes
        byte[] padded = new byte[70];
        System.arraycopy(b, 0, padded, 3, 64);
        assertEquals(Hex.of(Fold256.digest(b)), Hex.of(Fold256.digest(padded, 3, 64)));
    }

    @Test
    void fileIdOfShortPathStartsWithThePath() {
        // §9: for short paths the fold does not wrap, so the id starts with the literal path bytes
        byte[] seed = new byte[13];
        System.arraycopy("a.rvf".getBytes(StandardCharsets.US_ASCII), 0, seed, 0, 5);
        LittleEndian.putU64(seed, 5, 1_771_000_000_000_000_000L);
        assertTrue(FileIdentity.newRoot(seed).fileIdHex().startsWith("612e727666"));
    }
}
