package dev.lucent.explain.api;

import java.util.List;
import java.util.Optional;

/**
 * One parameter an explainer reads from {@link AuditContext#parameters()}, declared in its {@link ExplainerInfo} so that
 * a misspelt name or a value out of range is refused before the audit starts, never silently ignored.
 *
 * @param name         as the user writes it after the explainer's id ({@code recall-threshold.required-recall})
 * @param type         what kind of value it takes
 * @param defaultValue what is used when it is not given, as the user would write it, or in words when the default is
 *                     worked out from the model or data (e.g. "min(height, width) / 7")
 * @param min          the least value allowed, for numbers (inclusive)
 * @param max          the greatest value allowed, for numbers (inclusive)
 * @param choices      the values allowed, for {@link Type#CHOICE}; empty otherwise
 * @param meaning      one line, in an auditor's words
 */
public record Parameter(String name, Type type, String defaultValue, double min, double max, List<String> choices, String meaning) {

    public Parameter {
        if (name == null || name.isBlank() || name.contains("=") || name.contains(" "))
            throw new IllegalArgumentException("a parameter's name is one word, got '" + name + "'");
        choices = List.copyOf(choices);
        if (type == Type.CHOICE && choices.isEmpty()) throw new IllegalArgumentException("parameter " + name + " offers no choices");
        if (!(min <= max)) throw new IllegalArgumentException("parameter " + name + " has an empty range " + min + " to " + max);
    }

    /** What kind of value a parameter takes. */
    public enum Type {
        WHOLE_NUMBER("whole number"), NUMBER("number"), CHOICE("one of"), TEXT("text");

        private final String words;

        Type(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** The largest a number may be when only its least is bounded. */
    public static final double NO_LIMIT = Double.MAX_VALUE;

    /** A whole number from {@code min} to {@code max} (at most {@link Integer#MAX_VALUE}: explainers read ints). */
    public static Parameter whole(String name, String defaultValue, long min, long max, String meaning) {
        return new Parameter(name, Type.WHOLE_NUMBER, defaultValue, min, Math.min(max, Integer.MAX_VALUE), List.of(), meaning);
    }

    /** A whole number of at least {@code min}. */
    public static Parameter whole(String name, String defaultValue, long min, String meaning) {
        return whole(name, defaultValue, min, Integer.MAX_VALUE, meaning);
    }

    /** A (decimal) number from {@code min} to {@code max}. */
    public static Parameter number(String name, String defaultValue, double min, double max, String meaning) {
        return new Parameter(name, Type.NUMBER, defaultValue, min, max, List.of(), meaning);
    }

    /** One of a few words. */
    public static Parameter choice(String name, String defaultValue, List<String> choices, String meaning) {
        return new Parameter(name, Type.CHOICE, defaultValue, 0, 0, choices, meaning);
    }

    /** Free text (a column or layer name), checked by the explainer itself. */
    public static Parameter text(String name, String defaultValue, String meaning) {
        return new Parameter(name, Type.TEXT, defaultValue, 0, 0, List.of(), meaning);
    }

    /** The values allowed, in words: "1 to 3200", "0 to 1", "zeros, uniform", "any text". */
    public String range() {
        return switch (type) {
            case WHOLE_NUMBER, NUMBER -> unbounded() ? (min == -NO_LIMIT ? "any" : "at least " + shown(min)) : shown(min) + " to " + shown(max);
            case CHOICE -> String.join(", ", choices);
            case TEXT -> "any text";
        };
    }

    /**
     * Why {@code value} is refused, or empty when it is allowed: "must be a number from 0 to 1, got '1.5'". Choices
     * are matched ignoring case and surrounding blanks, as explainers read them.
     */
    public Optional<String> problem(String value) {
        String v = value == null ? "" : value.strip();
        switch (type) {
            case WHOLE_NUMBER -> {
                try {
                    long n = Long.parseLong(v);
                    if (n >= min && n <= max) return Optional.empty();
                } catch (NumberFormatException e) {
                    // refused below
                }
                return Optional.of("must be a whole number" + bounds() + ", got '" + printable(v) + "'");
            }
            case NUMBER -> {
                try {
                    double d = Double.parseDouble(v);
                    if (d >= min && d <= max) return Optional.empty(); // NaN fails both
                } catch (NumberFormatException e) {
                    // refused below
                }
                return Optional.of("must be a number" + bounds() + ", got '" + printable(v) + "'");
            }
            case CHOICE -> {
                for (String c : choices) if (c.equalsIgnoreCase(v)) return Optional.empty();
                return Optional.of("must be one of " + range() + ", got '" + printable(v) + "'");
            }
            default -> {
                return v.isEmpty() ? Optional.of("must not be blank") : Optional.empty();
            }
        }
    }

    /** "required-recall (number 0 to 1, default 0.95)": the name with what it takes, for lists in messages. */
    public String described() {
        return name + " (" + (type == Type.TEXT ? "text" : type.words() + " " + range()) + ", default " + defaultValue + ")";
    }

    /** " from 0 to 1", " at least 1" or nothing (any number), for messages. */
    private String bounds() {
        return !unbounded() ? " from " + range() : min == -NO_LIMIT ? "" : " " + range();
    }

    /** Whole numbers are read as Java ints, so their largest is the int's. */
    private boolean unbounded() {
        return max == Double.MAX_VALUE || type == Type.WHOLE_NUMBER && max >= Integer.MAX_VALUE;
    }

    private static String shown(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString(); // 1e-9 as 0.000000001, 1.0 as 1
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
