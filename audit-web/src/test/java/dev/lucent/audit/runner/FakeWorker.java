package dev.lucent.audit.runner;

import dev.lucent.audit.api.ExplainerRef;
import dev.lucent.audit.api.ExplainerRun;
import dev.lucent.explain.api.Metric;
import dev.lucent.explain.api.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker JVM for the supervisor's tests: speaks the real protocol, and misbehaves as its explainer ids say
 * ("hang" ignores interrupts forever, "spin" computes until killed, "die" halts the JVM, "oom" allocates without bound, "noise" prints junk,
 * "scribble" leaves files in its working and temporary folders).
 */
public final class FakeWorker {
    public static void main(String[] args) throws Exception {
        WorkerJob job = WorkerJob.parse(Files.readString(Path.of(args[0])));
        WorkerProtocol wire = new WorkerProtocol(System.out);
        wire.ready();
        for (String id : job.explainers()) {
            wire.start(id);
            switch (id) {
                case "hang" -> {
                    while (true) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException ignored) {
                            // a plugin that ignores interrupts
                        }
                    }
                }
                case "spin" -> { // a plan that undercounts: busy on the CPU until killed
                    double acc = 0;
                    while (true) acc += Math.sqrt(acc + 1);
                }
                case "die" -> Runtime.getRuntime().halt(7);
                case "oom" -> {
                    List<long[]> hog = new ArrayList<>();
                    while (true) hog.add(new long[1 << 20]);
                }
                case "noise" -> {
                    System.out.println("explainer chatter on stdout");
                    System.out.println(WorkerProtocol.MARK + "{not json");
                }
                case "scribble" -> { // a plugin that leaves files behind, relative to its working folder and in temp
                    Files.writeString(Path.of("scribble.txt"), "left behind");
                    java.io.File.createTempFile("scribble", ".tmp");
                }
                default -> {
                }
            }
            wire.progress(id, 0.5, "half way");
            double v = id.hashCode();
            wire.result(new ExplainerRun(new ExplainerRef(id, "Fake " + id, "1.0.0", "fake", "fake.bundle", "1.0.0"), ExplainerRun.Status.OK,
                    List.of(new Metric("value of " + id, Stage.VALIDATION, "v", v, Double.NaN, Double.NaN, Double.NaN, null)), 1));
        }
    }
}
