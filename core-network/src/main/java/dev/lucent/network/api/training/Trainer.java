package dev.lucent.network.api.training;

import dev.lucent.network.internal.TensorStorage;
import dev.lucent.network.api.OutputKind;
import dev.lucent.network.api.ProbeSession;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.api.TrainingHistory;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.kernel.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * Mini-batch training with seeded shuffling, validation, early stopping and per-epoch telemetry.
 * Same model, data and config give the same weights bit for bit, for any thread count.
 */
public final class Trainer {
    /** Recycle each step's arrays in the next step (tests switch it off to show it changes nothing). */
    static boolean useArena = true;

    private Trainer() {
    }

    /** Loss and accuracy (NaN for regression) of a model on a split, in evaluation mode. */
    public record Evaluation(double loss, double accuracy) {
    }

    /**
     * Trains {@code model} in place and returns its history. {@code validation} may be null: then
     * {@link TrainingConfig#validationFraction()} of the training rows are held out (seeded), if any.
     *
     * @throws CancellationException when {@link TrainingConfig#cancelled()} turns true (checked every batch)
     */
    public static TrainingHistory fit(Model model, DataSplit train, DataSplit validation, TrainingConfig cfg) {
        return Parallel.withThreads(cfg.threads(), () -> new Run(model, train, validation, cfg).run());
    }

    public static Evaluation evaluate(Model model, DataSplit split, Loss loss) {
        Data d = Data.of(model, split);
        return evaluate(model, d, loss, null);
    }

    /** Rows of a split flattened for batching. */
    private record Data(float[] x, int rowSize, int[] sampleShape, int[] labels, float[] targets, int rows) {
        static Data of(Model model, DataSplit s) {
            int[] shape = s.features().shape();
            int[] sample = Arrays.copyOfRange(shape, 1, shape.length);
            if (!Arrays.equals(sample, model.inputShape()))
                throw new IllegalArgumentException("split '" + s.name() + "' has samples of shape " + Arrays.toString(sample) + ", model '" + model.name() + "' expects " + Arrays.toString(model.inputShape()));
            int rows = shape[0];
            if (s.labels() == null && s.targets() == null) throw new IllegalArgumentException("split '" + s.name() + "' has neither labels nor targets");
            if (s.labels() != null && s.labels().length != rows) throw new IllegalArgumentException("split '" + s.name() + "' has " + rows + " rows but " + s.labels().length + " labels");
            int k = model.outputCount();
            if (s.labels() == null && s.targets().length != rows * k)
                throw new IllegalArgumentException("split '" + s.name() + "' has " + s.targets().length + " targets for " + rows + " rows x " + k + " outputs");
            return new Data(s.features().toArray(), rows == 0 ? 0 : s.features().size() / rows, sample, s.labels(), s.targets(), rows);
        }

        Data subset(int[] idx) {
            float[] nx = new float[idx.length * rowSize];
            int[] nl = labels == null ? null : new int[idx.length];
            int k = targets == null ? 0 : targets.length / Math.max(1, rows);
            float[] nt = targets == null ? null : new float[idx.length * k];
            for (int i = 0; i < idx.length; i++) {
                System.arraycopy(x, idx[i] * rowSize, nx, i * rowSize, rowSize);
                if (nl != null) nl[i] = labels[idx[i]];
                if (nt != null) System.arraycopy(targets, idx[i] * k, nt, i * k, k);
            }
            return new Data(nx, rowSize, sampleShape, nl, nt, idx.length);
        }

        Tensor batch(int from, int to) {
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = to - from;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            return Tensor.of(Arrays.copyOfRange(x, from * rowSize, to * rowSize), shape);
        }
    }

    private static Evaluation evaluate(Model model, Data d, Loss loss, float[] classWeights) {
        if (d.rows == 0) return new Evaluation(Double.NaN, Double.NaN);
        double lossSum = 0;
        long correct = 0;
        int k = model.outputCount();
        try (Tensor.Scope s = Tensor.noGrad()) {
            for (int from = 0; from < d.rows; from += 256) {
                int to = Math.min(d.rows, from + 256);
                Tensor out = model.forward(d.batch(from, to), Mode.EVAL);
                int[] lab = d.labels == null ? null : Arrays.copyOfRange(d.labels, from, to);
                float[] tg = d.targets == null ? null : Arrays.copyOfRange(d.targets, from * k, to * k);
                lossSum += loss.compute(out, lab, tg, classWeights).item() * (to - from);
                if (lab != null) correct += correctCount(out, lab, model.outputKind());
            }
        }
        return new Evaluation(lossSum / d.rows, d.labels == null ? Double.NaN : (double) correct / d.rows);
    }

