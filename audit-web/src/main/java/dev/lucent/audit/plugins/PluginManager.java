package dev.lucent.audit.plugins;

import dev.lucent.audit.runner.InstalledExplainers;
import dev.lucent.audit.runner.PluginJars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The plugins folder's jars and what became of each: checked ({@link JarCheck}) before installation, then
 * installed, updated or uninstalled as the file appears, changes or goes, with the reason in plain words when a
 * jar is refused or its bundle cannot start. Nothing else is affected by a bad plugin: it is never installed, or
 * installed and left unresolved.
 *
 * <p>While serving, FileInstall drives it through {@link PluginArtifactInstaller}; in a headless command (and
 * the audit worker) it installs the folder's jars once, through the same checks.
 */
@Component(service = {PluginManager.class, PluginJars.class}, immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class PluginManager implements PluginJars {

    /** What became of a plugin file. */
    public enum Status {
        RUNNING("running", "pass"),
        NOT_STARTED("cannot start", "fail"),
        REFUSED("refused", "fail"),
        STOPPED("stopped", "warn");

        public final String label;
        public final String css;

        Status(String label, String css) {
            this.label = label;
            this.css = css;
        }
    }

    /** One plugin file as the console shows it. */
    public record Plugin(String file, Status status, String symbolicName, String version, String reason,
                         List<String> explainers, String sha256, String signedBy, Instant since) {
    }

    private static final class Entry {
        Bundle bundle;
        JarCheck.Checked checked;
        String problem;
        Status refusedOrFailed;
        Instant since = Instant.now();
    }

    static final String LOCATION_PREFIX = "lucent-plugin:";

    private final BundleContext context;
    private final InstalledExplainers explainers;
    private final ServiceComponentRuntime scr;
    private final Path folder;
    private final JarCheck check;
    private final String trustProblem;
    private final String trustSource;
    private final Map<String, Entry> byFile = new LinkedHashMap<>();
    private final FrameworkListener errors = this::frameworkEvent;

    @Activate
    public PluginManager(BundleContext context, @Reference InstalledExplainers explainers,
                         @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.explainers = explainers;
        this.scr = scr;
        String dir = context.getProperty("lucent.plugins");
        this.folder = dir == null ? null : Path.of(dir).toAbsolutePath().normalize();
        String keys = context.getProperty("lucent.trusted.keys");
        TrustedKeys trust = null;
        String problem = null;
        if (keys != null && !keys.isBlank()) {
            try {
                trust = TrustedKeys.load(Path.of(keys));
            } catch (IOException | RuntimeException e) {
                problem = "the trusted keys file cannot be read (" + e.getMessage() + "): no plugin is accepted";
            }
        }
        this.trustProblem = problem;
        this.trustSource = keys == null || keys.isBlank() ? null : (trust != null ? trust.source() : keys);
        this.check = new JarCheck(limits(context), trust);
        context.addFrameworkListener(errors);
        if ("headless".equals(context.getProperty("lucent.mode"))) installOnce();
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(errors);
    }

    private static JarCheck.Limits limits(BundleContext context) {
        JarCheck.Limits d = JarCheck.Limits.DEFAULT;
        return new JarCheck.Limits(longProperty(context, "lucent.plugins.maxJarBytes", d.maxJarBytes()),
                longProperty(context, "lucent.plugins.maxUncompressedBytes", d.maxTotalBytes()),
                longProperty(context, "lucent.plugins.maxEntryBytes", d.maxEntryBytes()),
                (int) longProperty(context, "lucent.plugins.maxEntries", d.maxEntries()),
                longProperty(context, "lucent.plugins.maxRatio", (long) d.maxRatio()), d.ratioFloorBytes());
    }

    private static long longProperty(BundleContext context, String name, long fallback) {
        String v = context.getProperty(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The folder watched for plugins (absolute), or null when none was configured. */
    public Path folder() {
        return folder;
    }

    public boolean inFolder(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return folder != null && folder.equals(parent);
    }

    /** Null when any plugin runs unchecked by signature; else where the trusted keys come from. */
    public String trustedKeys() {
        return trustSource;
    }

    /**
     * Installs or updates the plugin from this file, after the checks. The same bytes as the version running
     * change nothing (a touched file, or one read again when its folder came back).
     */
    public synchronized void deploy(Path file) {
        String name = file.getFileName().toString();
        Entry entry = byFile.computeIfAbsent(name, n -> new Entry());
        String refusal = null;
        byte[] bytes = null;
        try {
            if (trustProblem != null) refusal = trustProblem;
            else if (!isJar(name)) refusal = notAJar(name);
            else if (Files.size(file) > check.limits().maxJarBytes())
                refusal = "the jar is " + Files.size(file) + " bytes, more than the limit of " + check.limits().maxJarBytes();
            else bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            refusal = "cannot read the file: " + e.getMessage();
        }
        if (bytes != null && runsUnchanged(entry, bytes)) return;
        entry.since = Instant.now();
        entry.problem = null;
        entry.refusedOrFailed = null;
        if (refusal != null) {
            refuse(entry, refusal);
            return;
        }
        JarCheck.Checked checked;
        try {
            checked = check.check(bytes);
            refuseClash(name, checked.symbolicName());
        } catch (PluginRefusedException e) {
            refuse(entry, e.getMessage());
            return;
        }
        entry.checked = checked;
        try (InputStream in = new ByteArrayInputStream(checked.canonicalJar())) {
            if (entry.bundle != null && entry.bundle.getState() != Bundle.UNINSTALLED) {
                // No refresh here: the old revision's class loader stays usable, so a run in flight on it
                // finishes on the old version; the next uninstall's refresh (or a restart) drops it.
                entry.bundle.update(in);
            } else {
                entry.bundle = context.installBundle(LOCATION_PREFIX + name, in);
            }
        } catch (BundleException | IOException | IllegalStateException e) {
            entry.bundle = null;
            entry.refusedOrFailed = Status.NOT_STARTED;
            entry.problem = "cannot install: " + ResolverReasons.explain(e.getMessage(), exported());
            return;
        }
        start(entry);
    }

    private static boolean isJar(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /** Why a file that is not a jar is refused: settings files are named, for they were once read. */
    static String notAJar(String file) {
        String n = file.toLowerCase(Locale.ROOT);
        if (n.endsWith(".cfg") || n.endsWith(".config") || n.endsWith(".properties") || n.endsWith(".json"))
            return "configuration files are not read from the plugins folder (an explainer's settings are the audit's parameters)";
        return "not a .jar file: only plugin jars are installed from the plugins folder";
    }

    private static boolean runsUnchanged(Entry entry, byte[] bytes) {
        return entry.refusedOrFailed == null && entry.checked != null && entry.bundle != null
                && entry.bundle.getState() == Bundle.ACTIVE && entry.checked.sha256().equals(JarCheck.sha256(bytes));
    }

    private void refuse(Entry entry, String reason) {
        entry.refusedOrFailed = Status.REFUSED;
        entry.problem = entry.bundle != null && entry.bundle.getState() != Bundle.UNINSTALLED
                ? reason + " (the version installed earlier keeps running)"
                : reason;
    }

    /** Two plugins with one symbolic name would offer the same explainers twice; built-in names are off limits. */
    private void refuseClash(String file, String symbolicName) throws PluginRefusedException {
        for (Bundle b : context.getBundles()) {
            if (!symbolicName.equals(b.getSymbolicName())) continue;
            String location = b.getLocation();
            if (location.equals(LOCATION_PREFIX + file)) continue;
            if (location.startsWith(LOCATION_PREFIX))
                throw new PluginRefusedException("the plugin " + location.substring(LOCATION_PREFIX.length())
                        + " already has the symbolic name " + symbolicName + ": remove one of the two");
            throw new PluginRefusedException("its symbolic name " + symbolicName + " is that of a bundle Lucent itself runs");
        }
    }

    /**
     * Starts the plugin's bundle. One that cannot start is uninstalled again, keeping the reason: left installed
     * it would stay unresolved, be retried by every resolve, and count as a bundle that is not active.
     */
    private void start(Entry entry) {
        String problem = null;
        try {
            entry.bundle.start();
            String header = entry.bundle.getHeaders().get("Service-Component");
            if (header != null && scr.getComponentDescriptionDTOs(entry.bundle).isEmpty())
                problem = "Declarative Services found no component in it (its Service-Component header names "
                        + JarCheck.printable(header) + ": are those files in the jar and valid?)";
        } catch (BundleException | IllegalStateException e) {
            problem = ResolverReasons.explain(e.getMessage(), exported());
        }
        if (problem == null) return;
        entry.refusedOrFailed = Status.NOT_STARTED;
        entry.problem = problem;
        try {
            entry.bundle.uninstall();
            refresh(entry.bundle);
        } catch (BundleException | IllegalStateException ignored) {
            // already gone
        }
        entry.bundle = null;
    }

    /** Why a running plugin's components are not up, from Declarative Services (e.g. a constructor threw). */
    private String componentProblems(Bundle b) {
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (!scr.isComponentEnabled(d)) continue;
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION)
                    problems.add("component " + d.name + " failed to activate: " + JarCheck.printable(firstLine(c.failure)));
                else if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE)
                    problems.add("component " + d.name + " waits for a service nothing offers ("
                            + java.util.Arrays.stream(c.unsatisfiedReferences).map(r -> r.target == null ? r.name : r.name + " " + r.target)
                            .toList() + ")");
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String firstLine(String s) {
        if (s == null) return "no reason given";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private void refresh(Bundle bundle) {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        wiring.refreshBundles(List.of(bundle));
    }

    /** The file is gone: its bundle goes too. */
    public synchronized void remove(Path file) {
        Entry entry = byFile.remove(file.getFileName().toString());
        if (entry == null || entry.bundle == null) return;
        try {
            if (entry.bundle.getState() != Bundle.UNINSTALLED) {
                entry.bundle.uninstall();
                refresh(entry.bundle);
            }
        } catch (BundleException | IllegalStateException e) {
            // already gone
        }
    }

    /**
     * The folder itself is gone (deleted or moved away): its plugins go too, as if each file had been deleted.
     * FileInstall does not report this; {@link PluginArtifactInstaller} checks for it.
     */
    public synchronized void folderGone() {
        if (byFile.isEmpty()) return;
        int files = byFile.size();
        for (String name : List.copyOf(byFile.keySet())) remove(folder.resolve(name));
        System.err.println("lucent: the plugins folder " + folder + " is gone: its " + files
                + " plugin file(s) were removed, and are read again when the folder is back");
    }

    /** The folder is back: every file in it is read again (FileInstall skips files it saw before unchanged). */
    public void folderBack(Predicate<String> ignored) {
        for (Path p : files(name -> !ignored.test(name))) deploy(p);
    }

    /** The folder's files whose names pass, in name order; none when it cannot be listed (said on stderr). */
    private List<Path> files(Predicate<String> names) {
        if (folder == null || !Files.isDirectory(folder)) return List.of();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> names.test(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            System.err.println("lucent: cannot list the plugins folder " + folder + ": " + e.getMessage());
            return List.of();
        }
    }

    /** The checked bytes of every running plugin: what the framework installed, not what the folder holds now. */
    @Override
    public void copyRunning(Path target) throws IOException {
        Map<String, byte[]> running = new LinkedHashMap<>();
        synchronized (this) {
            for (Map.Entry<String, Entry> me : byFile.entrySet()) {
                Entry e = me.getValue();
                if (e.bundle != null && e.checked != null && e.bundle.getState() == Bundle.ACTIVE)
                    running.put(me.getKey(), e.checked.canonicalJar());
            }
        }
        Files.createDirectories(target);
        for (Map.Entry<String, byte[]> jar : running.entrySet()) Files.write(target.resolve(jar.getKey()), jar.getValue());
    }

    /** Headless commands and the worker: the folder's jars, once, through the same checks. */
    private void installOnce() {
        for (Path p : files(PluginManager::isJar)) {
            deploy(p);
            Entry e = byFile.get(p.getFileName().toString());
            if (e != null && e.problem != null)
                System.err.println("lucent: plugin " + p.getFileName() + " " + (e.refusedOrFailed == Status.REFUSED ? "refused" : "not started")
                        + ": " + e.problem);
        }
    }

    private void frameworkEvent(FrameworkEvent event) {
        if (event.getType() != FrameworkEvent.ERROR || event.getBundle() == null) return;
        String location = event.getBundle().getLocation();
        if (!location.startsWith(LOCATION_PREFIX)) return;
        synchronized (this) {
            Entry e = byFile.get(location.substring(LOCATION_PREFIX.length()));
            if (e == null) return;
            Throwable t = event.getThrowable();
            e.problem = ResolverReasons.explain(t == null ? "an error was reported" : String.valueOf(t.getMessage()), exported());
        }
    }

    /** Package name to the versions the running framework exports. */
    private Map<String, List<String>> exported() {
        Map<String, List<String>> out = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            BundleWiring w = b.adapt(BundleWiring.class);
            if (w == null) continue;
            for (BundleCapability c : w.getCapabilities("osgi.wiring.package")) {
                Object name = c.getAttributes().get("osgi.wiring.package");
                Object version = c.getAttributes().get("version");
                if (name != null) out.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add(String.valueOf(version));
            }
        }
        return out;
    }

    /** Every plugin file seen, by name. */
    public synchronized List<Plugin> list() {
        List<Plugin> out = new ArrayList<>();
        for (Map.Entry<String, Entry> me : byFile.entrySet()) {
            Entry e = me.getValue();
            Bundle b = e.bundle != null && e.bundle.getState() != Bundle.UNINSTALLED ? e.bundle : null;
            Status status;
            if (e.refusedOrFailed == Status.REFUSED) status = Status.REFUSED;
            else if (b == null) status = Status.NOT_STARTED;
            else if (b.getState() == Bundle.ACTIVE) status = Status.RUNNING; // a reported error is shown as its reason
            else if (b.getState() == Bundle.RESOLVED && e.refusedOrFailed == null) status = Status.STOPPED;
            else status = Status.NOT_STARTED;
            List<String> ids = b == null ? List.of() : explainers.all().stream()
                    .filter(i -> i.bundle().equals(b.getSymbolicName()) && i.bundleVersion().equals(b.getVersion().toString()))
                    .map(i -> i.info().id()).toList();
            String reason = e.problem;
            if (reason == null && status == Status.RUNNING) reason = componentProblems(b);
            if (reason == null && status == Status.RUNNING && ids.isEmpty())
                reason = "running, but it offers no explainer (is its component registered as dev.lucent.explain.api.Explainer?)";
            JarCheck.Checked c = e.checked;
            out.add(new Plugin(me.getKey(), status, b != null ? b.getSymbolicName() : c != null ? c.symbolicName() : null,
                    b != null ? b.getVersion().toString() : c != null ? c.version() : null, reason, ids,
                    c == null ? null : c.sha256(), c == null ? null : c.signedBy(), e.since));
        }
        out.sort(Comparator.comparing(Plugin::file));
        return out;
    }
}
