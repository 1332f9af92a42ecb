package dev.lucent.audit.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.cli.AuditCommand;
import dev.lucent.network.onnx.OnnxBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19's fuzz acceptance: seeded hostile ONNX files and CSVs through the CLI's {@code audit} command in process
 * (the real {@link WorkerAuditRunner}, whose host-side input checks are the point; its worker is {@code true}, so a
 * case that passes them ends with the stub explainer's error, exit 1, or, once it is quarantined, with a report
 * listing it as not run, exit 0). Families: fixed batches from 1
 * to {@code Long.MAX_VALUE}, oversized and overflowing input, output and constant-shape dimensions, byte mutations of
 * valid models, and malformed CSVs (separators, quotes, junk cells, ragged rows, headers, labels, binary bytes). Every
 * case must exit 0, 1 or 2: no other exception, no OutOfMemoryError, no case past its time bound. About 3,200 cases
 * by default ({@code -Daudit.fuzz.cases=N -Daudit.fuzz.seed=S} for more).
 */
class AuditInputsFuzzTest {
    static final int CASES = Integer.getInteger("audit.fuzz.cases", 3200);
    // a hang detector, not a speed check: generous, so that a loaded machine (two cases past 20 s at load 29) does not
    // read as a hang; an input that loops still fails the run
    static final long CASE_SECONDS = 120;
    static final int FEATURES = 4;

    enum Family { FIXED_BATCH, OVERSIZED_DIMENSIONS, MUTATED_ONNX, MALFORMED_CSV }

    @TempDir
    Path dir;

