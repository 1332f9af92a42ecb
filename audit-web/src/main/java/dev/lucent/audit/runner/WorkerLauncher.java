package dev.lucent.audit.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to start a worker JVM for a job file. */
interface WorkerLauncher {

    /** The system property naming the folder a headless Lucent keeps its working files in (read by the host launcher). */
    String WORK_PROPERTY = "lucent.work";

    /** The folder, inside the audit's folder, holding the plugin jars its workers load. */
    String PLUGINS = "plugins";

    List<String> command(Path jobFile, int memoryMb);

    /**
     * The packaged jar in worker mode: heap-limited, exits on OutOfMemoryError, Vector API enabled. The worker
     * gets the host's trusted keys (null when none), so it installs no plugin jar the host would refuse. Its
     * temporary files and framework cache go to the job file's folder (the audit's folder under the data folder,
     * deleted after the audit, even when the worker was killed), and it keeps no perf-data file in /tmp. Its
     * plugins are the jars in that folder's {@value #PLUGINS} folder: those the host ran when the audit began.
     */
    static WorkerLauncher jar(String java, Path jar, Path data, Path trustedKeys) {
        return (job, mb) -> {
            Path work = job.toAbsolutePath().getParent();
            Path plugins = work.resolve(PLUGINS);
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx" + mb + "m",
                    "-XX:+ExitOnOutOfMemoryError", "-Xss8m", "-XX:-UsePerfData", "-Djava.io.tmpdir=" + work,
                    "-D" + WORK_PROPERTY + "=" + work, "-jar", jar.toString(), "--data", data.toString(),
                    "--plugins", plugins.toString()));
            String maxModel = System.getProperty(OnnxInputs.MAX_MODEL_MB); // the worker imports under the host's --max-model-mb
            if (maxModel != null) cmd.add(cmd.indexOf("-jar"), "-D" + OnnxInputs.MAX_MODEL_MB + "=" + maxModel);
            if (trustedKeys != null) cmd.addAll(List.of("--trusted-keys", trustedKeys.toString()));
            cmd.addAll(List.of("worker", "--job", job.toString()));
            return List.copyOf(cmd);
        };
    }
}
