package dev.lucent.audit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of a command; repeated options keep every value. Bad usage is one line. */
final class CliArgs {

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private CliArgs() {
    }

    static CliArgs parse(String[] args, Set<String> known) throws UsageException {
        CliArgs a = new CliArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!known.contains(name)) throw new UsageException("unknown option '" + printable(arg) + "'");
            if (value == null) {
                if (i + 1 >= args.length) throw new UsageException("option " + name + " needs a value");
                value = args[++i];
            }
            a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return a;
    }

    String get(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    String required(String name) throws UsageException {
        String v = get(name);
        if (v == null || v.isBlank()) throw new UsageException("missing " + name);
        return v;
    }

    long longValue(String name, long fallback) throws UsageException {
        String v = get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, got '" + printable(v) + "'");
        }
    }

    double doubleValue(String name, double fallback, double min, double max) throws UsageException {
        String v = get(name);
        if (v == null) return fallback;
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number, got '" + printable(v) + "'");
        }
        if (!(d >= min && d <= max)) throw new UsageException(name + " must be from " + min + " to " + max + ", got " + printable(v));
        return d;
    }

    static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}
