package dev.lucent.audit.journal;

import java.util.HexFormat;

/** Lower-case hex, strictly: one spelling per value, so an edited letter case is an edit. */
final class Hex {
    private Hex() {
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Decodes lower-case hex of exactly {@code bytes} bytes, or returns null. */
    static byte[] parse(String s, int bytes) {
        if (s.length() != 2 * bytes) return null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return null;
        }
        return HexFormat.of().parseHex(s);
    }

    static boolean isSha256(String s) {
        return parse(s, 32) != null;
    }
}
