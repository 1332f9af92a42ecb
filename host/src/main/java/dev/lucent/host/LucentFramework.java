package dev.lucent.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * Apache Felix with Declarative Services, FileInstall, the Jetty 12 HTTP whiteboard and Lucent's bundles. No
 * Configuration Admin: every setting comes from this class's framework properties, fixed at start, so nothing a
 * plugin author can write (the plugins folder) reconfigures Lucent, Jetty or FileInstall. {@link Mode#SERVE} runs the console; {@link Mode#HEADLESS} runs a command without HTTP
 * or folder watching, with plugin jars installed once.
 */
final class LucentFramework implements AutoCloseable {

    enum Mode { SERVE, HEADLESS }

    /** The start failed; the message is the one line the user sees. */
    static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    // Kept strongly: JUL forgets loggers nobody references, and with them their level.
    private static final Logger SPIFLY_LOG = Logger.getLogger("org.apache.aries.spifly");

    private final Framework framework;
    private final Path storage;
    private final boolean temporaryStorage;

    private LucentFramework(Framework framework, Path storage, boolean temporaryStorage) {
        this.framework = framework;
        this.storage = storage;
        this.temporaryStorage = temporaryStorage;
    }

    static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    static LucentFramework start(HostOptions options, Mode mode, EmbeddedBundles bundles, String version)
            throws StartException {
        SPIFLY_LOG.setLevel(Level.WARNING);
        Path data = options.data().toAbsolutePath().normalize();
        Path plugins = options.plugins().toAbsolutePath().normalize();
        Path storage;
        boolean temporary = mode == Mode.HEADLESS;
        try {
            // A headless command may run beside a serving host on the same data folder: own cache for it, in the
            // working folder (a worker's is the audit's folder, set by the host), never the system's temp folder.
            if (temporary) {
                Path work = WorkFolder.of(data);
                if (System.getProperty(WorkFolder.PROPERTY) == null) WorkFolder.sweep(work); // a command, not a worker
                storage = Files.createTempDirectory(Files.createDirectories(work), WorkFolder.prefix("osgi"));
            } else {
                WorkFolder.sweep(data.resolve(WorkFolder.NAME));
                storage = data.resolve("osgi-cache");
            }
        } catch (IOException e) {
            throw new StartException("cannot create the framework cache: " + e.getMessage(), e);
        }

        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.log.level", "1");
        String extra = "";
        if (vectorApiPresent()) extra = "jdk.incubator.vector";
        if (!extra.isEmpty()) config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, extra);
        config.put("org.osgi.service.http.port", Integer.toString(options.port()));
        config.put("org.apache.felix.http.host", "127.0.0.1");
        config.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        config.put("felix.fileinstall.dir", plugins.toString());
        config.put("felix.fileinstall.poll", "1000");
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.bundles.new.start", "true");
        config.put("felix.fileinstall.log.level", "1");
        // Every file goes to audit-web's checking installer, which installs checked jars and lists anything else
        // as refused; subfolders are not looked into (FileInstall would jar them up and install them).
        config.put("felix.fileinstall.subdir.mode", "skip");
        // Polling, not the NIO watch service: that watch dies with the folder, so a deleted and recreated
        // plugins folder was never looked at again.
        config.put("felix.fileinstall.disableNio2", "true");
        config.put("lucent.version", version);
        config.put("lucent.mode", mode.name().toLowerCase());
        config.put("lucent.data", data.toString());
        config.put("lucent.plugins", plugins.toString());
        if (options.trustedKeys() != null)
            config.put("lucent.trusted.keys", options.trustedKeys().toAbsolutePath().normalize().toString());
        if (options.signingKey() != null)
            config.put("lucent.signing.key", options.signingKey().toAbsolutePath().normalize().toString());
        config.put("lucent.port", Integer.toString(options.port()));
        config.put("lucent.jar", bundles.codeSource().toString());
        config.put("lucent.java", ProcessHandle.current().info().command().orElse("java"));

        Framework framework = new Felix(config);
        LucentFramework lucent = new LucentFramework(framework, storage, temporary);
        try {
            framework.init();
            List<Bundle> installed = new ArrayList<>();
            for (EmbeddedBundles.Entry e : bundles.list()) {
                if (mode == Mode.HEADLESS && (e.name().contains("jetty") || e.name().contains("fileinstall"))) continue;
                try (InputStream in = bundles.open(e)) {
                    installed.add(framework.getBundleContext().installBundle(e.location(), in));
                }
            }
            framework.start();
            // FileInstall starts after Lucent's bundles: by then audit-web's checking installer is registered, so
            // no jar already in the plugins folder is installed unchecked by FileInstall's own bundle installer.
            // The HTTP server starts last: /health answers only once every built-in explainer is registered.
            List<Bundle> order = new ArrayList<>(installed);
            order.sort(java.util.Comparator.comparingInt(LucentFramework::startRank));
            for (Bundle b : order) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) continue;
                try {
                    b.start();
                } catch (BundleException ex) {
                    throw new StartException("bundle " + b.getSymbolicName() + " " + b.getVersion() + " cannot start: "
                            + oneLine(ex.getMessage()), ex);
                }
            }
            return lucent;
        } catch (StartException e) {
            lucent.close();
            throw e;
        } catch (BundleException | IOException | RuntimeException e) {
            lucent.close();
            throw new StartException("the OSGi framework did not start: " + oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** 0 for most bundles; the folder watcher and then the HTTP server go last (stable sort keeps the rest). */
    private static int startRank(Bundle b) {
        String name = String.valueOf(b.getSymbolicName());
        if (name.equals("org.apache.felix.fileinstall")) return 1;
        if (name.startsWith("org.apache.felix.http.jetty")) return 2;
        return 0;
    }

    Framework framework() {
        return framework;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Stops the framework (bundles stopped in reverse order, DS components deactivated) and waits for it. */
    @Override
    public void close() {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) != 0) {
                framework.stop();
                framework.waitForStop(20_000);
            }
        } catch (BundleException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        } finally {
            if (temporaryStorage) WorkFolder.deleteQuietly(storage);
        }
    }
}
