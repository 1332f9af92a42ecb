package dev.lucent.audit.cli;

import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.audit.runner.InstalledExplainers;
import java.io.PrintStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code lucent explainers}: what is installed, plugins included. */
@Component(service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=explainers")
public final class ExplainersCommand implements HeadlessCommand {

    private final InstalledExplainers explainers;

    @Activate
    public ExplainersCommand(@Reference InstalledExplainers explainers) {
        this.explainers = explainers;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("lucent explainers: takes no arguments");
            return 2;
        }
        out.printf("%-28s %-34s %-24s %-8s %s%n", "ID", "NAME", "FAMILY", "VERSION", "BUNDLE");
        for (InstalledExplainers.Installed i : explainers.all())
            out.printf("%-28s %-34s %-24s %-8s %s %s%n", i.info().id(), i.info().name(), i.info().family(),
                    i.info().version(), i.bundle(), i.bundleVersion());
        return 0;
    }
}
