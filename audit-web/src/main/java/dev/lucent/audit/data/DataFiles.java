package dev.lucent.audit.data;

import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.data.Datasets;
import dev.lucent.network.api.data.IdxOptions;
import dev.lucent.network.api.data.LoadLimits;
import dev.lucent.audit.files.SafeZip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A data set where people keep it, read the one way {@code train}, {@code audit}, the console and the worker all
 * share: a CSV (its label a column; pixels given a sample shape such as {@code 1x28x28}), an IDX image file with its
 * IDX label file (MNIST, Fashion-MNIST), or a folder of PNG/JPEG images with one sub-folder per class. Which one is
 * told by the content, not the name: a folder is an image folder, a file starting with an IDX header is IDX,
 * anything else is CSV.
 *
 * <p>The label says where the labels are: a CSV column's name (null for the last column); or, when they are in a file
 * of their own, that file's absolute path (an IDX label file, or for a CSV one regression target per line, as
 * scikit-learn ships diabetes); nothing for an image folder (the sub-folders are the classes). A folder holding just
 * an IDX image file and its IDX label file (an uploaded zip of the pair) is read as that pair.
 */
public final class DataFiles {

    /** More distinct whole-number labels than this and an undeclared task is regression. */
    public static final int MAX_INFERRED_CLASSES = 30;

    private DataFiles() {
    }

    /** What kind of data set a path holds. */
    public enum Kind {
        CSV("CSV"), IDX("IDX images with an IDX label file"), IMAGE_FOLDER("folder of images, one sub-folder per class");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * A data set read, and when its task was not declared, the task chosen with the reason in words (null when it
     * was declared or is fixed by the format).
     */
    public record Read(Dataset dataset, Kind kind, String inferred) {
    }

    /**
     * How much a zipped data set may unpack to: 256 MiB in all and per entry, 200,000 entries (a folder of small
     * images), inflating at most 100 times (PNG, JPEG and gzip are compressed already).
     */
    public static final SafeZip.Limits ZIP_LIMITS = new SafeZip.Limits(256L << 20, 256L << 20, 200_000, 100, 1L << 20);

    /**
     * Unpacks an uploaded zip into {@code folder} (created; it must not exist) after {@link SafeZip} checked every
     * entry (zip-slip, bombs, duplicates), so a refused zip leaves nothing behind.
     */
    public static void unpack(byte[] zip, Path folder) throws SafeZip.Refused, IOException {
        List<SafeZip.Item> items = SafeZip.read(zip, ZIP_LIMITS, "zip", (name, before) -> { });
        Path root = folder.toAbsolutePath().normalize();
        Path part = root.resolveSibling(root.getFileName() + ".part");
        Files.createDirectories(part);
        try {
            for (SafeZip.Item i : items) {
                Path target = part.resolve(i.name()).normalize();
                if (!target.startsWith(part)) throw new SafeZip.Refused("entry '" + SafeZip.printable(i.name()) + "' escapes its folder (zip-slip)");
                if (i.directory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, i.content(), java.nio.file.StandardOpenOption.CREATE_NEW);
                }
            }
            Files.move(part, root, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(part))
                try (java.util.stream.Stream<Path> all = Files.walk(part)) {
                    for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
        }
    }

    /** A folder holding only one sub-folder (how zips are usually made) stands for that sub-folder. */
    static Path root(Path folder) {
        Path f = folder;
        for (int depth = 0; depth < 8 && Files.isDirectory(f); depth++) {
            List<Path> in;
            try (java.util.stream.Stream<Path> s = Files.list(f)) {
                in = s.limit(2).toList();
            } catch (IOException e) {
                return f;
            }
            if (in.size() != 1 || !Files.isDirectory(in.get(0))) return f;
            f = in.get(0);
        }
        return f;
    }

    public static Kind kind(Path data) {
        if (Files.isDirectory(data)) return idxPair(root(data)) != null ? Kind.IDX : Kind.IMAGE_FOLDER;
        // any IDX header makes it IDX, so a label file given as the images is named as such, not read as text
        return Datasets.idxDimensions(data) != 0 ? Kind.IDX : Kind.CSV;
    }

