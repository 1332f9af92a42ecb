package dev.lucent.audit.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to start a worker JVM for a job file. */
interface WorkerLauncher {

    List<String> command(Path jobFile, int memoryMb);

    /**
     * The packaged jar in worker mode: heap-limited, exits on OutOfMemoryError, Vector API enabled. The worker
     * gets the host's trusted keys (null when none), so it installs no plugin jar the host would refuse.
     */
    static WorkerLauncher jar(String java, Path jar, Path data, Path plugins, Path trustedKeys) {
        return (job, mb) -> {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx" + mb + "m",
                    "-XX:+ExitOnOutOfMemoryError", "-Xss8m", "-jar", jar.toString(), "--data", data.toString(),
                    "--plugins", plugins.toString()));
            if (trustedKeys != null) cmd.addAll(List.of("--trusted-keys", trustedKeys.toString()));
            cmd.addAll(List.of("worker", "--job", job.toString()));
            return List.copyOf(cmd);
        };
    }
}
