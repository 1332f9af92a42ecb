package dev.lucent.explain.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.FeatureAttribution;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Table;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.BreastCancer;
import dev.lucent.explain.testkit.EngineModels;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import dev.lucent.network.api.data.Standardizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The drift family's oracles on the shared breast cancer data: identical halves of one data set show no drift (the
 * false-alarm rate over seeded splits stays at the stated level), a copy with one feature shifted by half a standard
 * deviation is caught and that feature named first, a class-prior change is caught, flipped labels are caught as
 * performance drift; rotated digit images are caught on a layer's activations.
 */
class DriftOraclesTest {

    static final int SHIFTED = 7; // "mean concave points"

    /** A seeded halving of the 569 rows: reference (80% train, 20% test) and current, as CSV rows and labels. */
    record Halves(List<float[]> ref, List<Integer> refY, List<float[]> cur, List<Integer> curY) {
        static Halves of(BreastCancer.Raw raw, long seed) {
            int n = raw.rows().size();
            int[] perm = DomainClassifierExplainer.sample(n, n, new SplittableRandom(seed));
            Halves h = new Halves(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < n; i++) {
                boolean ref = i < n / 2;
                (ref ? h.ref : h.cur).add(raw.rows().get(perm[i]).clone());
                (ref ? h.refY : h.curY).add(raw.labels().get(perm[i]));
            }
            return h;
        }
    }

    static DatasetSchema schema() throws Exception {
        return BreastCancer.load(1).schema();
    }

    /** The context a Lucent model would see: every split standardized with the reference training rows' statistics. */
    static TestContext context(Model model, Halves h) throws Exception {
        int nTrain = h.ref().size() * 4 / 5;
        float[] mean = new float[30], sd = new float[30];
        for (int j = 0; j < 30; j++) {
            double m = 0, s = 0;
            for (int i = 0; i < nTrain; i++) m += h.ref().get(i)[j];
            m /= nTrain;
            for (int i = 0; i < nTrain; i++) s += Math.pow(h.ref().get(i)[j] - m, 2);
            mean[j] = (float) m;
            sd[j] = (float) Math.sqrt(s / nTrain);
        }
        Standardizer std = new Standardizer(mean, sd);
        DataSplit train = std.apply(split("train", h.ref().subList(0, nTrain), h.refY().subList(0, nTrain)));
        DataSplit test = std.apply(split("test", h.ref().subList(nTrain, h.ref().size()), h.refY().subList(nTrain, h.refY().size())));
        DataSplit cur = std.apply(split("current", h.cur(), h.curY()));
        return new TestContext(model == null ? EngineModels.breastCancerMlp() : model, schema(), train, test).current(cur).standardization(std);
    }

