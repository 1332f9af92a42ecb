package dev.lucent.explain.overfitting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.AuditContext;
import dev.lucent.explain.api.Finding;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Verdict;
import dev.lucent.explain.testkit.Digits;
import dev.lucent.explain.testkit.Fixtures;
import dev.lucent.explain.testkit.TestContext;
import dev.lucent.network.api.training.Activation;
import dev.lucent.network.api.training.Dropout;
import dev.lucent.network.api.training.Layer;
import dev.lucent.network.api.training.Linear;
import dev.lucent.network.api.training.Loss;
import dev.lucent.network.api.training.Model;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.training.Sequential;
import dev.lucent.network.api.training.Trainer;
import dev.lucent.network.api.training.TrainingConfig;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.DatasetSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overfitting explainers on MLPs trained by the engine on few digit images. */
class EngineOverfittingTest {

    static Model mlp(long seed, int width, float dropout) {
        Layer[] layers = dropout > 0
                ? new Layer[] {new Linear(64, width), Activation.relu(), new Dropout(dropout), new Linear(width, width), Activation.relu(),
                        new Dropout(dropout), new Linear(width, 10)}
                : new Layer[] {new Linear(64, width), Activation.relu(), new Linear(width, width), Activation.relu(), new Linear(width, 10)};
        return Sequential.of("mlp", OutputKind.CLASS_LOGITS, seed, new int[] {64}, layers);
    }

    static DatasetSchema schema() {
        String[] f = new String[64];
        for (int i = 0; i < 64; i++) f[i] = "pixel " + i;
        return new DatasetSchema(List.of(f), "digit", Digits.classNames(), new int[] {64});
    }

    static Metric metric(List<Finding> f, String name) {
        return f.stream().filter(Metric.class::isInstance).map(Metric.class::cast).filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    static Verdict verdict(List<Finding> f) {
        return f.stream().filter(Verdict.class::isInstance).map(Verdict.class::cast).findFirst().orElseThrow();
    }

    record Audit(Verdict verdict, double lossGap, double membershipAuc, double errorGap) {
    }

    static Audit audit(Model m, TrainingHistory h, DataSplit train, DataSplit test) throws Exception {
        TestContext c = Fixtures.context(m, schema(), train, test);
        c.history(h);
        Verdict v = verdict(new OverfittingVerdictExplainer().explain(c));
        List<Finding> gap = new GeneralisationGapExplainer().explain(c);
        double auc = metric(new MembershipInferenceExplainer().explain(c), "membership AUC").value();
        Audit a = new Audit(v, metric(gap, "loss gap").value(), auc, metric(gap, "error gap").value());
        System.out.printf("overfitting verdict %s: loss gap %.4f, error gap %.4f, membership AUC %.4f%n", v.outcome(), a.lossGap(),
                a.errorGap(), a.membershipAuc());
        return a;
    }

    @Test
    void anUnregularisedModelOnFewSamplesFailsAndRegularisationShrinksGapAndMembershipLeak() throws Exception {
        List<DataSplit> s = Digits.splits(3, 60, 30, 400);
        DataSplit train = s.get(0);
        DataSplit val = s.get(1);
        DataSplit test = s.get(2);

        Model plain = mlp(5, 256, 0);
        TrainingHistory hp = Trainer.fit(plain, train, val, TrainingConfig.builder(Loss.CROSS_ENTROPY).learningRate(1e-3f)
                .epochs(150).batchSize(32).seed(2).build());
        Audit p = audit(plain, hp, train, test);

        Model reg = mlp(5, 256, 0.5f);
        TrainingHistory hr = Trainer.fit(reg, train, val, TrainingConfig.builder(Loss.CROSS_ENTROPY).learningRate(1e-3f)
                .epochs(150).batchSize(32).seed(2).l2(1e-2f).earlyStopping("validation_loss", 10, true).build());
        Audit r = audit(reg, hr, train, test);

        assertEquals(Verdict.Outcome.FAIL, p.verdict().outcome(), p.verdict().evidence().toString());
        assertTrue(r.lossGap() < p.lossGap(), "loss gap " + r.lossGap() + " regularised vs " + p.lossGap());
        assertTrue(r.membershipAuc() < p.membershipAuc(), "membership AUC " + r.membershipAuc() + " regularised vs " + p.membershipAuc());
        assertTrue(p.verdict().remedy().contains("L2"), p.verdict().remedy());
    }

    @Test
    void theShuffledLabelProbeReportsMemorisationForAnOverParameterisedMlp() throws Exception {
        DataSplit train = Digits.splits(4, 100).get(0);
        TestContext c = Fixtures.context(mlp(5, 512, 0), schema(), train, null).with("epochs", "150");
        // The retrainer as a Lucent-trained model offers it: the same architecture, fresh weights from the seed.
        c.retrainer((tr, val, epochs, seed) -> {
            Model m = mlp(seed, 512, 0);
            TrainingHistory h = Trainer.fit(m, tr, val, TrainingConfig.builder(Loss.CROSS_ENTROPY).learningRate(1e-3f)
                    .epochs(epochs).batchSize(32).seed(seed).build());
            return new AuditContext.Retrained(m, h);
        });
        List<Finding> f = new ShuffledLabelProbeExplainer().explain(c);
        double mem = metric(f, "memorisation").value();
        System.out.println("shuffled-label accuracy " + metric(f, "shuffled-label accuracy").value() + " memorisation " + mem);
        assertTrue(mem > 0.8, "memorisation " + mem);
        assertEquals(Verdict.Outcome.WARN, verdict(f).outcome());
    }
}
