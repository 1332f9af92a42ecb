package dev.lucent.audit.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to audit: a model file (a Lucent model file or a folder holding one), a CSV with its label column,
 * an optional separate test CSV (else a seeded stratified split of the data), the explainers to run (empty:
 * every installed one that is not quarantined), the seed, per-explainer parameters and each explainer's
 * time and memory limits.
 *
 * @param testData        null for a seeded split of {@code data}
 * @param explainerIds    in the order to run; empty for all
 * @param parameters      explainer id to its parameters by name
 * @param timeLimit       how long one explainer may run before its worker is killed
 * @param memoryLimitMb   the worker JVM's heap limit ({@code -Xmx}) in MiB
 */
public record AuditRequest(Path model, Path data, String labelColumn, Path testData, List<String> explainerIds,
                           long seed, Map<String, Map<String, String>> parameters, Duration timeLimit,
                           int memoryLimitMb) {

    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(3);
    public static final int DEFAULT_MEMORY_MB = 1024;

    public AuditRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labelColumn, "labelColumn");
        explainerIds = List.copyOf(explainerIds);
        TreeMap<String, Map<String, String>> p = new TreeMap<>();
        parameters.forEach((k, v) -> p.put(k, Map.copyOf(new TreeMap<>(v))));
        parameters = java.util.Collections.unmodifiableMap(p);
        Objects.requireNonNull(timeLimit, "timeLimit");
        if (timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("the time limit must be positive");
        if (memoryLimitMb < 64) throw new IllegalArgumentException("the memory limit must be at least 64 MiB, got " + memoryLimitMb);
    }

    /** A request with defaults: all explainers, seed 42, no parameters, default limits. */
    public static AuditRequest of(Path model, Path data, String labelColumn) {
        return new AuditRequest(model, data, labelColumn, null, List.of(), 42, Map.of(), DEFAULT_TIME_LIMIT, DEFAULT_MEMORY_MB);
    }

    public AuditRequest withTestData(Path test) {
        return new AuditRequest(model, data, labelColumn, test, explainerIds, seed, parameters, timeLimit, memoryLimitMb);
    }

    public AuditRequest withExplainers(List<String> ids) {
        return new AuditRequest(model, data, labelColumn, testData, ids, seed, parameters, timeLimit, memoryLimitMb);
    }

    public AuditRequest withSeed(long s) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, s, parameters, timeLimit, memoryLimitMb);
    }

    public AuditRequest withParameters(Map<String, Map<String, String>> p) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, p, timeLimit, memoryLimitMb);
    }

    public AuditRequest withLimits(Duration time, int memoryMb) {
        return new AuditRequest(model, data, labelColumn, testData, explainerIds, seed, parameters, time, memoryMb);
    }
}