    static DataSplit split(String name, List<float[]> rows, List<Integer> y) {
        float[] x = new float[rows.size() * 30];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, x, i * 30, 30);
        return new DataSplit(name, Tensor.of(x, rows.size(), 30), y.stream().mapToInt(Integer::intValue).toArray(), null);
    }

    static Verdict verdict(List<Finding> f, String title) {
        return f.stream().filter(Verdict.class::isInstance).map(Verdict.class::cast).filter(v -> v.title().equals(title)).findFirst().orElseThrow();
    }

    static double sd(BreastCancer.Raw raw, int j) {
        double[] v = raw.rows().stream().mapToDouble(r -> r[j]).toArray();
        return FeatureDrift.sd(v);
    }

    @Test
    void identicalHalvesRaiseFalseAlarmsAtMostAtTheStatedLevel() throws Exception {
        BreastCancer.Raw raw = BreastCancer.raw();
        int splits = 200, alarms = 0;
        for (int s = 0; s < splits; s++) {
            List<Finding> f = new FeatureDriftExplainer().explain(context(EngineModels.breastCancerMlp(), Halves.of(raw, 1000 + s)));
            if (verdict(f, "Feature drift").outcome() == Verdict.Outcome.FAIL) alarms++;
        }
        // BH at q = 0.05 over 31 columns keeps the chance of any false alarm under the global null at most 0.05; the
        // bound allows three binomial standard errors over 200 splits (0.05 * 200 + 3 * 3.08 = 19)
        System.out.println("feature-drift false alarms on identical halves: " + alarms + " of " + splits);
        assertTrue(alarms <= 19, alarms + " of " + splits + " identical halves flagged");
        int domainAlarms = 0, domainWarnings = 0, predictionAlarms = 0;
        for (int s = 0; s < 20; s++) {
            TestContext c = context(EngineModels.breastCancerMlp(), Halves.of(raw, 2000 + s));
            Verdict.Outcome domain = verdict(new DomainClassifierExplainer().explain(c), "Domain classifier").outcome();
            if (domain == Verdict.Outcome.FAIL) domainAlarms++;
            if (domain == Verdict.Outcome.WARN) domainWarnings++; // interval straddling max-auc: reported, not bounded (depends on n)
            List<Finding> p = new PredictionDriftExplainer().explain(c);
            if (verdict(p, "Prediction drift").outcome() == Verdict.Outcome.FAIL) predictionAlarms++;
        }
        System.out.println("domain-classifier false alarms: " + domainAlarms + " of 20 (" + domainWarnings + " WARN); prediction drift: "
                + predictionAlarms + " of 20");
        // at the 0.05 level 20 splits expect 1; 4 or more has probability 0.016
        assertTrue(domainAlarms <= 3, domainAlarms + " of 20");
        assertTrue(predictionAlarms <= 3, predictionAlarms + " of 20");
    }

    @Test
    void aHalfStandardDeviationShiftOfOneFeatureIsCaughtAndNamedFirst() throws Exception {
        BreastCancer.Raw raw = BreastCancer.raw();
        double shift = 0.5 * sd(raw, SHIFTED);
        Halves h = Halves.of(raw, 7);
        for (float[] r : h.cur()) r[SHIFTED] += (float) shift;
        TestContext c = context(null, h);
        List<Finding> f = new FeatureDriftExplainer().explain(c);
        assertEquals(Verdict.Outcome.FAIL, verdict(f, "Feature drift").outcome());
        Table t = (Table) f.get(0);
        assertEquals("mean concave points", t.rows().get(0).get(0), t.rows().toString());
        assertEquals("drifted", t.rows().get(0).get(9));
        // Wasserstein in the CSV's units: a pure shift moves it by about the shift (the halves differ a little besides)
        double w = Double.parseDouble(t.rows().get(0).get(8));
        assertTrue(Math.abs(w - shift) < 0.35 * shift, "Wasserstein " + w + " for a shift of " + shift);
        List<Finding> d = new DomainClassifierExplainer().explain(c);
        assertEquals(Verdict.Outcome.FAIL, verdict(d, "Domain classifier").outcome(), d.toString());
        FeatureAttribution leans = (FeatureAttribution) d.get(1);
        double[] v = leans.values();
        int top = 0;
        for (int j = 1; j < v.length; j++) if (v[j] > v[top]) top = j;
        assertEquals("mean concave points", leans.features().get(top), Arrays.toString(v));
        // the same halves unshifted pass
        Halves same = Halves.of(raw, 7);
        assertEquals(Verdict.Outcome.PASS, verdict(new FeatureDriftExplainer().explain(context(null, same)), "Feature drift").outcome());
    }

    @Test
    void aClassPriorChangeIsCaughtInTheLabelAndThePredictions() throws Exception {
        BreastCancer.Raw raw = BreastCancer.raw();
        Halves h = Halves.of(raw, 11);
        // keep every malignant (0) current row and one benign in eight: about 37% malignant becomes about 83% (prediction
        // drift compares with the 57 held-out reference rows only, so a milder change is not always seen there)
        List<float[]> rows = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        int benign = 0;
        for (int i = 0; i < h.cur().size(); i++)
            if (h.curY().get(i) == 0 || benign++ % 8 == 0) {
                rows.add(h.cur().get(i));
                y.add(h.curY().get(i));
            }
        TestContext c = context(null, new Halves(h.ref(), h.refY(), rows, y));
        List<Finding> f = new FeatureDriftExplainer().explain(c);
        assertEquals(Verdict.Outcome.FAIL, verdict(f, "Feature drift").outcome());
        Table t = (Table) f.get(0);
        List<String> label = t.rows().stream().filter(r -> r.get(0).equals("label: diagnosis")).findFirst().orElseThrow();
        assertEquals("drifted", label.get(9), label.toString());
        List<Finding> p = new PredictionDriftExplainer().explain(c);
        assertEquals(Verdict.Outcome.FAIL, verdict(p, "Prediction drift").outcome(), p.toString());
    }

    @Test
    void flippedLabelsShowAsPerformanceDriftWithAnInterval() throws Exception {
        BreastCancer.Raw raw = BreastCancer.raw();
        Halves h = Halves.of(raw, 13);
        TestContext same = context(null, h);
        List<Finding> ok = new PredictionDriftExplainer().explain(same);
        assertEquals(Verdict.Outcome.PASS, verdict(ok, "Performance drift").outcome());
        List<Integer> flipped = new ArrayList<>(h.curY());
        for (int i = 0; i < flipped.size(); i += 4) flipped.set(i, 1 - flipped.get(i)); // a quarter of the labels wrong
        List<Finding> bad = new PredictionDriftExplainer().explain(context(null, new Halves(h.ref(), h.refY(), h.cur(), flipped)));
        assertEquals(Verdict.Outcome.FAIL, verdict(bad, "Performance drift").outcome());
        Metric m = bad.stream().filter(Metric.class::isInstance).map(Metric.class::cast).filter(x -> x.name().equals("accuracy change")).findFirst().orElseThrow();
        assertTrue(m.lower() < m.value() && m.value() < m.upper() && m.upper() < 0, m.toString());
        assertTrue(m.value() < -0.15, m.toString()); // about a quarter of the rows turn wrong (or right)
    }

    @Test
    void rotatedDigitImagesDriftOnTheLayersActivations() throws Exception {
        Model cnn = EngineModels.digitsCnn();
        var d = EngineModels.digits();
        int n = 297;
        float[] train = Arrays.copyOf(d.x(), EngineModels.TRAIN_ROWS * 64);
        float[] ordered = EngineModels.heldOut(n, true).toArray(), held = new float[ordered.length];
        int[] orderedY = EngineModels.heldOutLabels(n), heldY = new int[n];
        int[] perm = DomainClassifierExplainer.sample(n, n, new SplittableRandom(3)); // rows are in writers' order: halve at random
        for (int i = 0; i < n; i++) {
            System.arraycopy(ordered, perm[i] * 64, held, i * 64, 64);
            heldY[i] = orderedY[perm[i]];
        }
        int half = n / 2, rest = n - half; // reference: the first held-out half; current: the second, as it is or rotated
        float[] x = Arrays.copyOfRange(held, half * 64, n * 64), rot = new float[x.length];
        for (int i = 0; i < rest; i++)
            for (int r = 0; r < 8; r++)
                for (int col = 0; col < 8; col++) rot[i * 64 + col * 8 + (7 - r)] = x[i * 64 + r * 8 + col]; // 90 degrees clockwise
        List<String> names = new ArrayList<>();
        for (int j = 0; j < 64; j++) names.add("pixel " + j);
        DatasetSchema schema = new DatasetSchema(names, "digit", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), new int[] {1, 8, 8});
        DataSplit tr = new DataSplit("train", Tensor.of(train, EngineModels.TRAIN_ROWS, 1, 8, 8), Arrays.copyOf(d.y(), EngineModels.TRAIN_ROWS), null);
        DataSplit test = new DataSplit("test", Tensor.of(Arrays.copyOf(held, half * 64), half, 1, 8, 8), Arrays.copyOf(heldY, half), null);
        int[] curY = Arrays.copyOfRange(heldY, half, n);
        DataSplit same = new DataSplit("current", Tensor.of(x, rest, 1, 8, 8), curY, null);
        DataSplit rotated = new DataSplit("current", Tensor.of(rot, rest, 1, 8, 8), curY, null);
        TestContext plain = new TestContext(cnn, schema, tr, test).current(same).with("permutations", "200");
        TestContext turned = new TestContext(cnn, schema, tr, test).current(rotated).with("permutations", "200");
        List<Finding> a = new ActivationDriftExplainer().explain(plain), b = new ActivationDriftExplainer().explain(turned);
        assertEquals(Verdict.Outcome.PASS, verdict(a, "Activation drift (images)").outcome(), a.toString());
        assertEquals(Verdict.Outcome.FAIL, verdict(b, "Activation drift (images)").outcome(), b.toString());
        assertTrue(((Metric) b.get(0)).value() > 5 * Math.abs(((Metric) a.get(0)).value()), a + " vs " + b);
    }
}