    /** A clean data set the models fit: four features, labels yes/no or, when {@code numeric}, 0/1 (unit numbers). */
    static String baseCsv(Random r, boolean numeric) {
        StringBuilder b = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 40; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            for (double v : x) b.append(String.format(Locale.ROOT, "%.4f", v)).append(',');
            b.append(numeric ? Integer.toString(i % 2) : i % 2 == 0 ? "yes" : "no").append('\n');
        }
        return b.toString();
    }

    static long extreme(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MAX_VALUE;
            case 3 -> Long.MAX_VALUE;
            case 4 -> 1L << (16 + r.nextInt(47));
            case 5 -> 5_000_000;
            case 6 -> 1L << 31;
            default -> 1 + r.nextInt(8);
        };
    }

    static byte[] mlp(long batch, boolean softmax) {
        OnnxBuilder b = new OnnxBuilder("fuzz", 17).input("x", batch, FEATURES).init("W", new float[]{1, -1, 0.5f, 0, -0.5f, 1, 0, 1}, FEATURES, 2)
                .output("y", batch, 2);
        if (!softmax) return b.node("MatMul", "fc", new String[]{"x", "W"}, new String[]{"y"}).build();
        return b.node("MatMul", "fc", new String[]{"x", "W"}, new String[]{"z"}).node("Softmax", "p", new String[]{"z"}, new String[]{"y"},
                "axis", 1L).build();
    }

    /** The fixed-batch family: batches from 1 to Long.MAX_VALUE, a fifth of them declared on the output only. */
    static byte[] fixedBatch(Random r) {
        long batch = switch (r.nextInt(4)) {
            case 0 -> 2 + r.nextInt(64);
            case 1 -> 1L << (10 + r.nextInt(53));
            default -> extreme(r);
        };
        if (r.nextInt(5) > 0) return mlp(batch, r.nextBoolean());
        return new OnnxBuilder("fuzz", 17).input("x", -1, FEATURES).init("W", new float[8], FEATURES, 2).output("y", batch, 2)
                .node("MatMul", "fc", new String[]{"x", "W"}, new String[]{"y"}).build();
    }

    /** Input, output and constant-shape dimensions that are huge, zero, negative or overflowing. */
    static byte[] oversized(Random r) {
        long[] in = new long[2 + r.nextInt(4)];
        in[0] = r.nextBoolean() ? -1 : extreme(r);
        for (int i = 1; i < in.length; i++) in[i] = r.nextInt(3) == 0 ? FEATURES : extreme(r);
        if (r.nextInt(4) == 0) in = new long[]{-1, FEATURES};
        long[] out = {-1, r.nextBoolean() ? 2 : extreme(r)};
        long[] shape = new long[1 + r.nextInt(3)];
        for (int i = 0; i < shape.length; i++) shape[i] = extreme(r);
        OnnxBuilder b = new OnnxBuilder("fuzz", 17).input("x", in).output("y", out);
        return switch (r.nextInt(5)) {
            case 0 -> b.node("Relu", "r", new String[]{"x"}, new String[]{"y"}).build();
            case 1 -> b.initLongs("s", shape, shape.length).node("ConstantOfShape", "c", new String[]{"s"}, new String[]{"t"})
                    .node("Add", "add", new String[]{"x", "t"}, new String[]{"y"}).build();
            case 2 -> b.initLongs("s", shape, shape.length).node("Expand", "e", new String[]{"x", "s"}, new String[]{"y"}).build();
            case 3 -> b.initLongs("s", shape, shape.length).node("Reshape", "re", new String[]{"x", "s"}, new String[]{"y"}).build();
            default -> b.initLongs("s", shape, shape.length).node("Tile", "t", new String[]{"x", "s"}, new String[]{"y"}).build();
        };
    }

    /** Bit flips, truncations, huge length varints and spliced junk in a valid (possibly fixed-batch) model. */
    static byte[] mutated(Random r) {
        byte[] b = mlp(r.nextBoolean() ? -1 : 2 + r.nextInt(16), r.nextBoolean());
        switch (r.nextInt(4)) {
            case 0 -> {
                for (int i = 1 + r.nextInt(8); i > 0; i--) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 2 -> {
                byte[] v = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
                int at = r.nextInt(b.length);
                int len = 1 + r.nextInt(v.length);
                b = Arrays.copyOf(b, Math.max(b.length, at + len));
                System.arraycopy(v, v.length - len, b, at, len);
            }
            default -> {
                byte[] junk = new byte[1 + r.nextInt(16)];
                r.nextBytes(junk);
                int at = r.nextInt(b.length);
                byte[] c = new byte[b.length + junk.length];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(junk, 0, c, at, junk.length);
                System.arraycopy(b, at, c, at + junk.length, b.length - at);
                b = c;
            }
        }
        return b;
    }

    static final String[] JUNK = {"", "NA", "?", "abc", "1e999", "-1e999", "NaN", "Infinity", "0x10", "1,5", "\"", "\"\"", "\"a;b\"",
            "\"unterminated", "9".repeat(400), "\u202E", "\u0000", "  ", "1 2", "-", "+", ".", "e5"};
    static final String[] CHARS = {",", ";", "\"", "\t", "\n", "\r", " ", "\u0000", "\u00e9", "\uFEFF", "\r\n", "#"};

    /** A malformed CSV: one to three edits of a clean one. */
    static byte[] malformedCsv(String base, Random r) {
        String s = base;
        for (int e = 1 + r.nextInt(3); e > 0; e--) {
            List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
            int li = r.nextInt(lines.size());
            switch (r.nextInt(12)) {
                case 0 -> { // a cell replaced with junk
                    String[] cells = lines.get(li).split(",", -1);
                    cells[r.nextInt(cells.length)] = JUNK[r.nextInt(JUNK.length)];
                    lines.set(li, String.join(",", cells));
                }
                case 1 -> { // a character deleted
                    if (s.isEmpty()) break;
                    int at = r.nextInt(s.length());
                    s = s.substring(0, at) + s.substring(at + 1);
                    continue;
                }
                case 2 -> { // a separator, quote, line break or odd character inserted
                    int at = s.isEmpty() ? 0 : r.nextInt(s.length());
                    s = s.substring(0, at) + CHARS[r.nextInt(CHARS.length)] + s.substring(at);
                    continue;
                }
                case 3 -> { // a line duplicated or removed
                    if (r.nextBoolean()) lines.add(li, lines.get(li));
                    else lines.remove(li);
                }
                case 4 -> s = s.substring(0, r.nextInt(s.length() + 1)); // truncated
                case 5 -> { // the header: label renamed, a name duplicated or emptied, or quoted with separators inside
                    String[] h = lines.get(0).split(",", -1);
                    switch (r.nextInt(4)) {
                        case 0 -> h[h.length - 1] = "target";
                        case 1 -> h[r.nextInt(h.length)] = h[0];
                        case 2 -> h[r.nextInt(h.length)] = "";
                        default -> h[r.nextInt(h.length - 1)] = "\"x;y, z\"";
                    }
                    lines.set(0, String.join(",", h));
                }
                case 6 -> lines.set(li, lines.get(li) + (r.nextBoolean() ? ",7" : ",")); // ragged
                case 7 -> s = s.replace(",", new String[]{";", "\t", " ", "  ", ", "}[r.nextInt(5)]); // another separator
                case 8 -> { // every label one class, or a class per row
                    boolean one = r.nextBoolean();
                    for (int i = 1; i < lines.size(); i++) {
                        int c = lines.get(i).lastIndexOf(',');
                        if (c >= 0) lines.set(i, lines.get(i).substring(0, c + 1) + (one ? "yes" : "k" + i));
                    }
                }
                case 9 -> { // many rows or many columns
                    if (r.nextBoolean()) {
                        for (int i = 0; i < 200 + r.nextInt(2000); i++) lines.add(lines.get(1 + r.nextInt(Math.max(1, lines.size() - 2))));
                    } else {
                        lines.set(li, lines.get(li) + ",0".repeat(1 + r.nextInt(5000)));
                    }
                }
                case 10 -> lines.add(0, r.nextBoolean() ? "40,4,no,yes" : "2147483647,99999999999,a,b"); // a count header
                default -> { // binary bytes spliced in
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    byte[] junk = new byte[1 + r.nextInt(32)];
                    r.nextBytes(junk);
                    int at = r.nextInt(bytes.length + 1);
                    byte[] c = new byte[bytes.length + junk.length];
                    System.arraycopy(bytes, 0, c, 0, at);
                    System.arraycopy(junk, 0, c, at, junk.length);
                    System.arraycopy(bytes, at, c, at + junk.length, bytes.length - at);
                    return c;
                }
            }
            s = String.join("\n", lines);
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everySeededOnnxAndCsvCaseExitsWithADocumentedCode() throws Exception {
        Random r = new Random(Long.getLong("audit.fuzz.seed", 20261207L));
        String[] bases = {baseCsv(new Random(1), false), baseCsv(new Random(2), true)};
        Path model = dir.resolve("model.onnx"), data = dir.resolve("data.csv"), test = dir.resolve("test.csv");
        AuditCommand cli = OnnxInputsTest.cli(dir.resolve("lucent-data"));
        int[][] exits = new int[Family.values().length][4];
        int crashes = 0, ooms = 0, hangs = 0;
        List<String> problems = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        long started = System.nanoTime();
        try {
            for (int c = 0; c < CASES; c++) {
                Family family = Family.values()[c % Family.values().length];
                byte[] onnx = switch (family) {
                    case FIXED_BATCH -> fixedBatch(r);
                    case OVERSIZED_DIMENSIONS -> oversized(r);
                    case MUTATED_ONNX -> mutated(r);
                    case MALFORMED_CSV -> mlp(r.nextInt(3) == 0 ? 2 + r.nextInt(8) : -1, r.nextBoolean());
                };
                String base = bases[r.nextInt(2)];
                byte[] csv = family == Family.MALFORMED_CSV ? malformedCsv(base, r) : base.getBytes(StandardCharsets.UTF_8);
                boolean withTest = family == Family.MALFORMED_CSV && r.nextInt(4) == 0;
                Files.write(model, onnx);
                Files.write(data, withTest ? base.getBytes(StandardCharsets.UTF_8) : csv);
                if (withTest) Files.write(test, csv);
                // no explainer named: once the stub is quarantined the audit still loads and checks the inputs, and its
                // report lists the stub as not run (a quarantined explainer named explicitly is refused before loading)
                List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--data", data.toString(), "--label", "label"));
                if (withTest) args.addAll(List.of("--test", test.toString()));
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                Future<Integer> f = pool.submit(() -> cli.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(), true),
                        new PrintStream(err, true)));
                try {
                    int code = f.get(CASE_SECONDS, TimeUnit.SECONDS);
                    if (code < 0 || code > 3) { // 0 passed, 1 failed, 2 refused, 3 the explainer errored
                        crashes++;
                        problems.add("case " + c + " " + family + ": exit " + code + ": " + err);
                    } else exits[family.ordinal()][code]++;
                    if (Boolean.getBoolean("audit.fuzz.verbose")) System.out.println(family + " exit " + code + ": " + err.toString().strip());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof OutOfMemoryError) ooms++;
                    else crashes++;
                    if (problems.size() < 20) problems.add("case " + c + " " + family + ": " + e.getCause());
                } catch (TimeoutException e) {
                    hangs++;
                    f.cancel(true);
                    problems.add("case " + c + " " + family + ": past " + CASE_SECONDS + " s");
                    pool.shutdownNow();
                    pool = Executors.newSingleThreadExecutor();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        problems.forEach(System.out::println);
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "Audit input fuzz: %d cases in %.0f s", CASES,
                (System.nanoTime() - started) / 1e9));
        for (Family fam : Family.values())
            summary.append(String.format(Locale.ROOT, "; %s exit 0/1/2/3: %d/%d/%d/%d", fam.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    exits[fam.ordinal()][0], exits[fam.ordinal()][1], exits[fam.ordinal()][2], exits[fam.ordinal()][3]));
        System.out.println(summary.append(String.format(Locale.ROOT, "; %d crashes, %d OOM, %d hangs", crashes, ooms, hangs)));
        assertEquals(0, crashes, "exceptions escaping the CLI (or exit codes outside 0..3)");
        assertEquals(0, ooms, "OutOfMemoryErrors");
        assertEquals(0, hangs, "cases past their time bound");
        for (Family fam : Family.values()) {
            int[] e = exits[fam.ordinal()];
            assertTrue(e[2] > 0, fam + ": some cases are refused");
            if (fam != Family.OVERSIZED_DIMENSIONS) assertTrue(e[0] + e[1] + e[3] > 0, fam + ": some cases pass the checks and are audited");
        }
    }
}
