package dev.lucent.spark;

import dev.lucent.explain.api.AuditCancelledException;
import dev.lucent.explain.api.attribution.Attribution;
import dev.lucent.explain.api.attribution.Attributions;
import dev.lucent.explain.api.attribution.Monitor;
import dev.lucent.explain.api.partition.Blocks;
import dev.lucent.explain.api.partition.RowBlock;
import dev.lucent.explain.attribution.core.KMeans;
import dev.lucent.explain.support.Batching;
import dev.lucent.explain.support.Data;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import dev.lucent.network.kernel.Parallel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * One partition's work on an executor in one pass over its rows: the rows in blocks of {@link JobSpec#blockRows()},
 * the model's outputs once per block, each explainer's summary of the block in this pass ({@link Pass}), and in the
 * last pass each per-row method's attributions; merged into one {@link PartitionSummary}.
 */
final class PartitionWork {
    private final JobSpec job;
    private final ModelSpec.Built model;
    private final RowsContext base;
    private final List<Pass> passes;
    private final List<RowMethods.Method> methods = new ArrayList<>();
    private final KMeans.Summary background;
    private final PartitionSummary summary;
    private final RowReader reader;
    private final boolean current;

    /**
     * @param passes the explainers' passes over the rows ({@link Pass#first} or {@link Pass#second})
     * @param last   whether this is the last pass, which also runs the per-row methods
     */
    PartitionWork(JobSpec job, ModelSpec spec, ModelSpec.Built model, List<Pass> passes, boolean last) {
        this(job, spec, model, passes, last, job.reader(), false);
    }

    /**
     * @param reader  how this data set's rows are read
     * @param current whether the rows are the current data ({@code --current}): only the passes that compare with it
     *                ({@link Pass#ofCurrent}) see them, and no per-row method
     */
    PartitionWork(JobSpec job, ModelSpec spec, ModelSpec.Built model, List<Pass> passes, boolean last, RowReader reader, boolean current) {
        this.reader = reader;
        this.current = current;
        this.job = job;
        this.model = model;
        DataSplit bgCsv = job.backgroundInCsvUnits();
        DataSplit bg = model.standardization() == null ? bgCsv : model.standardization().apply(bgCsv);
        this.base = new RowsContext(model.model(), spec.schema(), bg, bgCsv, null, null, model.standardization(), job.seed(), Map.of(), null, null);
        this.background = job.centres() == null ? null
                : new KMeans.Summary(Tensor.of(job.centres(), job.centreWeights().length, job.features()), job.centreWeights());
        List<Serializable> empty = new ArrayList<>();
        this.passes = passes;
        for (Pass p : passes) empty.add(p.empty().apply(context(p.explainerId())));
        List<AttributionSummary> attributions = new ArrayList<>();
        for (String id : last && !current ? job.methods() : List.<String>of()) {
            methods.add(RowMethods.BY_ID.get(id));
            attributions.add(new AttributionSummary(job.shown()));
        }
        this.summary = new PartitionSummary(spec.schema().classNames().size(), empty, attributions);
    }

    private RowsContext context(String explainerId) {
        return base.withParameters(job.parameters().getOrDefault(explainerId, Map.of()));
    }

    /**
     * The partition's summary; the rows are read once, a block at a time. The engine's kernels stay on the task's
     * own cores ({@code spark.task.cpus}, 1 by default): Spark already runs one task per core, and a kernel thread of
     * its own per task would have two tasks share two cores four ways (results are the same for any thread count).
     */
    PartitionSummary run(Iterator<Tuple2<Row, Long>> rows) throws AuditCancelledException {
        TaskContext task = TaskContext.get();
        AuditCancelledException[] cancelled = new AuditCancelledException[1];
        PartitionSummary s = Parallel.withThreads(task == null ? Parallel.threads() : task.cpus(), () -> {
            try {
                return read(rows);
            } catch (AuditCancelledException e) {
                cancelled[0] = e;
                return null;
            }
        });
        if (cancelled[0] != null) throw cancelled[0];
        return s;
    }

    private PartitionSummary read(Iterator<Tuple2<Row, Long>> rows) throws AuditCancelledException {
        int m = job.features(), cap = job.blockRows();
        float[] x = new float[cap * m];
        int[] labels = new int[cap];
        float[] targets = reader.regression() && reader.label() >= 0 ? new float[cap] : null;
        boolean labelled = reader.label() >= 0 && targets == null; // current data may come without its label
        long[] ids = new long[cap];
        int n = 0;
        while (rows.hasNext()) {
            Tuple2<Row, Long> r = rows.next();
            ids[n] = r._2();
            labels[n] = reader.read(r._1(), r._2(), x, n * m);
            if (targets != null) targets[n] = reader.target(r._1(), r._2());
            if (++n == cap) {
                block(Arrays.copyOf(ids, n), x, labelled ? Arrays.copyOf(labels, n) : null, targets == null ? null : Arrays.copyOf(targets, n));
                n = 0;
            }
        }
        if (n > 0) block(Arrays.copyOf(ids, n), Arrays.copyOf(x, n * m), labelled ? Arrays.copyOf(labels, n) : null,
                targets == null ? null : Arrays.copyOf(targets, n));
        return summary;
    }

