package dev.lucent.network.api.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's shared public data sets (scikit-learn's copies of UCI / StatLib originals, and
 * Fashion-MNIST) with the options and names users know them by.
 */
public final class KnownDatasets {
    private KnownDatasets() {
    }

    /** The 30 Wisconsin Diagnostic Breast Cancer feature names, "mean radius" ... "worst fractal dimension". */
    public static List<String> breastCancerFeatureNames() {
        String resource = "/dev/lucent/network/data/breast-cancer-features.txt";
        try (InputStream in = KnownDatasets.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing bundled resource " + resource);
            List<String> names = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; )
                if (!line.isBlank() && !line.startsWith("#")) names.add(line.strip());
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** breast_cancer.csv: scikit-learn count header, 30 named features, label "diagnosis" (malignant, benign). */
    public static CsvOptions breastCancerOptions() {
        List<String> columns = new ArrayList<>(breastCancerFeatureNames());
        columns.add("diagnosis");
        return CsvOptions.label("diagnosis").withHeader(CsvOptions.Header.SKLEARN_COUNTS).withSeparator(CsvOptions.Separator.COMMA)
                .withColumnNames(columns);
    }

    public static Dataset breastCancer(Path csv) throws DataFormatException {
        return Datasets.readCsv(csv, breastCancerOptions());
    }

    /** digits.csv.gz: no header, 64 pixels of an 8x8 image ({@code {1, 8, 8}}), label "digit" 0..9 last. */
    public static CsvOptions digitsOptions() {
        List<String> columns = new ArrayList<>();
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++) columns.add("pixel(" + r + "," + c + ")");
        columns.add("digit");
        return CsvOptions.label("digit").withHeader(CsvOptions.Header.NONE).withSeparator(CsvOptions.Separator.COMMA)
                .withColumnNames(columns).withSampleShape(1, 8, 8);
    }

    public static Dataset digits(Path csvGz) throws DataFormatException {
        return Datasets.readCsv(csvGz, digitsOptions());
    }

    /** diabetes_data_raw.csv.gz with diabetes_target.csv.gz: space separated, no header, 10 named features, regression. */
    public static CsvOptions diabetesOptions(Path targets) {
        return CsvOptions.targetsFile(targets).withHeader(CsvOptions.Header.NONE).withSeparator(CsvOptions.Separator.WHITESPACE)
                .withColumnNames(List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"));
    }

    public static Dataset diabetes(Path data, Path targets) throws DataFormatException {
        return Datasets.readCsv(data, diabetesOptions(targets));
    }

    /**
     * Fashion-MNIST from a folder with the four standard IDX files (Debian's {@code dataset-fashion-mnist}
     * installs them in {@code /usr/share/datasets/fashion-mnist/}): the 60,000 training or the 10,000 test images.
     */
    public static Dataset fashionMnist(Path folder, boolean train) throws DataFormatException {
        String prefix = train ? "train" : "t10k";
        return Datasets.readIdx(folder.resolve(prefix + "-images-idx3-ubyte.gz"), folder.resolve(prefix + "-labels-idx1-ubyte.gz"),
                IdxOptions.defaults().withClassNames(IdxOptions.FASHION_MNIST_CLASSES));
    }
}
