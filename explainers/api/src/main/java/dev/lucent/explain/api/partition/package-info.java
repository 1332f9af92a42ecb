/**
 * Findings that come from a summary of the rows which merges (counts, histograms, sketches), so that the same
 * explainer runs over one machine's data in blocks and over a Spark data set partition by partition, without a
 * second copy of its algorithm and without collecting rows in one place.
 *
 * <p>A {@link dev.lucent.explain.api.partition.PartitionedExplainer} summarizes a {@link
 * dev.lucent.explain.api.partition.RowBlock} (rows with their global row ids and the model's outputs for them), merges
 * two summaries, and turns the merged summary into findings. The runner decides how rows are split;
 * {@link dev.lucent.explain.api.partition.Blocks} is the single-machine runner's way. {@link
 * dev.lucent.explain.api.partition.ExactSum} sums doubles so that the result does not depend on the split.
 *
 * <p>1.1.0: {@link dev.lucent.explain.api.partition.PlannedPartitionedExplainer}, for findings whose groups, bins or
 * candidates come from a first pass over every row (a plan, then a second pass); {@code Blocks.summarize} and
 * {@code Blocks.explain} for the rows of any split, not only the held-out ones.
 *
 * <p>1.2.0: {@link dev.lucent.explain.api.partition.CurrentDataPartitionedExplainer}, for comparisons of the audit's
 * rows with the current data (drift), and {@code Blocks.explain} over reference splits and current data.
 */
@Export
@Version("1.2.0")
package dev.lucent.explain.api.partition;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
