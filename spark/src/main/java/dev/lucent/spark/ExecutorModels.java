package dev.lucent.spark;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The models built in this JVM, one per broadcast: the first task of an executor builds it from the broadcast bytes,
 * the others reuse it. Keyed by application and broadcast id, since broadcast ids start again in every Spark
 * application (tests run several in one JVM). Only this module's runner uses it; the OSGi bundles keep no such state.
 */
final class ExecutorModels {
    private static final ConcurrentHashMap<String, ModelSpec.Built> BUILT = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    static ModelSpec.Built get(String application, long broadcastId, ModelSpec spec) {
        return BUILT.computeIfAbsent(application + "/" + broadcastId, k -> spec.build());
    }

    /** Forgets an application's models when it ends (the driver's JVM; executors end with the application). */
    static void forget(String application) {
        BUILT.keySet().removeIf(k -> k.startsWith(application + "/"));
    }
}
