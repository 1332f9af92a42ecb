package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI writes what it is told to and its data folder, nothing else: an audit with the example plugin from the
 * plugins folder (a headless framework, a worker JVM) run with the JVM's temporary folder pointed at an empty
 * folder, which stays empty; the working files under the data folder (and those a killed run left) are gone when
 * the command ends.
 */
class CliFilesIT {

    @TempDir
    Path home;

    @Test
    void anAuditFromTheCliLeavesNothingButItsReportAndTheDataFolder() throws Exception {
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path inputs = Files.createDirectories(home.resolve("inputs"));
        Files.copy(LucentProcess.lime(), plugins.resolve("lime.jar"));
        Path model = Files.write(inputs.resolve("linear.lucent"), LinearModel.modelFile());
        Path csv = Files.write(inputs.resolve("data.csv"), LinearModel.csv(90));
        Path json = home.resolve("report.json");
        Path data = home.resolve("data");
        // what a killed CLI left behind: swept at the next start, since its process is gone
        Process gone = new ProcessBuilder(LucentProcess.java(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        gone.waitFor();
        Path leftover = Files.createDirectories(data.resolve("work/audit-" + gone.pid() + "-1/osgi-" + gone.pid() + "-2"));
        Files.writeString(leftover.resolve("bundle.jar"), "left by a killed run");

        List<String> params = LinearModel.LIME_PARAMETERS.lines().map(l -> l.replace(" ", "")).toList();
        LucentProcess.Result r = LucentProcess.run(home, Duration.ofMinutes(5), List.of("-Djava.io.tmpdir=" + tmp, "-XX:-UsePerfData"),
                "--data", data.toString(), "--plugins", plugins.toString(), "audit", "--model", model.toString(), "--data", csv.toString(),
                "--label", "target", "--explainers", "lime", "--param", params.get(0), "--param", params.get(1), "--param", params.get(2),
                "--json", json.toString());
        assertTrue(List.of(0, 1, 3).contains(r.exitCode()), "audit exit " + r.exitCode() + ":\n" + r.out() + r.err());
        String report = Files.readString(json);
        assertEquals("OK", ConsoleAudit.runOf(report, "lime").group(1), "LIME ran in the CLI's worker");
        LinearModel.assertLimeRanksFeaturesAsTheWeightsDo(report);

        assertEquals(List.of(), LucentProcess.filesUnder(tmp), "nothing in the JVM's temporary folder");
        assertEquals(List.of(), LucentProcess.filesUnder(data.resolve("work")), "the CLI's framework cache, the audit's folder and the killed run's leftovers are gone");
        try (Stream<Path> s = Files.list(home)) {
            assertEquals(List.of("data", "inputs", "logs", "plugins", "report.json", "tmp"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing beside the folders and the report");
        }
        assertEquals(List.of("lime.jar"), LucentProcess.filesUnder(plugins), "nothing written into the plugins folder");
    }
}
