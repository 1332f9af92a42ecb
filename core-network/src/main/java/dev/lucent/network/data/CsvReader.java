package dev.lucent.network.data;

import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.data.CsvOptions;
import dev.lucent.network.api.data.CsvOptions.Header;
import dev.lucent.network.api.data.CsvOptions.Missing;
import dev.lucent.network.api.data.CsvOptions.Separator;
import dev.lucent.network.api.data.CsvOptions.Task;
import dev.lucent.network.api.data.DataFormatException;
import dev.lucent.network.api.data.Dataset;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.data.KnownDatasets;
import dev.lucent.network.api.data.LoadLimits;
import dev.lucent.network.api.data.SourceFile;
import org.eclipse.collections.impl.list.mutable.primitive.FloatArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectIntHashMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a delimited text file into a {@link Dataset}; see {@link CsvOptions} for what it accepts. */
public final class CsvReader {
    private final CsvOptions options;
    private final LoadLimits limits;

    public CsvReader(CsvOptions options) {
        this.options = options;
        this.limits = options.limits();
    }

    static boolean isMissing(String field) {
        return field.isEmpty() || field.equals("NA") || field.equals("?");
    }

    public Dataset read(Path path) throws DataFormatException {
        try (InputFile in = new InputFile(path, limits.maxInputBytes())) {
            String file = in.name;
            TextLines lines = new TextLines(in, limits.maxLineBytes());
            String first = nextNonBlank(lines);
            if (first == null) throw DataFormatException.ofFile(file, "empty file: no data rows");
            long firstLine = lines.lineNumber();
            Separator sep = options.separator() == Separator.AUTO ? Fields.detect(first) : options.separator();
            Fields fields = new Fields(limits.maxColumns());
            fields.split(first, sep, file, firstLine);
            String[] head = fields.toArray();

            Header header = options.header();
            if (header == Header.AUTO) header = detectHeader(head);
            String pending = null; // the first data line when the file has no header
            long pendingLine = 0;
            int sklearnRows = -1;
            List<String> sklearnClasses = null;
            String[] names;
            switch (header) {
                case NAMES -> names = head;
                case NONE -> {
                    pending = first;
                    pendingLine = firstLine;
                    names = generated(head.length);
                }
                case SKLEARN_COUNTS -> {
                    if (head.length < 4 || !Numbers.isNonNegativeInteger(head[0]) || !Numbers.isNonNegativeInteger(head[1]))
                        throw DataFormatException.ofLine(file, firstLine, "expected a scikit-learn count header "
                                + "'rows,features,class0,class1,...', found " + DataFormatException.quote(first));
                    sklearnRows = Integer.parseInt(head[0]);
                    int f = Integer.parseInt(head[1]);
                    sklearnClasses = List.of(Arrays.copyOfRange(head, 2, head.length));
                    if (f + 1 > limits.maxColumns())
                        throw DataFormatException.ofLine(file, firstLine, "header declares " + f + " features; more than "
                                + limits.maxColumns() + " columns (LoadLimits.maxColumns)");
                    names = generated(f + 1);
                    // The one count-header file the project ships gets the names its users know.
                    if (f == 30 && sklearnClasses.equals(List.of("malignant", "benign"))) {
                        List<String> known = KnownDatasets.breastCancerFeatureNames();
                        for (int j = 0; j < f; j++) names[j] = known.get(j);
                    }
                    // The label is the last column; a label name that is not a column names it.
                    if (options.labelName() == null) names[f] = "target";
                    else if (!Arrays.asList(names).contains(options.labelName())) names[f] = options.labelName();
                }
                default -> throw new IllegalStateException("header mode " + header);
            }
            if (options.columnNames() != null) {
                if (options.columnNames().size() != names.length)
                    throw DataFormatException.ofFile(file, options.columnNames().size() + " column names were given but the file has "
                            + names.length + " columns");
                names = options.columnNames().toArray(new String[0]);
            }
            checkNames(names, file, header == Header.NAMES && options.columnNames() == null ? firstLine : 0);

            int ncols = names.length;
            int labelCol = labelColumn(names, file, header == Header.NAMES ? firstLine : 0);
            if (sklearnClasses != null && labelCol != ncols - 1)
                throw DataFormatException.ofFile(file, "in a scikit-learn count file the label is the last column");
            int nfeat = ncols - (labelCol >= 0 ? 1 : 0);
            if (nfeat == 0) throw DataFormatException.ofFile(file, "no feature columns: the only column is the label");
            String[] featureNames = new String[nfeat];
            for (int j = 0, k = 0; j < ncols; j++) if (j != labelCol) featureNames[k++] = names[j];
            int[] sampleShape = options.sampleShape() == null ? new int[]{nfeat} : options.sampleShape();
            long product = 1;
            for (int d : sampleShape) product *= d;
            if (product != nfeat)
                throw DataFormatException.ofFile(file, "sample shape " + Arrays.toString(sampleShape) + " needs " + product
                        + " features but the file has " + nfeat);

            // Label handling: fixed classes (sklearn header or options) map by name/index; otherwise discovered.
            List<String> fixedClasses = sklearnClasses != null ? sklearnClasses : options.classNames();
            ObjectIntHashMap<String> classIndex = new ObjectIntHashMap<>();
            if (fixedClasses != null && sklearnClasses == null)
                for (int c = 0; c < fixedClasses.size(); c++) classIndex.put(fixedClasses.get(c), c);
            boolean regression = options.task() == Task.REGRESSION;

            FloatArrayList x = new FloatArrayList(Math.min(1 << 16, (int) limits.maxCells()));
            IntArrayList labels = new IntArrayList();
            FloatArrayList targets = new FloatArrayList();
            IntArrayList sourceLines = new IntArrayList();
            int[] missingPer = new int[nfeat];
            String headerNote = header == Header.NAMES ? "the header" : header == Header.SKLEARN_COUNTS ? "the count header" : "line " + firstLine;

            while (true) {
                String line;
                long ln;
                if (pending != null) {
                    line = pending;
                    ln = pendingLine;
                    pending = null;
                } else {
                    line = nextNonBlank(lines);
                    ln = lines.lineNumber();
                    if (line == null) break;
                }
                fields.split(line, sep, file, ln);
                if (fields.count() != ncols)
                    throw DataFormatException.ofLine(file, ln, "expected " + ncols + " columns as in " + headerNote
                            + ", found " + fields.count());
                if ((long) x.size() + nfeat > limits.maxCells())
                    throw DataFormatException.ofLine(file, ln, "more than " + limits.maxCells()
                            + " feature values (LoadLimits.maxCells)");
                if (ln > Integer.MAX_VALUE) throw DataFormatException.ofLine(file, ln, "too many lines");
                for (int j = 0, k = 0; j < ncols; j++) {
                    String v = fields.get(j);
                    if (j == labelCol) {
                        if (isMissing(v))
                            throw DataFormatException.ofCell(file, ln, j + 1, names[j], "missing " + (regression ? "target" : "label"));
                        if (regression) targets.add(number(v, file, ln, j, names[j]));
                        else labels.add(label(v, sklearnClasses, fixedClasses, classIndex, file, ln, j, names[j]));
                        continue;
                    }
                    if (isMissing(v)) {
                        if (options.missing() == Missing.ERROR)
                            throw DataFormatException.ofCell(file, ln, j + 1, names[j], "missing value"
                                    + (v.isEmpty() ? "" : " " + DataFormatException.quote(v))
                                    + " (read with Missing.MEAN or MEDIAN to impute it)");
                        missingPer[k++]++;
                        x.add(Float.NaN);
                    } else {
                        x.add(number(v, file, ln, j, names[j]));
                        k++;
                    }
                }
                sourceLines.add((int) ln);
            }
            int rows = sourceLines.size();
            if (rows == 0)
                throw DataFormatException.ofFile(file, "empty file: " + (header == Header.NONE ? "no data rows" : "a header but no data rows"));
            if (sklearnRows >= 0 && sklearnRows != rows)
                throw DataFormatException.ofLine(file, firstLine, "the count header declares " + sklearnRows
                        + " rows but the file has " + rows);

            List<SourceFile> sources = new ArrayList<>();
            sources.add(in.finish());
            String labelName;
            List<String> classNames;
            int[] labelArray = null;
            float[] targetArray = null;
            if (regression) {
                labelName = labelCol >= 0 ? names[labelCol] : "target";
                classNames = List.of();
                if (labelCol >= 0) targetArray = targets.toArray();
                else {
                    targetArray = readTargets(options.targetsFile(), rows, sources);
                }
            } else {
                labelName = names[labelCol];
                if (fixedClasses != null) {
                    classNames = fixedClasses;
                    labelArray = labels.toArray();
                } else {
                    if (classIndex.size() < 2)
                        throw DataFormatException.ofFile(file, "the label column " + DataFormatException.quote(labelName)
                                + " has only one value " + DataFormatException.quote(classIndex.keysView().getFirst())
                                + "; a classifier needs at least two classes");
                    String[] discovered = new String[classIndex.size()];
                    classIndex.forEachKeyValue((name, id) -> discovered[id] = name);
                    String[] sorted = discovered.clone();
                    boolean numeric = Arrays.stream(sorted).allMatch(Numbers::isNumber);
                    Arrays.sort(sorted, classOrder(numeric));
                    // Numeric labels that are equal as numbers ("1" and "1.0") are one class, named by the first spelling.
                    ObjectIntHashMap<String> finalIndex = new ObjectIntHashMap<>();
                    List<String> names1 = new ArrayList<>();
                    for (int c = 0; c < sorted.length; c++) {
                        if (numeric && c > 0 && Double.parseDouble(sorted[c]) == Double.parseDouble(sorted[c - 1])) {
                            finalIndex.put(sorted[c], names1.size() - 1);
                            continue;
                        }
                        finalIndex.put(sorted[c], names1.size());
                        names1.add(sorted[c]);
                    }
                    if (names1.size() < 2)
                        throw DataFormatException.ofFile(file, "the label column " + DataFormatException.quote(labelName)
                                + " has only one value " + DataFormatException.quote(names1.get(0))
                                + "; a classifier needs at least two classes");
                    int[] remap = new int[discovered.length];
                    for (int id = 0; id < discovered.length; id++) remap[id] = finalIndex.get(discovered[id]);
                    labelArray = labels.toArray();
                    for (int i = 0; i < labelArray.length; i++) labelArray[i] = remap[labelArray[i]];
                    classNames = List.copyOf(names1);
                }
            }
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = rows;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            DatasetSchema schema = new DatasetSchema(List.of(featureNames), labelName, classNames, sampleShape);
            return new Dataset(schema, Tensor.of(x.toArray(), shape), labelArray, targetArray, sourceLines.toArray(),
                    missingPer, options.missing(), sources);
        }
    }

