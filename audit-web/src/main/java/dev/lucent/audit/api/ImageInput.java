package dev.lucent.audit.api;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an audit reads image data beyond the data file itself: the labels of a separate test set of IDX images (a file of
 * their own, as the data's labels are), and how pixels are scaled for an ONNX model, which carries no Lucent
 * preprocessing. Pixels are read as bytes 0..255; {@code pixels} says what the model expects, as typed:
 * <ul>
 *   <li>{@code 0-1} (the default): value / 255, as torchvision's {@code ToTensor} gives;</li>
 *   <li>{@code 0-255}: the bytes as they are (a graph that divides by 255 itself);</li>
 *   <li>{@code imagenet}: {@code 0-1}, then torchvision's ImageNet mean and std per channel;</li>
 *   <li>{@code RANGE,mean=M[/M/M],std=S[/S/S]}: either range, then {@code (v - mean) / std} per channel (one number
 *       for every channel, or one per channel), e.g. {@code 0-1,mean=0.5,std=0.5}.</li>
 * </ul>
 *
 * @param testLabels the IDX label file of the test images ({@code --test-labels}); null when there is none (no test
 *                   set, or one that carries its labels: a CSV's column, class folders, a folder holding an IDX pair)
 * @param pixels     the pixel scaling in its canonical text; null for the default
 */
public record ImageInput(Path testLabels, String pixels) {

    public static final String DEFAULT_PIXELS = "0-1";
    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406}, IMAGENET_STD = {0.229, 0.224, 0.225};

    public ImageInput {
        if (testLabels != null) testLabels = testLabels.toAbsolutePath();
        pixels = pixels == null || pixels.isBlank() ? null : parse(pixels).text();
    }

    /** Nothing beyond the defaults. */
    public static final ImageInput DEFAULTS = new ImageInput(null, null);

    /** Whether the pixel scaling was given (it applies to ONNX models only). */
    public boolean pixelsGiven() {
        return pixels != null;
    }

    /** The scaling in effect: the given one or the default. */
    public Scaling scaling() {
        return parse(pixels == null ? DEFAULT_PIXELS : pixels);
    }

    /**
     * A parsed scaling: a pixel byte {@code b} of channel {@code c} goes to the model as
     * {@code (b / divisor - mean[c]) / std[c]}.
     */
    public record Scaling(double divisor, double[] mean, double[] std, String text) {

        /** The mean and std of channel {@code c} on the 0..1 scale Lucent reads pixels in: {@code (v - m) / s} there. */
        public double[] onZeroOneScale(int c, int channels) {
            if (mean.length > 1 && mean.length != channels)
                throw new IllegalArgumentException("the pixel scaling '" + text + "' gives " + mean.length
                        + " channel means, but the images have " + channels + " channel" + (channels == 1 ? "" : "s"));
            int k = mean.length == 1 ? 0 : c;
            double range = 255.0 / divisor; // 1 for 0-1, 255 for 0-255: the model's value is v * range
            return new double[] {mean[k] / range, std[k] / range};
        }

        /** In words, for the report's provenance. */
        public String describe() {
            String base = divisor == 255 ? "pixel bytes / 255 (0 to 1)" : "pixel bytes as they are (0 to 255)";
            if (mean.length == 1 && mean[0] == 0 && std[0] == 1) return base;
            return base + ", then (v - mean) / std with mean " + list(mean) + " and std " + list(std);
        }
    }

    /** Parses the scaling as typed; a bad one is refused naming what is wrong and the forms it may take. */
    public static Scaling parse(String typed) {
        String t = typed.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        String forms = "give 0-1, 0-255, imagenet, or RANGE,mean=M[/M/M],std=S[/S/S]";
        if (t.equals("imagenet")) return new Scaling(255, IMAGENET_MEAN.clone(), IMAGENET_STD.clone(), "imagenet");
        String[] parts = t.split(",", -1);
        double divisor = switch (parts[0]) {
            case "0-1" -> 255;
            case "0-255" -> 1;
            default -> throw new IllegalArgumentException("pixel scaling '" + printable(typed) + "': the range " + printable(parts[0])
                    + " is neither 0-1 nor 0-255; " + forms);
        };
        double[] mean = {0}, std = {1};
        boolean sawMean = false, sawStd = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("mean=") && !sawMean) {
                mean = numbers(p.substring(5), typed, forms);
                sawMean = true;
            } else if (p.startsWith("std=") && !sawStd) {
                std = numbers(p.substring(4), typed, forms);
                sawStd = true;
                for (double s : std)
                    if (!(s > 0)) throw new IllegalArgumentException("pixel scaling '" + printable(typed) + "': a std must be above 0, got " + s);
            } else {
                throw new IllegalArgumentException("pixel scaling '" + printable(typed) + "': cannot read '" + printable(p) + "'; " + forms);
            }
        }
        if (sawMean != sawStd)
            throw new IllegalArgumentException("pixel scaling '" + printable(typed) + "': give mean and std together; " + forms);
        if (mean.length != std.length)
            throw new IllegalArgumentException("pixel scaling '" + printable(typed) + "': " + mean.length + " means but " + std.length + " stds");
        String text = parts[0] + (sawMean ? ",mean=" + slashed(mean) + ",std=" + slashed(std) : "");
        return new Scaling(divisor, mean, std, text);
    }

    private static double[] numbers(String s, String typed, String forms) {
        String[] p = s.split("/", -1);
        if (p.length != 1 && p.length != 3)
            throw new IllegalArgumentException("pixel scaling '" + printable(typed) + "': one number or three (per channel) in '" + printable(s) + "'; " + forms);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            try {
                out[i] = Double.parseDouble(p[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pixel scaling '" + printable(typed) + "': '" + printable(p[i]) + "' is not a number; " + forms);
            }
            if (!Double.isFinite(out[i])) throw new IllegalArgumentException("pixel scaling '" + printable(typed) + "': " + p[i] + " is not finite");
        }
        return out;
    }

    private static String slashed(double[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : "/").append(num(v[i]));
        return b.toString();
    }

    private static String list(double[] v) {
        return v.length == 1 ? num(v[0]) : Arrays.stream(v).mapToObj(ImageInput::num).toList().toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }
}
