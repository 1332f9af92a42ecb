package dev.lucent.audit.api;

import java.io.PrintStream;

/**
 * A command of {@code java -jar lucent.jar COMMAND ...}, registered as a service with the property
 * {@code lucent.command=COMMAND}. The launcher finds it in the registry and calls {@link #run}.
 */
public interface HeadlessCommand {

    String COMMAND_PROPERTY = "lucent.command";

    /** Exit code 0 all passed, 1 a verdict failed, 2 bad input or usage (one line naming the problem). */
    int run(String[] args, PrintStream out, PrintStream err);
}