    private int label(String v, List<String> sklearnClasses, List<String> fixedClasses, ObjectIntHashMap<String> classIndex,
                      String file, long ln, int j, String name) throws DataFormatException {
        if (sklearnClasses != null) {
            // labels are class indices 0..k-1 ("1" or "1.0")
            if (Numbers.isNumber(v)) {
                double d = Double.parseDouble(v);
                if (d == Math.rint(d) && d >= 0 && d < sklearnClasses.size()) return (int) d;
            }
            throw DataFormatException.ofCell(file, ln, j + 1, name, "label " + DataFormatException.quote(v)
                    + " is not a class index 0.." + (sklearnClasses.size() - 1) + " of the count header");
        }
        if (fixedClasses != null) {
            int c = classIndex.getIfAbsent(v, -1);
            if (c < 0)
                throw DataFormatException.ofCell(file, ln, j + 1, name, "label " + DataFormatException.quote(v)
                        + " is not one of the " + fixedClasses.size() + " known classes");
            return c;
        }
        int c = classIndex.getIfAbsent(v, -1);
        if (c >= 0) return c;
        if (classIndex.size() == limits.maxClasses())
            throw DataFormatException.ofCell(file, ln, j + 1, name, "more than " + limits.maxClasses()
                    + " distinct labels (LoadLimits.maxClasses); is this a regression target?");
        c = classIndex.size();
        classIndex.put(v, c);
        return c;
    }

