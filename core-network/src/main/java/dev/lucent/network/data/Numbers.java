package dev.lucent.network.data;

/** Strict number syntax: what a data file means by a number, and nothing Java's parser also accepts (hex, "1f", "1d"). */
final class Numbers {
    private Numbers() {
    }

    /** {@code [+-]? (digits (. digits?)? | . digits) ([eE] [+-]? digits)?} */
    static boolean isNumber(String s) {
        int i = 0, n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) return false;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) return false;
        }
        return i == n;
    }

    static boolean isNonNegativeInteger(String s) {
        if (s.isEmpty() || s.length() > 9) return false;
        for (int i = 0; i < s.length(); i++) if (!isDigit(s.charAt(i))) return false;
        return true;
    }

    static boolean isNaN(String s) {
        String t = strip(s);
        return t.equalsIgnoreCase("nan");
    }

    static boolean isInfinity(String s) {
        String t = strip(s);
        return t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /** Why a non-number is not one, for the error message. */
    static String whyNot(String s) {
        if (isNaN(s)) return "is NaN, which is not allowed (write an empty cell, NA or ? for a missing value)";
        if (isInfinity(s)) return "is infinite, which is not allowed";
        if (s.matches("[+-]?\\d+,\\d+")) return "is not a number (a decimal comma? use a point, or separate fields with semicolons)";
        return "is not a number";
    }

    private static String strip(String s) {
        return !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? s.substring(1) : s;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