    static int correctCount(Tensor out, int[] labels, OutputKind kind) {
        int c = 0;
        if (kind == OutputKind.BINARY_LOGIT) {
            float[] z = out.toArray();
            for (int i = 0; i < labels.length; i++) if ((z[i] > 0 ? 1 : 0) == labels[i]) c++;
        } else {
            int[] am = out.argmax();
            for (int i = 0; i < labels.length; i++) if (am[i] == labels[i]) c++;
        }
        return c;
    }

    private static final class Run {
        final Model model;
        final TrainingConfig cfg;
        final Data train, val;
        final List<Parameter> params;
        final Map<String, Parameter> named;

        Run(Model model, DataSplit trainSplit, DataSplit validation, TrainingConfig cfg) {
            this.model = model;
            this.cfg = cfg;
            Data all = Data.of(model, trainSplit);
            if (validation != null) {
                train = all;
                val = Data.of(model, validation);
            } else if (cfg.validationFraction() > 0) {
                int[] perm = permutation(all.rows, Model.mix(cfg.seed(), -1));
                int nVal = (int) Math.round(all.rows * cfg.validationFraction());
                val = all.subset(Arrays.copyOfRange(perm, 0, nVal));
                train = all.subset(Arrays.copyOfRange(perm, nVal, perm.length));
            } else {
                train = all;
                val = null;
            }
            if (train.rows == 0) throw new IllegalArgumentException("no training rows");
            if (cfg.monitor().startsWith("validation") && cfg.patience() > 0 && val == null)
                throw new IllegalArgumentException("early stopping on " + cfg.monitor() + " needs a validation split or fraction");
            this.params = model.trainableParameters();
            this.named = model.namedParameters();
        }

        TrainingHistory run() {
            List<TrainingHistory.EpochRecord> records = new ArrayList<>();
            Optimizer opt = cfg.optimizer();
            opt.reset();
            int batches = (train.rows + cfg.batchSize() - 1) / cfg.batchSize();
            boolean maximize = cfg.monitor().endsWith("accuracy");
            double best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            int bestEpoch = 0, sinceBest = 0;
            float[][] bestWeights = null;
            long step = 0;
            float[] xbuf = new float[cfg.batchSize() * train.rowSize];
            ReusedStepArrays stepArrays = new ReusedStepArrays();
            int k = model.outputCount();
            for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                int[] perm = permutation(train.rows, Model.mix(cfg.seed(), epoch));
                double lossSum = 0;
                long correct = 0;
                double lr = cfg.learningRate();
                float[][] before = null;
                for (int b = 0; b < batches; b++) {
                    if (cfg.cancelled().getAsBoolean())
                        throw new CancellationException("training of '" + model.name() + "' cancelled in epoch " + (epoch + 1));
                    int from = b * cfg.batchSize(), to = Math.min(train.rows, from + cfg.batchSize()), n = to - from;
                    float[] xb = n == cfg.batchSize() ? xbuf : new float[n * train.rowSize];
                    int[] lab = train.labels == null ? null : new int[n];
                    float[] tg = train.targets == null ? null : new float[n * k];
                    for (int i = 0; i < n; i++) {
                        int r = perm[from + i];
                        System.arraycopy(train.x, r * train.rowSize, xb, i * train.rowSize, train.rowSize);
                        if (lab != null) lab[i] = train.labels[r];
                        if (tg != null) System.arraycopy(train.targets, r * k, tg, i * k, k);
                    }
                    int[] shape = new int[train.sampleShape.length + 1];
                    shape[0] = n;
                    System.arraycopy(train.sampleShape, 0, shape, 1, train.sampleShape.length);
                    // a probe session opened around fit() keeps tensors past the step: ReusedStepArrays recycles nothing then
                    ReusedStepArrays.Step scope = useArena ? stepArrays.step() : null;
                    try {
                        Tensor out = model.forward(Tensor.of(xb, shape), Mode.train(Model.mix(cfg.seed() ^ 0x5DEECE66DL, step)));
                        Tensor loss = cfg.loss().compute(out, lab, tg, cfg.classWeights());
                        for (Parameter p : params) p.value.zeroGrad();
                        loss.backward();
                        penalties();
                        lr = cfg.schedule().rate(cfg.learningRate(), epoch + (double) b / batches);
                        if (b == batches - 1) before = snapshot();
                        opt.step(params, (float) lr);
                        step++;
                        lossSum += loss.item() * n;
                        if (lab != null) correct += correctCount(out, lab, model.outputKind());
                    } finally {
                        if (scope != null) scope.close();
                    }
                }
                double trainLoss = lossSum / train.rows;
                double trainAcc = train.labels == null ? Double.NaN : (double) correct / train.rows;
                Evaluation v = val == null ? new Evaluation(Double.NaN, Double.NaN) : evaluate(model, val, cfg.loss(), cfg.classWeights());
                TrainingHistory.EpochRecord rec = new TrainingHistory.EpochRecord(epoch + 1, trainLoss, v.loss(), trainAcc, v.accuracy(), lr, telemetry(before));
                records.add(rec);
                cfg.onEpoch().accept(rec);
                double metric = switch (cfg.monitor()) {
                    case "validation_loss" -> v.loss();
                    case "validation_accuracy" -> v.accuracy();
                    case "train_accuracy" -> trainAcc;
                    default -> trainLoss;
                };
                boolean better = !Double.isNaN(metric) && (maximize ? metric > best : metric < best);
                if (better) {
                    best = metric;
                    bestEpoch = epoch + 1;
                    sinceBest = 0;
                    if (cfg.patience() > 0 && cfg.restoreBest()) bestWeights = snapshotAll();
                } else if (cfg.patience() > 0 && ++sinceBest >= cfg.patience()) {
                    break;
                }
            }
            int kept = records.size();
            if (bestWeights != null && bestEpoch != records.size()) {
                restoreAll(bestWeights);
                kept = bestEpoch;
            }
            boolean monitored = cfg.patience() > 0;
            return new TrainingHistory(records, monitored ? cfg.monitor() : null, kept);
        }