    /** Numeric labels in numeric order (ties by text), otherwise text order, so class indices do not depend on row order. */
    private static Comparator<String> classOrder(boolean numeric) {
        if (!numeric) return Comparator.naturalOrder();
        return Comparator.comparingDouble((String s) -> Double.parseDouble(s)).thenComparing(Comparator.naturalOrder());
    }

    private static float number(String v, String file, long ln, int j, String name) throws DataFormatException {
        if (!Numbers.isNumber(v))
            throw DataFormatException.ofCell(file, ln, j + 1, name, DataFormatException.quote(v) + " " + Numbers.whyNot(v));
        double d = Double.parseDouble(v);
        if (Math.abs(d) > Float.MAX_VALUE)
            throw DataFormatException.ofCell(file, ln, j + 1, name, DataFormatException.quote(v) + " is out of the float32 range");
        return (float) d;
    }

    private float[] readTargets(Path path, int rows, List<SourceFile> sources) throws DataFormatException {
        try (InputFile in = new InputFile(path, limits.maxInputBytes())) {
            TextLines lines = new TextLines(in, limits.maxLineBytes());
            Fields fields = new Fields(2);
            FloatArrayList t = new FloatArrayList(rows);
            String line;
            while ((line = nextNonBlank(lines)) != null) {
                long ln = lines.lineNumber();
                if (t.size() == rows)
                    throw DataFormatException.ofLine(in.name, ln, "more targets than the " + rows + " data rows");
                try {
                    fields.split(line, Separator.WHITESPACE, in.name, ln);
                } catch (DataFormatException e) {
                    throw DataFormatException.ofLine(in.name, ln, "expected one target value per line");
                }
                if (fields.count() != 1) throw DataFormatException.ofLine(in.name, ln, "expected one target value per line, found "
                        + fields.count());
                String v = fields.get(0);
                if (isMissing(v)) throw DataFormatException.ofCell(in.name, ln, 1, "target", "missing target");
                t.add(number(v, in.name, ln, 0, "target"));
            }
            if (t.size() != rows)
                throw DataFormatException.ofFile(in.name, "has " + t.size() + " targets but the data file has " + rows + " rows");
            sources.add(in.finish());
            return t.toArray();
        }
    }

