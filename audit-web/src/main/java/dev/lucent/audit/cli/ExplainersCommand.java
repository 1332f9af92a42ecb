package dev.lucent.audit.cli;

import dev.lucent.audit.api.AuditRunner;
import dev.lucent.audit.api.ExplainerState;
import dev.lucent.audit.api.HeadlessCommand;
import dev.lucent.explain.api.ExplainerInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code lucent explainers [--enable ID | --params [--markdown]]}: what is installed, plugins included, with quarantine
 * state; {@code --enable} lifts an explainer's quarantine; {@code --params} lists every explainer's declared parameters
 * (name, type, range, default, meaning), as Markdown with {@code --markdown}.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = HeadlessCommand.class, property = HeadlessCommand.COMMAND_PROPERTY + "=explainers")
public final class ExplainersCommand implements HeadlessCommand {

    static final String USAGE = "usage: explainers [--enable ID | --params [--markdown]]";

    private final AuditRunner runner;

    @Activate
    public ExplainersCommand(@Reference AuditRunner runner) {
        this.runner = runner;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 2 && args[0].equals("--enable")) {
            String id = args[1];
            if (runner.explainers().stream().noneMatch(s -> s.id().equals(id))) {
                err.println("lucent explainers: no explainer '" + CliArgs.printable(id) + "' is installed");
                return 2;
            }
            runner.reenable(id);
            out.println("explainer " + id + " re-enabled");
            return 0;
        }
        if (args.length >= 1 && args[0].equals("--params") && (args.length == 1 || args.length == 2 && args[1].equals("--markdown"))) {
            List<ExplainerInfo> infos = new ArrayList<>();
            for (ExplainerState s : runner.explainers())
                if (infos.stream().noneMatch(i -> i.id().equals(s.id()))) infos.add(s.info()); // the first bundle's, as audits pick
            out.print(args.length == 2 ? ParameterTable.markdown(infos) : ParameterTable.text(infos));
            return 0;
        }
        if (args.length > 0) {
            err.println("lucent explainers: " + USAGE);
            return 2;
        }
        out.printf("%-28s %-34s %-24s %-8s %-12s %s%n", "ID", "NAME", "FAMILY", "VERSION", "STATE", "BUNDLE");
        for (ExplainerState s : runner.explainers())
            out.printf("%-28s %-34s %-24s %-8s %-12s %s %s%n", s.id(), s.explainer().name(), s.explainer().family(),
                    s.explainer().version(), s.quarantined() ? "QUARANTINED" : s.failureStreak() > 0 ? "failed " + s.failureStreak() + "x" : "ok",
                    s.explainer().bundle(), s.explainer().bundleVersion());
        return 0;
    }
}