    /** One block of rows: class labels for a classifier, real-valued targets for a regression model (the other null). */
    private void block(long[] ids, float[] x, int[] labels, float[] targets) throws AuditCancelledException {
        int n = ids.length, m = job.features();
        DataSplit csv = new DataSplit("data", Tensor.of(x.length == n * m ? x : Arrays.copyOf(x, n * m), n, m), labels, targets);
        DataSplit rows = model.standardization() == null ? csv : model.standardization().apply(csv);
        Tensor outputs;
        try (Tensor.Scope ignored = Tensor.noGrad()) {
            outputs = model.model().predict(rows.features());
        }
        RowBlock block = new RowBlock(ids, rows, csv, outputs);
        for (int e = 0; e < passes.size(); e++) {
            Pass pass = passes.get(e);
            Pass.Summarize summarize = current ? pass.ofCurrent() : pass.summarize();
            if (summarize == null) continue; // an explainer that does not compare with the current data
            RowsContext c = context(pass.explainerId()).withHeldOut(rows, csv);
            summary.summaries.set(e, pass.merge().apply(summary.summaries.get(e), summarize.of(c, block)));
        }
        summary.saw(ids, labels);
        attribute(ids, rows, csv);
    }

    /** The per-row methods on the block's rows below {@link JobSpec#attributeBelow()}. */
    private void attribute(long[] blockIds, DataSplit rows, DataSplit csv) throws AuditCancelledException {
        if (methods.isEmpty()) return;
        long[] ids = blockIds;
        if (Arrays.stream(blockIds).anyMatch(id -> id >= job.attributeBelow())) {
            int[] at = java.util.stream.IntStream.range(0, ids.length).filter(i -> blockIds[i] < job.attributeBelow()).toArray();
            if (at.length == 0) return;
            long[] chosen = new long[at.length];
            for (int k = 0; k < at.length; k++) chosen[k] = blockIds[at[k]];
            rows = select(rows, at);
            csv = select(csv, at);
            ids = chosen;
        }
        int m = job.features();
        RowsContext c = base.withHeldOut(rows, csv);
        int batchRows = Batching.rows(c, m);
        Monitor monitor = Monitor.of(c);
        int[] targets = Data.targets(c, model.model(), rows.features(), batchRows, monitor);
        float[] inputs = rows.features().toArray();
        for (int k = 0; k < methods.size(); k++) {
            RowMethods.Method method = methods.get(k);
            RowsContext mc = context(method.id()).withHeldOut(rows, csv);
            Attributions answer;
            if (!method.perRow()) {
                answer = method.factory().create(mc, batchRows, 0, background)
                        .attribute(model.model(), rows.features(), null, targets, monitor);
            } else {
                answer = perRow(method, mc, ids, rows, targets, batchRows, monitor);
            }
            String note = answer.note() + (method.note() == null ? "" : "; " + method.note());
            summary.attributions.get(k).add(ids, answer.values(), inputs, targets, answer.rowNotes(), note);
        }
    }

    /** A sampling method row by row, each row with its own seed; the values concatenated in row order. */
    private Attributions perRow(RowMethods.Method method, RowsContext c, long[] ids, DataSplit rows, int[] targets,
                                int batchRows, Monitor monitor) throws AuditCancelledException {
        int n = ids.length;
        float[] all = null;
        String[] notes = null;
        String note = null;
        for (int i = 0; i < n; i++) {
            Attribution a = method.factory().create(c, batchRows, RowMethods.rowSeed(job.seed(), method.id(), ids[i]), background);
            Attributions one = a.attribute(model.model(), Blocks.rows(rows, i, i + 1).features(), null, new int[] {targets[i]}, monitor);
            float[] v = one.values();
            if (all == null) all = new float[n * v.length];
            System.arraycopy(v, 0, all, i * v.length, v.length);
            String[] rn = one.rowNotes();
            if (rn != null) {
                if (notes == null) notes = new String[n];
                notes[i] = rn[0];
            }
            note = one.note();
        }
        return new Attributions(all, null, notes, note);
    }

    private static DataSplit select(DataSplit split, int[] at) {
        int m = split.features().size() / split.rows();
        float[] all = split.features().toArray(), x = new float[at.length * m];
        int[] labels = split.labels() == null ? null : new int[at.length];
        float[] targets = split.targets() == null ? null : new float[at.length];
        for (int k = 0; k < at.length; k++) {
            System.arraycopy(all, at[k] * m, x, k * m, m);
            if (labels != null) labels[k] = split.labels()[at[k]];
            if (targets != null) targets[k] = split.targets()[at[k]];
        }
        return new DataSplit(split.name(), Tensor.of(x, at.length, m), labels, targets);
    }
}
