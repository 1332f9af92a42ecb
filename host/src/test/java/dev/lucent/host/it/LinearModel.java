package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model the plugin audits are checked against: a logistic model logit = 3 f0 - 2 f1 + 0.5 f2 + 0.25 written
 * as a Lucent model file, data drawn around it, and the check that LIME's slopes rank the features as the weights
 * do, with the weights' signs.
 */
final class LinearModel {

    static final float[] WEIGHTS = {3f, -2f, 0.5f};

    /** LIME's settings for a quick, still decisive run: 3 rows, 2000 samples each. */
    static final String LIME_PARAMETERS = "lime.rows = 3\nlime.samples = 2000\nlime.kernelWidth = 0.5";

    private LinearModel() {
    }

    /** Asserts that every LIME attribution in a report's JSON ranks and signs the features as the weights do; returns how many. */
    static int assertLimeRanksFeaturesAsTheWeightsDo(String report) {
        Matcher m = Pattern.compile("\"subject\"\\s*:\\s*\"[^\"]*P\\((\\d)\\)\"\\s*,\\s*\"features\"\\s*:\\s*\\[[^\\]]*\\]\\s*,\\s*\"values\"\\s*:\\s*\\[([^\\]]*)\\]")
                .matcher(report);
        int explained = 0;
        while (m.find()) {
            double sign = m.group(1).equals("1") ? 1 : -1; // P(0) falls where P(1) rises
            String[] parts = m.group(2).split(",");
            double[] v = new double[parts.length];
            for (int j = 0; j < v.length; j++) v[j] = sign * Double.parseDouble(parts[j].trim());
            assertEquals(3, v.length);
            assertTrue(Math.abs(v[0]) > Math.abs(v[1]) && Math.abs(v[1]) > Math.abs(v[2]), "ranking |3| > |-2| > |0.5|: " + m.group(2));
            for (int j = 0; j < 3; j++) assertEquals(Math.signum(WEIGHTS[j]), Math.signum(v[j]), "sign of f" + j + ": " + m.group(2));
            explained++;
        }
        assertEquals(3, explained, "three rows explained:\n" + report);
        return explained;
    }

    /** A Lucent model file (docs/model-format.md): one linear node, logit = 3 f0 - 2 f1 + 0.5 f2 + 0.25. */
    static byte[] modelFile() throws Exception {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(payload);
        d.writeUTF("logistic3");
        d.writeUTF("BINARY_LOGIT");
        d.writeInt(1);
        d.writeInt(3);
        d.writeInt(1);
        d.writeUTF("out");
        d.writeUTF("linear");
        String[] settings = {"in", "3", "out", "1", "bias", "true", "init", "HE_NORMAL"};
        d.writeInt(settings.length / 2);
        for (String s : settings) d.writeUTF(s);
        d.writeInt(1);
        d.writeInt(-1);
        d.writeInt(2);
        d.writeUTF("weight");
        d.writeInt(2);
        d.writeInt(3);
        d.writeInt(1);
        d.writeInt(3);
        for (float w : WEIGHTS) d.writeFloat(w);
        d.writeUTF("bias");
        d.writeInt(1);
        d.writeInt(1);
        d.writeInt(1);
        d.writeFloat(0.25f);
        d.writeBoolean(false); // no preprocessing
        d.writeBoolean(false); // no history
        d.writeInt(0); // no metadata
        d.flush();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(file);
        f.writeBytes("LUCENTMF");
        f.writeInt(1);
        f.writeLong(payload.size());
        f.write(payload.toByteArray());
        f.flush();
        f.write(MessageDigest.getInstance("SHA-256").digest(file.toByteArray()));
        return file.toByteArray();
    }

    static byte[] csv(int rows) {
        Random r = new Random(1);
        StringBuilder csv = new StringBuilder("f0,f1,f2,target\n");
        for (int i = 0; i < rows; i++) {
            double x0 = r.nextGaussian(), x1 = r.nextGaussian(), x2 = r.nextGaussian();
            double logit = WEIGHTS[0] * x0 + WEIGHTS[1] * x1 + WEIGHTS[2] * x2 + 0.25;
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%d%n", x0, x1, x2, logit > 0 ? 1 : 0));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
