package dev.lucent.audit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.audit.runner.AuditInputs;
import dev.lucent.network.api.training.ModelFile;
import dev.lucent.network.api.OutputKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lucent train} on regression and image data where people keep them: the shared diabetes data (a CSV with a
 * continuous label, and as shipped with its targets in a file of their own), IDX files, a folder of PNG files per
 * class, and a CSV of pixels with a declared shape; and hostile image data refused with one line naming the problem.
 */
class TrainCommandTest {
    static final Path SHARED = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"));

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run train(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new TrainCommand().run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<String> lines(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** diabetes.csv with a header naming the label "progression", built from the shared files. */
    Path diabetesCsv() throws IOException {
        List<String> x = lines(SHARED.resolve("diabetes_data_raw.csv.gz")), y = lines(SHARED.resolve("diabetes_target.csv.gz"));
        List<String> out = new ArrayList<>();
        out.add("age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression");
        for (int i = 0; i < x.size(); i++) out.add(String.join(",", x.get(i).strip().split("\\s+")) + "," + Double.parseDouble(y.get(i)));
        Path csv = dir.resolve("diabetes.csv");
        Files.write(csv, out);
        return csv;
    }

    static double rmse(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("test RMSE ([0-9.eE+-]+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    /** The issue's own command: it used to exit 2 with "split without stratifying". */
    @Test
    void aContinuousLabelIsInferredAsRegressionAndNotStratified() throws Exception {
        Path out = dir.resolve("m"), csv = diabetesCsv();
        Run r = train("--data", csv.toString(), "--label", "progression", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("task: regression (inferred: the label \"progression\" holds 214 distinct numbers"), r.err());
        ModelFile.Saved saved = ModelFile.load(out.resolve("model.lucent"));
        assertEquals(OutputKind.REGRESSION, saved.model().outputKind());
        assertEquals(1, saved.model().outputCount());
        assertTrue(saved.preprocessing().classNames().isEmpty());
        // the audit's own reading of the held-out rows: the model predicts in the target's units and beats the
        // training mean there (the printed RMSE is that of these rows)
        AuditInputs.Prepared p = AuditInputs.load(out, csv, "progression", null, 1);
        float[] y = p.test().targets(), yTrain = p.train().targets();
        float[] pred = saved.model().predict(p.test().features()).toArray();
        double mean = 0, se = 0, seMean = 0;
        for (float v : yTrain) mean += v / yTrain.length;
        for (int i = 0; i < y.length; i++) {
            se += (pred[i] - y[i]) * (pred[i] - y[i]);
            seMean += (mean - y[i]) * (mean - y[i]);
        }
        double rmse = Math.sqrt(se / y.length), rmseMean = Math.sqrt(seMean / y.length);
        assertEquals(rmse, rmse(r.out()), 1e-3 * rmse, "the printed test RMSE is the held-out rows' own");
        assertTrue(rmse < 0.85 * rmseMean, "test RMSE " + rmse + " beats the training mean's " + rmseMean + " on the same rows");
    }

    @Test
    void theSharedDiabetesFilesAsShippedTrainWithTheTargetsFile() {
        Path out = dir.resolve("m");
        Run r = train("--data", SHARED.resolve("diabetes_data_raw.csv.gz").toString(), "--labels",
                SHARED.resolve("diabetes_target.csv.gz").toString(), "--out", out.toString(), "--epochs", "60");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("task: regression (the labels are in a file of their own"), r.err());
        assertTrue(r.out().contains("regression; test RMSE"), r.out());
    }

    @Test
    void wholeNumberClassesAreInferredAsClassificationAndTheTaskCanBeDeclared() throws Exception {
        List<String> bc = Files.readAllLines(SHARED.resolve("breast_cancer.csv"));
        List<String> csv = new ArrayList<>();
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 30; i++) h.append("f").append(i).append(',');
        csv.add(h.append("diagnosis").toString());
        csv.addAll(bc.subList(1, bc.size()));
        Path file = dir.resolve("bc.csv");
        Files.write(file, csv);
        Run r = train("--data", file.toString(), "--label", "diagnosis", "--out", dir.resolve("c").toString(), "--epochs", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("task: classification (inferred: the label \"diagnosis\" has 2 distinct whole numbers"), r.err());
        Run reg = train("--data", file.toString(), "--label", "diagnosis", "--out", dir.resolve("r").toString(), "--epochs", "3",
                "--task", "regression");
        assertEquals(0, reg.code(), reg.err());
        assertTrue(!reg.err().contains("inferred"), "a declared task is not inferred: " + reg.err());
        assertTrue(reg.out().contains("regression; test RMSE"), reg.out());
        Run bad = train("--data", file.toString(), "--label", "diagnosis", "--out", dir.resolve("b").toString(), "--task", "ordinal");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("the task is classification or regression, got 'ordinal'"), bad.err());
    }

    @Test
    void idxImagesTrainACnnAndAFolderOfPngFilesAndAPixelCsvToo() throws Exception {
        Path[] idx = ImageFiles.fashionSubset(dir, 1200);
        Path out = dir.resolve("idx");
        Run r = train("--data", idx[0].toString(), "--labels", idx[1].toString(), "--arch", "cnn", "--out", out.toString(), "--epochs", "2");
        assertEquals(0, r.code(), r.err());
        ModelFile.Saved saved = ModelFile.load(out.resolve("model.lucent"));
        assertArrayEquals(new int[]{1, 28, 28}, saved.model().inputShape());
        assertEquals(10, saved.model().outputCount());
        assertTrue(saved.model().layerNames().stream().anyMatch(n -> n.startsWith("conv")), saved.model().layerNames().toString());
        assertEquals(0, saved.preprocessing().mean().length, "pixels are used as they are, not standardized per pixel");
        assertTrue(r.out().contains("test accuracy"), r.out());

        Path folder = ImageFiles.fashionFolder(dir.resolve("shoes"), new int[]{5, 9}, new String[]{"sandal", "ankle boot"}, 60, true);
        Run f = train("--data", folder.toString(), "--arch", "cnn", "--out", dir.resolve("f").toString(), "--epochs", "2");
        assertEquals(0, f.code(), f.err());
        ModelFile.Saved fs = ModelFile.load(dir.resolve("f").resolve("model.lucent"));
        assertArrayEquals(new int[]{3, 28, 28}, fs.model().inputShape(), "colour images give three channels");
        assertEquals(List.of("ankle boot", "sandal"), fs.preprocessing().classNames(), "class folders name the classes");

        // digits as shipped: no header, 64 pixels then the label (column 65)
        Run d = train("--data", SHARED.resolve("digits.csv.gz").toString(), "--label", "column65", "--shape", "1x8x8", "--arch", "cnn",
                "--out", dir.resolve("d").toString(), "--epochs", "3");
        assertEquals(0, d.code(), d.err());
        assertArrayEquals(new int[]{1, 8, 8}, ModelFile.load(dir.resolve("d").resolve("model.lucent")).model().inputShape());
        Run flat = train("--data", SHARED.resolve("digits.csv.gz").toString(), "--label", "column65", "--arch", "cnn",
                "--out", dir.resolve("x").toString());
        assertEquals(2, flat.code());
        assertTrue(flat.err().contains("a CNN needs images (channels x height x width); these rows have 64 values: give their shape"), flat.err());
        Run wrong = train("--data", SHARED.resolve("digits.csv.gz").toString(), "--label", "column65", "--shape", "1x9x9",
                "--out", dir.resolve("y").toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("sample shape [1, 9, 9] needs 81 features but the file has 64"), wrong.err());
    }

    /** Each hostile file: exit 2, one line naming the file and what is wrong with it. */
    @Test
    void hostileImageDataIsRefusedNamingTheProblem() throws Exception {
        Path[] idx = ImageFiles.fashionSubset(dir, 50);
        byte[] images = ImageFiles.gunzip(idx[0]), labels = ImageFiles.gunzip(idx[1]);

        Path truncated = dir.resolve("truncated-idx3-ubyte");
        Files.write(truncated, java.util.Arrays.copyOf(images, images.length - 100));
        assertRefused(List.of("--data", truncated.toString(), "--labels", idx[1].toString()), truncated + ", byte",
                "(truncated)");

        Path magic = dir.resolve("magic-idx3-ubyte");
        byte[] m = images.clone();
        m[2] = 0x0D; // float data
        Files.write(magic, m);
        assertRefused(List.of("--data", magic.toString(), "--labels", idx[1].toString()), magic.toString(),
                "IDX data type 0x0d is not supported");

        assertRefused(List.of("--data", idx[1].toString(), "--labels", idx[0].toString()), idx[1].toString(),
                "this one declares 1 (is it a label file?)");

        Path few = dir.resolve("few-idx1-ubyte");
        byte[] l = java.util.Arrays.copyOf(labels, 8 + 40);
        ImageFiles.putInt(l, 4, 40);
        Files.write(few, l);
        assertRefused(List.of("--data", idx[0].toString(), "--labels", few.toString()), few.toString(),
                "declares 40 labels but the image file");

        assertRefused(List.of("--data", idx[0].toString()), idx[0].toString(), "is an IDX image file: give its IDX label file with --labels");

        Path folder = ImageFiles.fashionFolder(dir.resolve("folder"), new int[]{0, 1}, new String[]{"top", "trouser"}, 5, false);
        Path stray = folder.resolve("trouser").resolve("notes.txt");
        Files.writeString(stray, "not an image");
        assertRefused(List.of("--data", folder.toString()), stray.toString(), "is not a PNG or JPEG image");
        Files.delete(stray);

        java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(30, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        Path other = folder.resolve("top").resolve("wide.png");
        javax.imageio.ImageIO.write(big, "png", other.toFile());
        assertRefused(List.of("--data", folder.toString()), other.toString(), "is 30x28 pixels but");
        Files.delete(other);

        Files.writeString(folder.resolve("README"), "loose");
        assertRefused(List.of("--data", folder.toString()), folder.resolve("README").toString(), "is a file beside the class folders");
    }

    private void assertRefused(List<String> data, String names, String problem) {
        List<String> args = new ArrayList<>(data);
        args.addAll(List.of("--out", dir.resolve("never").toString(), "--epochs", "1"));
        Run r = train(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("lucent train: "), r.err());
        assertTrue(last.contains(names) && last.contains(problem), "'" + names + "' and '" + problem + "' in: " + last);
        assertTrue(!Files.exists(dir.resolve("never").resolve("model.lucent")), "nothing written");
        assertTrue(last.length() < 600 && !last.toLowerCase(Locale.ROOT).contains("exception"), last);
    }
}
