package dev.rvf.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static String decode(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.decode(b, 0, b.length);
    }

    /** Random well-formed text: ASCII, 2-, 3- and 4-byte characters (surrogate pairs). */
    private static String randomText(Random r, int length) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            int kind = r.nextInt(4);
            int cp = kind == 0 ? r.nextInt(0x80) : kind == 1 ? 0x80 + r.nextInt(0x780)
                    : kind == 2 ? 0x800 + r.nextInt(0xD000 - 0x800) : 0x10000 + r.nextInt(0x100000);
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    @Test
    void wellFormedTextMatchesTheJdkBothWays() {
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            String text = randomText(r, r.nextInt(40));
            byte[] jdk = text.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(jdk, Utf8.encode(text), text);
            assertEquals(jdk.length, Utf8.encodedLength(text));
            assertEquals(text, Utf8.decode(jdk, 0, jdk.length));
        }
        assertEquals("\uE000\uFFFF\uD83D\uDE00\uDBFF\uDFFF", decode(0xEE, 0x80, 0x80, 0xEF, 0xBF, 0xBF, 0xF0, 0x9F,
                0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF));
    }

    @Test
    void decodesASliceOfTheArray() {
        byte[] b = {'x', 'h', (byte) 0xC3, (byte) 0xA9, 'y'};
        assertEquals("h\u00E9", Utf8.decode(b, 1, 3));
        assertEquals("", Utf8.decode(b, 5, 0));
    }

    /** As JavaScript's TextEncoder: an unpaired surrogate becomes U+FFFD (the JDK writes '?'). */
    @Test
    void unpairedSurrogatesEncodeAsReplacementCharacters() {
        byte[] fffd = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
        assertArrayEquals(new byte[] {'a', fffd[0], fffd[1], fffd[2], 'b'}, Utf8.encode("a\uD800b"));
        assertArrayEquals(fffd, Utf8.encode("\uDC00"));
        assertArrayEquals(new byte[] {fffd[0], fffd[1], fffd[2], fffd[0], fffd[1], fffd[2]},
                Utf8.encode("\uDC00\uD800"), "a low surrogate before a high one is no pair");
        assertEquals(6, Utf8.encodedLength("\uDC00\uD800"));
    }

    /** As JavaScript's TextDecoder (WHATWG Encoding Standard): each maximal ill-formed subsequence is one U+FFFD. */
    @Test
    void illFormedInputDecodesAsTheWhatwgDecoderDoes() {
        String r = "\uFFFD";
        assertEquals(r + r + "A" + r + r + r + r + r + r, decode(0xE0, 0x80, 0x41, 0xF0, 0x9F, 0x98, 0xED, 0xA0, 0x80,
                0xC0, 0xAF), "overlong E0, truncated 4-byte, encoded surrogate, C0");
        assertEquals(r, decode(0x80));
        assertEquals(r + "a", decode(0xC3, 'a'));
        assertEquals(r, decode(0xE2, 0x82), "truncated at the end");
        assertEquals(r + r + r + r, decode(0xF5, 0x80, 0x80, 0x80), "F5 starts nothing");
        assertEquals(r + r + r + r, decode(0xF4, 0x90, 0x80, 0x80), "above U+10FFFF");
        assertEquals(r + r + r, decode(0xFF, 0xFE, 0xFD));
    }

    @Test
    void randomBytesDecodeWithoutFailingAndWellFormedOnesAgreeWithTheJdk() {
        Random rnd = new Random(2);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[rnd.nextInt(12)];
            rnd.nextBytes(b);
            String ours = Utf8.decode(b, 0, b.length);
            String jdk = new String(b, StandardCharsets.UTF_8);
            if (jdk.indexOf('\uFFFD') < 0) {
                assertEquals(jdk, ours);
            }
            assertArrayEquals(Utf8.encode(ours), ours.getBytes(StandardCharsets.UTF_8), "decoded text is well formed");
        }
    }
}
