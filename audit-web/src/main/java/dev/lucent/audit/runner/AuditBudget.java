package dev.lucent.audit.runner;

import java.time.Duration;
import java.util.Locale;

/**
 * One time budget for the whole audit, shared among its explainers. Each explainer's share is the seconds its plan
 * sizes its work to ({@code AuditContext.timeBudget()}): the budget less the workers' start-up, times the
 * {@link #LANES} workers that run at once, divided equally among the explainers sent to workers, and never more than
 * half an explainer's time limit. The share depends only on the request (budget, time limit, how many explainers), never
 * on the machine or its load, so an audit and its replay plan the same work; the plans turn seconds into counted
 * operations at a fixed rate. An explainer that needs less than its share (most statistics) ends early; the unused time
 * shortens the audit.
 *
 * @param budget     the whole audit's budget
 * @param explainers explainers sent to workers
 * @param share      each one's share
 */
record AuditBudget(Duration budget, int explainers, Duration share) {

    /** The workers a budget assumes, as on a machine with two cores and the memory for two heaps. */
    static final int LANES = 2;
    /** What a worker's start-up (framework, bundles, reading the inputs) takes from the budget. */
    static final Duration WORKER_START = Duration.ofSeconds(10);
    /** The least share: a plan below it would cut everything to its floors. */
    static final Duration MIN_SHARE = Duration.ofMillis(500);

    static AuditBudget of(Duration budget, Duration timeLimit, int explainers) {
        long left = Math.max(0, budget.minus(WORKER_START).toMillis());
        long share = left * LANES / Math.max(1, explainers);
        share = Math.min(share, timeLimit.toMillis() / 2);
        share = Math.max(share, Math.min(MIN_SHARE.toMillis(), timeLimit.toMillis() / 2));
        return new AuditBudget(budget, explainers, Duration.ofMillis(share));
    }

    /** The provenance's words: the same on any machine. */
    String described() {
        return String.format(Locale.ROOT, "%s s for the whole audit: each of %d explainers plans %.1f s of counted work"
                        + " (the budget less %d s of worker start-up, over %d workers at once, at most half the time limit)",
                seconds(budget), explainers, share.toMillis() / 1000.0, WORKER_START.toSeconds(), LANES);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }
}
