package dev.rvf.util;

/**
 * UTF-8 without the JDK's charset machinery ({@code String.getBytes(UTF_8)} / {@code new String(bytes, UTF_8)}),
 * which adds about 15 KB to the Wasm module. Same results as the JDK for well-formed text; for ill-formed input it
 * follows the WHATWG Encoding Standard, as JavaScript's TextEncoder and TextDecoder do: an unpaired surrogate encodes
 * as U+FFFD, and each maximal ill-formed subsequence decodes to one U+FFFD.
 */
public final class Utf8 {
    private static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    /** The number of bytes {@link #encode} produces. */
    public static int encodedLength(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3; // other BMP characters, and an unpaired surrogate's U+FFFD
            }
        }
        return length;
    }

    public static byte[] encode(String text) {
        byte[] out = new byte[encodedLength(text)];
        int at = 0;
        for (int i = 0; i < text.length(); i++) {
            int c = text.charAt(i);
            if (Character.isHighSurrogate((char) c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                c = Character.toCodePoint((char) c, text.charAt(++i));
            } else if (Character.isSurrogate((char) c)) {
                c = REPLACEMENT;
            }
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (c < 0x10000) {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else {
                out[at++] = (byte) (0xF0 | c >> 18);
                out[at++] = (byte) (0x80 | c >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return out;
    }

    /** Decodes {@code bytes[from, from + length)}. */
    public static String decode(byte[] bytes, int from, int length) {
        StringBuilder out = new StringBuilder(length);
        int end = from + length;
        int i = from;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            }
            // the WHATWG decoder: the lead byte fixes the count and the allowed range of the first continuation
            int needed;
            int lower = 0x80;
            int upper = 0xBF;
            int code;
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                code = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                code = b & 0x0F;
                lower = b == 0xE0 ? 0xA0 : 0x80; // no overlong forms
                upper = b == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                code = b & 0x07;
                lower = b == 0xF0 ? 0x90 : 0x80; // no overlong forms
                upper = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
            } else {
                out.append(REPLACEMENT);
                i++;
                continue;
            }
            int j = i + 1;
            boolean complete = true;
            for (int k = 0; k < needed; k++, j++) {
                int c = j < end ? bytes[j] & 0xFF : -1;
                if (c < lower || c > upper) {
                    complete = false; // the bytes so far are one ill-formed subsequence; c starts afresh
                    break;
                }
                code = code << 6 | (c & 0x3F);
                lower = 0x80;
                upper = 0xBF;
            }
            if (!complete) {
                out.append(REPLACEMENT);
                i = j;
                continue;
            }
            out.appendCodePoint(code);
            i = j;
        }
        return out.toString();
    }
}