    /** A label that is an absolute path of an existing file is a file of labels; anything else is a column's name. */
    public static Path labelsFile(String label) {
        if (label == null || label.isBlank()) return null;
        try {
            Path p = Path.of(label);
            return p.isAbsolute() && Files.isRegularFile(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /** A folder of exactly two files, IDX images and IDX labels: the two, images first; else null. */
    static Path[] idxPair(Path folder) {
        List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            files = s.limit(3).toList();
        } catch (java.io.IOException e) {
            return null;
        }
        if (files.size() != 2) return null;
        int a = Datasets.idxDimensions(files.get(0)), b = Datasets.idxDimensions(files.get(1));
        if (a > 1 && b == 1) return new Path[]{files.get(0), files.get(1)};
        if (a == 1 && b != 1 && b != 0) return new Path[]{files.get(1), files.get(0)};
        return null;
    }

    /**
     * Reads {@code data}.
     *
     * @param label      see the class comment
     * @param task       null to infer it (CSV only: IDX and image folders are classes): regression when the label's
     *                   values are all numbers and some are not whole, or there are more than
     *                   {@link #MAX_INFERRED_CLASSES} distinct ones; otherwise classification
     * @param shape      one sample's shape for a CSV of pixels (e.g. {1, 28, 28}); null for a flat row
     * @param classNames the classes to read the labels as (a model's own, so an audit subset missing a class still
     *                   lines up); null to discover them
     * @param csv        the CSV options to start from (missing values, limits); its label and task are set here
     * @throws DataFormatException naming the file and the problem
     */
    public static Read read(Path data, String label, CsvOptions.Task task, int[] shape, List<String> classNames,
                            CsvOptions csv) throws DataFormatException {
        Kind kind = kind(data);
        if (Files.isDirectory(data)) data = root(data);
        LoadLimits limits = csv.limits();
        switch (kind) {
            case IMAGE_FOLDER -> {
                if (task == CsvOptions.Task.REGRESSION)
                    throw DataFormatException.ofFile(data.toString(), "an image folder holds classes (one sub-folder each), not regression targets");
                Dataset d = Datasets.readImageFolder(data, limits);
                checkShape(d, shape, data);
                return new Read(d, kind, null);
            }
            case IDX -> {
                if (task == CsvOptions.Task.REGRESSION)
                    throw DataFormatException.ofFile(data.toString(), "IDX labels are classes, not regression targets");
                Path images = data, labels;
                Path[] pair = Files.isDirectory(data) ? idxPair(data) : null;
                if (pair != null) {
                    images = pair[0];
                    labels = pair[1];
                } else {
                    if (label == null || label.isBlank())
                        throw DataFormatException.ofFile(data.toString(), "is an IDX image file; give its IDX label file too (--labels LABELS.idx1[.gz])");
                    labels = labelsFile(label);
                    if (labels == null)
                        throw DataFormatException.ofFile(label, "no such IDX label file (the labels of the IDX images " + data + ")");
                }
                IdxOptions o = IdxOptions.defaults().withLimits(limits);
                if (classNames != null && classNames.size() >= 2) o = o.withClassNames(classNames);
                Dataset d = Datasets.readIdx(images, labels, o);
                checkShape(d, shape, data);
                return new Read(d, kind, null);
            }
            default -> {
                Path targets = labelsFile(label);
                if (targets != null) {
                    // scikit-learn's way for regression data: the features in one file, one target per line in another
                    if (task == CsvOptions.Task.CLASSIFICATION)
                        throw DataFormatException.ofFile(label, "a CSV's labels in a file of their own are read as regression"
                                + " targets (one number per row); for classes, put the label in a column of the CSV");
                    if (Datasets.idxDimensions(targets) != 0)
                        throw DataFormatException.ofFile(label, "is an IDX label file, but " + data + " is not IDX images");
                    CsvOptions t = CsvOptions.targetsFile(targets).withSeparator(csv.separator()).withHeader(csv.header())
                            .withMissing(csv.missing()).withLimits(limits);
                    if (shape != null) t = t.withSampleShape(shape);
                    return new Read(Datasets.readCsv(data, t), kind, task != null ? null
                            : "regression (the labels are in a file of their own, " + targets.getFileName() + ", read as one number per row)");
                }
                CsvOptions o = label == null || label.isBlank() ? relabel(csv, null) : relabel(csv, label);
                if (shape != null) o = o.withSampleShape(shape);
                if (task == CsvOptions.Task.REGRESSION) return new Read(Datasets.readCsv(data, o.regression()), kind, null);
                if (task == CsvOptions.Task.CLASSIFICATION || classNames != null) return new Read(Datasets.readCsv(data, o), kind, null);
                // Undeclared: read as classes with no cap on their number, then decide from the label's values.
                Dataset asClasses = Datasets.readCsv(data, o.withLimits(limits.withMaxClasses(Integer.MAX_VALUE)));
                List<String> values = asClasses.schema().classNames();
                String why = regressionReason(values);
                String labelName = DataFormatException.quote(asClasses.schema().labelName());
                if (why != null)
                    return new Read(Datasets.readCsv(data, o.regression()), kind, "regression (inferred: the label " + labelName
                            + " " + why + "; give --task classification to treat its values as classes)");
                if (values.size() > limits.maxClasses())
                    throw DataFormatException.ofFile(data.toString(), "the label column " + labelName + " has " + values.size()
                            + " distinct values, more than " + limits.maxClasses() + " classes (LoadLimits.maxClasses)");
                return new Read(asClasses, kind, "classification (inferred: the label " + labelName + " has " + values.size()
                        + " distinct " + (numbers(values) ? "whole numbers" : "values, not all numbers")
                        + "; give --task regression to predict it as a number)");
            }
        }
    }

    /** Why label values read as a number to predict, or null when they read as classes. */
    public static String regressionReason(List<String> values) {
        if (!numbers(values)) return null;
        for (String v : values) {
            double d = Double.parseDouble(v.strip());
            if (d != Math.rint(d)) return "holds numbers that are not whole (" + v.strip() + ")";
        }
        if (values.size() > MAX_INFERRED_CLASSES)
            return "holds " + values.size() + " distinct numbers, more than " + MAX_INFERRED_CLASSES + " classes would be";
        return null;
    }

    private static boolean numbers(List<String> values) {
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            String t = v.strip().toLowerCase(Locale.ROOT);
            if (t.isEmpty() || t.contains("nan") || t.contains("inf") || !seen.add(t)) return false;
            try {
                Double.parseDouble(t);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return !values.isEmpty();
    }

    private static CsvOptions relabel(CsvOptions o, String label) {
        CsvOptions base = label == null ? CsvOptions.labelLast() : CsvOptions.label(label);
        return base.withSeparator(o.separator()).withHeader(o.header()).withMissing(o.missing()).withColumnNames(o.columnNames())
                .withLimits(o.limits());
    }

    private static void checkShape(Dataset d, int[] shape, Path data) throws DataFormatException {
        if (shape != null && !java.util.Arrays.equals(shape, d.schema().sampleShape()))
            throw DataFormatException.ofFile(data.toString(), "holds images of shape " + shapeText(d.schema().sampleShape())
                    + ", not the declared " + shapeText(shape));
    }

    /** A shape as people write it: 1x28x28. */
    public static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : "x").append(shape[i]);
        return b.toString();
    }

    /** A shape as typed ("1x28x28", "3x32x32", "784"): positive whole numbers separated by x. */
    public static int[] parseShape(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        String[] parts = t.split("\\s*[x×]\\s*");
        if (t.isEmpty() || parts.length > 3)
            throw new IllegalArgumentException("a shape is 1 to 3 sizes separated by x, e.g. 1x28x28; got '" + printable(text) + "'");
        int[] s = new int[parts.length];
        long product = 1;
        for (int i = 0; i < parts.length; i++) {
            try {
                s[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a shape is sizes separated by x, e.g. 1x28x28; got '" + printable(text) + "'");
            }
            if (s[i] < 1 || s[i] > 100_000) throw new IllegalArgumentException("a shape's sizes are 1 to 100000, got " + s[i]);
            product *= s[i];
        }
        if (product > 600_000) throw new IllegalArgumentException("a sample of shape " + shapeText(s) + " has more than 600000 values");
        return s;
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