    private int labelColumn(String[] names, String file, long headerLine) throws DataFormatException {
        if (options.targetsFile() != null) return -1;
        if (options.labelName() != null) {
            for (int j = 0; j < names.length; j++) if (names[j].equals(options.labelName())) return j;
            StringBuilder list = new StringBuilder();
            for (int j = 0; j < Math.min(names.length, 12); j++) list.append(j == 0 ? "" : ", ").append(DataFormatException.quote(names[j]));
            if (names.length > 12) list.append(", ... (").append(names.length).append(" in all)");
            String problem = "unknown label column " + DataFormatException.quote(options.labelName()) + "; the columns are " + list;
            throw headerLine > 0 ? DataFormatException.ofLine(file, headerLine, problem) : DataFormatException.ofFile(file, problem);
        }
        if (options.labelPosition() == -1) return names.length - 1;
        if (options.labelPosition() > names.length)
            throw DataFormatException.ofFile(file, "label column " + options.labelPosition() + " requested but the file has "
                    + names.length + " columns");
        return options.labelPosition() - 1;
    }

    private static void checkNames(String[] names, String file, long line) throws DataFormatException {
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < names.length; j++) {
            if (names[j].isBlank())
                throw line > 0 ? DataFormatException.ofCell(file, line, j + 1, null, "empty column name")
                        : DataFormatException.ofFile(file, "column name " + (j + 1) + " is empty");
            if (!seen.add(names[j]))
                throw line > 0 ? DataFormatException.ofCell(file, line, j + 1, names[j], "duplicate column name")
                        : DataFormatException.ofFile(file, "duplicate column name " + DataFormatException.quote(names[j]));
        }
    }

    /** A scikit-learn count header, column names (every field text), or data. */
    private static Header detectHeader(String[] head) {
        if (head.length >= 4 && Numbers.isNonNegativeInteger(head[0]) && Numbers.isNonNegativeInteger(head[1])) {
            boolean namesAfter = true;
            for (int j = 2; j < head.length; j++) namesAfter &= !head[j].isEmpty() && !Numbers.isNumber(head[j]);
            if (namesAfter) return Header.SKLEARN_COUNTS;
        }
        for (String h : head) if (isMissing(h) || Numbers.isNumber(h)) return Header.NONE;
        return Header.NAMES;
    }

    private static String[] generated(int n) {
        String[] names = new String[n];
        for (int j = 0; j < n; j++) names[j] = "column" + (j + 1);
        return names;
    }

    /** Blank lines carry no values: they are skipped, never counted as rows. */
    private static String nextNonBlank(TextLines lines) throws DataFormatException {
        String s;
        while ((s = lines.next()) != null) if (!s.isBlank()) return s;
        return null;
    }

}
