package dev.lucent.audit.runner;

import java.nio.file.Path;
import java.util.List;

/** How to start a worker JVM for a job file. */
interface WorkerLauncher {

    List<String> command(Path jobFile, int memoryMb);

    /** The packaged jar in worker mode: heap-limited, exits on OutOfMemoryError, Vector API enabled. */
    static WorkerLauncher jar(String java, Path jar, Path data, Path plugins) {
        return (job, mb) -> List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx" + mb + "m",
                "-XX:+ExitOnOutOfMemoryError", "-Xss8m", "-jar", jar.toString(), "--data", data.toString(),
                "--plugins", plugins.toString(), "worker", "--job", job.toString());
    }
}
