package dev.lucent.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer in Python (Debian's python3-torch), run as a subprocess that times one slice a request, so that it takes
 * part in the rounds of {@link PairedRuns#rounds} beside the Java sides instead of running minutes apart. The script
 * checks its numbers against Lucent's before it answers {@code ready} and refuses (exits) otherwise; then each
 * request is a line {@code NAME<TAB>REPS} and each answer the seconds a call took. The script's messages go to
 * {@code log}. {@code -Dlucent.python} names the interpreter (default /usr/bin/python3).
 */
final class PythonPeer implements AutoCloseable {

    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader answers;
    private final Path log;
    /** What the script said it runs on, after its {@code ready} (e.g. torch's version). */
    final String version;

    PythonPeer(Path log, String... scriptAndArgs) {
        this.log = log;
        if (!Files.isRegularFile(Path.of(scriptAndArgs[0])))
            throw new IllegalStateException("no " + scriptAndArgs[0] + ": run from the repository's root folder");
        List<String> command = new ArrayList<>(List.of(System.getProperty("lucent.python", "/usr/bin/python3")));
        command.addAll(List.of(scriptAndArgs));
        command.add("--serve");
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = answers.readLine();
            if (first == null || !first.startsWith("ready")) throw failed("did not get ready (answered " + first + ")");
            version = first.substring("ready".length()).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Milliseconds a call of the workload {@code name} took, over {@code reps} calls in a row. */
    double millisPerCall(String name, int reps) {
        try {
            requests.write(name + "\t" + reps + "\n");
            requests.flush();
            String answer = answers.readLine();
            if (answer == null) throw failed("stopped when asked for " + name);
            return Double.parseDouble(answer) * 1e3;
        } catch (IOException e) {
            throw failed("stopped when asked for " + name + " (" + e.getMessage() + ")");
        }
    }

    private IllegalStateException failed(String what) {
        process.destroy();
        String tail;
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            List<String> lines = Files.readAllLines(log);
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | InterruptedException e) {
            tail = "(no log: " + e.getMessage() + ")";
        }
        return new IllegalStateException("the Python peer " + what + "; the end of " + log + ":\n" + tail);
    }

    @Override
    public void close() {
        try {
            requests.write("quit\n");
            requests.flush();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // it is going anyway
        } finally {
            process.destroy();
        }
    }
}