        /** Coupled penalties enter the gradient: d(l2 w^2) = 2 l2 w, d(l1 |w|) = l1 sign(w). */
        private void penalties() {
            if (cfg.l1() == 0 && cfg.l2() == 0) return;
            for (Parameter p : params) {
                float[] g = TensorStorage.gradient(p.value);
                if (!p.decays() || g == null) continue;
                float[] w = p.data();
                for (int i = 0; i < w.length; i++) g[i] += 2 * cfg.l2() * w[i] + cfg.l1() * Math.signum(w[i]);
            }
        }

        private float[][] snapshot() {
            float[][] s = new float[params.size()][];
            for (int i = 0; i < s.length; i++) s[i] = params.get(i).data().clone();
            return s;
        }

        private float[][] snapshotAll() {
            List<Parameter> all = new ArrayList<>(named.values());
            float[][] s = new float[all.size()][];
            for (int i = 0; i < s.length; i++) s[i] = all.get(i).values();
            return s;
        }

        private void restoreAll(float[][] w) {
            List<Parameter> all = new ArrayList<>(named.values());
            for (int i = 0; i < w.length; i++) all.get(i).assign(w[i]);
        }

        /** Per-layer telemetry after the epoch's last step; activations from the first 256 training rows. */
        private List<TrainingHistory.LayerTelemetry> telemetry(float[][] before) {
            List<TrainingHistory.LayerTelemetry> out = new ArrayList<>();
            Tensor probeBatch = train.batch(0, Math.min(256, train.rows));
            try (ProbeSession s = ProbeSession.open(); Tensor.Scope ng = Tensor.noGrad()) {
                model.forward(probeBatch, Mode.EVAL);
                for (Model.Node node : model.nodes()) {
                    double wsq = 0, gsq = 0, dsq = 0;
                    boolean hasWeights = false;
                    for (Parameter p : node.layer().parameters()) {
                        if (!p.trainable()) continue;
                        hasWeights = true;
                        float[] w = p.data(), g = TensorStorage.gradient(p.value);
                        int pi = params.indexOf(p);
                        for (int i = 0; i < w.length; i++) {
                            wsq += (double) w[i] * w[i];
                            if (g != null) gsq += (double) g[i] * g[i];
                            if (before != null) {
                                double d = w[i] - before[pi][i];
                                dsq += d * d;
                            }
                        }
                    }
                    float[] a = s.activation(node.name()).toArray();
                    double mean = 0, sq = 0;
                    for (float v : a) mean += v;
                    mean /= Math.max(1, a.length);
                    for (float v : a) sq += (v - mean) * (v - mean);
                    double std = Math.sqrt(sq / Math.max(1, a.length));
                    double dead = Double.NaN;
                    if (node.layer().isRelu()) {
                        int rows = probeBatch.dim(0), units = a.length / rows, deadUnits = 0;
                        for (int u = 0; u < units; u++) {
                            boolean alive = false;
                            for (int r = 0; r < rows && !alive; r++) alive = a[r * units + u] > 0;
                            if (!alive) deadUnits++;
                        }
                        dead = (double) deadUnits / units;
                    }
                    double wn = Math.sqrt(wsq);
                    out.add(new TrainingHistory.LayerTelemetry(node.name(),
                            hasWeights ? wn : Double.NaN,
                            hasWeights ? Math.sqrt(gsq) : Double.NaN,
                            hasWeights && before != null && wn > 0 ? Math.sqrt(dsq) / wn : Double.NaN,
                            dead, mean, std));
                }
            }
            return out;
        }
    }

    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
