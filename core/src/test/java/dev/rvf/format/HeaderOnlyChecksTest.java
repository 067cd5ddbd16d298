package dev.rvf.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rvf.ErrorCode;
import dev.rvf.RvfException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Checks the Wasm ABI runs without holding a whole payload in one array. */
class HeaderOnlyChecksTest {

    @Test
    void recordsFitMatchesWhatDecodingAccepts() {
        assertEquals(3, VecPayload.checkRecordsFit(2, 3, 3 * 16, 2));
        assertEquals(0, VecPayload.checkRecordsFit(0, 0, 0, 2));
        for (long[] bad : new long[][] {{2, 4, 63}, {0, 1, 100}, {65535, 0xFFFFFFFFL, Integer.MAX_VALUE}}) {
            RvfException e = assertThrows(RvfException.class,
                    () -> VecPayload.checkRecordsFit((int) bad[0], bad[1], bad[2], 102));
            assertEquals(ErrorCode.BAD_PAYLOAD, e.errorCode());
            assertEquals(102, e.offset());
        }
        ByteWriter w = new ByteWriter(64);
        VecPayload.encodeR(w, 2, new long[] {1, 2}, new float[] {1, 2, 3, 4});
        byte[] payload = w.toByteArray();
        VecPayload decoded = VecPayload.decodeR(ByteReader.of(payload));
        assertEquals(decoded.count(), VecPayload.checkRecordsFit(2, 2, payload.length - 6, 2));
    }

    @Test
    void hashCheckFromAPrecomputedCrc() {
        byte[] payload = "123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] field = ContentHash.of(payload);
        int crc = Crc32.update(Crc32.compute(payload, 0, 4), payload, 4, 5);
        assertEquals(HashStatus.OK, ContentHash.check(field, 0, crc));
        assertEquals(HashStatus.MISMATCH, ContentHash.check(field, 0, crc ^ 1));
        assertEquals(HashStatus.UNSET, ContentHash.check(new byte[16], 0, crc));
    }
}
