package dev.lucent.spark;

import dev.lucent.explain.api.partition.PartitionedExplainer;
import dev.lucent.explain.api.partition.PlannedPartitionedExplainer;
import dev.lucent.network.api.DataSplit;
import dev.lucent.network.api.Tensor;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything an executor needs besides the model and the rows, small enough to ship with every task: the reader,
 * the seed, the explainers by class name (each executor builds its own instances: partitioned ones, and planned ones
 * that pass over the rows twice), the per-row methods by id, and the background sample with its k-means summary.
 *
 * @param attributeBelow  per-row methods run on rows whose id is below this (all rows: {@link Long#MAX_VALUE})
 * @param shown           rows whose own attributions the report shows (the smallest row ids)
 * @param backgroundCsv   the background sample's features in the data's units, row-major
 * @param backgroundLabels its class indices (classification), else null; backgroundTargets its targets (regression), else null
 * @param centres         KernelSHAP's background: k-means centres of the sample as the model takes them, or null
 */
record JobSpec(RowReader reader, long seed, int blockRows, List<String> partitioned, List<String> planned, List<String> methods,
               Map<String, Map<String, String>> parameters, long attributeBelow, int shown,
               float[] backgroundCsv, int[] backgroundLabels, float[] backgroundTargets, float[] centres, double[] centreWeights) implements Serializable {

    int features() {
        return reader.features().length;
    }

    DataSplit backgroundInCsvUnits() {
        int m = features();
        return new DataSplit("background", Tensor.of(backgroundCsv, backgroundCsv.length / m, m), backgroundLabels, backgroundTargets);
    }

    @SuppressWarnings("unchecked")
    static PartitionedExplainer<Serializable> instantiate(String className) {
        return (PartitionedExplainer<Serializable>) make(className);
    }

    @SuppressWarnings("unchecked")
    static PlannedPartitionedExplainer<Serializable, Serializable, Serializable> planned(String className) {
        return (PlannedPartitionedExplainer<Serializable, Serializable, Serializable>) make(className);
    }

    private static Object make(String className) {
        try {
            return Class.forName(className, true, Thread.currentThread().getContextClassLoader()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make explainer " + className + ": " + e, e);
        }
    }
}
