package dev.lucent.host;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import sun.misc.Signal;

/**
 * The one entry point of {@code lucent.jar}: serve the console, or run a headless command (train, audit,
 * verify, explainers, worker) inside the same framework without HTTP.
 *
 * <p>Exit codes: 0 done (or stopped by SIGTERM/Ctrl-C), 1 a verdict failed (audit), 2 bad usage or input,
 * 3 Lucent could not start.
 */
public final class Main {

    static final int EXIT_USAGE = 2;
    static final int EXIT_START = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        HostOptions options;
        try {
            options = HostOptions.parse(args);
        } catch (HostOptions.UsageException e) {
            err.println("lucent: " + e.getMessage());
            return EXIT_USAGE;
        }
        // Read by the audit bundle's ONNX import (and passed on to its workers); set before the framework starts.
        if (options.maxModelMb() > 0) System.setProperty(HostOptions.MAX_MODEL_MB_PROPERTY, Long.toString(options.maxModelMb()));
        if (options.help() && options.command() == null) {
            out.print(HostOptions.USAGE);
            return 0;
        }
        String version = version();
        if (options.command() != null) return runHeadless(options, version, out, err);
        return serve(options, version, out, err);
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static int serve(HostOptions options, String version, PrintStream out, PrintStream err) {
        String problem = checkDataFolder(options.data());
        if (problem == null) problem = checkSigningKey(options.data(), options.signingKey());
        if (problem != null) {
            err.println("lucent: " + problem);
            return EXIT_USAGE;
        }
        // Taken before anything in the folder is touched, and held until this method returns (process end).
        try (DataFolderLock held = DataFolderLock.acquire(options.data())) {
            return serveLocked(options, version, out, err);
        } catch (DataFolderLock.Refused e) {
            err.println("lucent: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    private static int serveLocked(HostOptions options, String version, PrintStream out, PrintStream err) {
        String problem = checkPort(options.port());
        if (problem == null) problem = checkPluginsFolder(options.plugins());
        if (problem == null) problem = checkTrustedKeys(options.trustedKeys());
        if (problem != null) {
            err.println("lucent: " + problem);
            return EXIT_USAGE;
        }
        LucentFramework lucent;
        try {
            lucent = LucentFramework.start(options, LucentFramework.Mode.SERVE, new EmbeddedBundles(), version);
        } catch (LucentFramework.StartException e) {
            err.println("lucent: " + e.getMessage());
            return EXIT_START;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            lucent.close();
            stopped.countDown();
        }, "lucent-stop");
        // SIGTERM and Ctrl-C stop the framework cleanly and exit 0; a shutdown hook covers other exits.
        Signal.handle(new Signal("TERM"), s -> startOnce(stopper));
        Signal.handle(new Signal("INT"), s -> startOnce(stopper));
        Runtime.getRuntime().addShutdownHook(new Thread(lucent::close, "lucent-shutdown"));

        String url = "http://127.0.0.1:" + options.port() + "/";
        if (!awaitHealthy(url + "health", 60_000)) {
            err.println("lucent: the console did not answer on " + url + " within 60 s (see the log above)");
            lucent.close();
            return EXIT_START;
        }
        out.println("Lucent " + version + " is ready: " + url);
        out.println("  data: " + options.data().toAbsolutePath().normalize()
                + "   plugins: " + options.plugins().toAbsolutePath().normalize());
        if (!LucentFramework.vectorApiPresent())
            out.println("  (the Vector API is off in this JVM: audits run in worker JVMs that enable it)");
        out.flush();
        try {
            stopped.await();
            lucent.framework().waitForStop(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("Lucent stopped.");
        out.flush();
        return 0;
    }

    private static synchronized void startOnce(Thread t) {
        if (t.getState() == Thread.State.NEW) t.start();
    }

    static String checkDataFolder(Path data) {
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".write-check", "");
            Files.delete(probe);
            return null;
        } catch (FileSystemException e) {
            return "cannot write to --data " + data + ": " + reason(e);
        } catch (IOException | SecurityException e) {
            return "cannot write to --data " + data + ": " + e.getMessage();
        }
    }

    /** The point of a signing key of its own is that whoever reads the data folder cannot sign with it. */
    static String checkSigningKey(Path data, Path key) {
        if (key == null) return null;
        Path k = key.toAbsolutePath().normalize(), d = data.toAbsolutePath().normalize();
        if (k.startsWith(d)) return "--signing-key " + key + " is inside --data " + data
                + ": keep the private key outside the data folder (whoever can read the folder could sign with it)";
        return null;
    }

    /** The keys file must be there: starting without it would silently accept unsigned plugins. */
    static String checkTrustedKeys(Path keys) {
        if (keys == null) return null;
        if (!Files.isRegularFile(keys) || !Files.isReadable(keys)) return "cannot read --trusted-keys " + keys;
        return null;
    }

    static String checkPluginsFolder(Path plugins) {
        try {
            Files.createDirectories(plugins);
            return null;
        } catch (FileSystemException e) {
            return "cannot use --plugins " + plugins + ": " + reason(e);
        } catch (IOException e) {
            return "cannot use --plugins " + plugins + ": " + e.getMessage();
        }
    }

    private static String reason(FileSystemException e) {
        String r = e.getReason();
        if (r != null) return r;
        return e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").replace(" Exception", "").toLowerCase();
    }

    static String checkPort(int port) {
        if (port == 0) return "--port 0 is not allowed: choose the port the console should listen on";
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return null;
        } catch (BindException e) {
            return "port " + port + " is already in use on 127.0.0.1 (choose another with --port)";
        } catch (IOException e) {
            return "cannot listen on port " + port + ": " + e.getMessage();
        }
    }

    private static boolean awaitHealthy(String url, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                int code = c.getResponseCode();
                c.disconnect();
                if (code == 200) return true;
            } catch (IOException e) {
                // not up yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Runs a headless command: the framework without HTTP, the command a DS service of audit-web. */
    private static int runHeadless(HostOptions options, String version, PrintStream out, PrintStream err) {
        String problem = checkDataFolder(options.data());
        if (problem == null) problem = checkSigningKey(options.data(), options.signingKey());
        if (problem == null) problem = checkTrustedKeys(options.trustedKeys());
        if (problem != null) {
            err.println("lucent: " + problem);
            return EXIT_USAGE;
        }
        try (LucentFramework lucent = LucentFramework.start(options, LucentFramework.Mode.HEADLESS,
                new EmbeddedBundles(), version)) {
            Object command = awaitCommand(lucent.framework().getBundleContext(), options.command(), 20_000);
            if (command == null) {
                err.println("lucent: the '" + options.command() + "' command is not available in this build");
                return EXIT_START;
            }
            Method run = command.getClass().getMethod("run", String[].class, PrintStream.class, PrintStream.class);
            return (Integer) run.invoke(command, options.rest().toArray(String[]::new), out, err);
        } catch (LucentFramework.StartException e) {
            err.println("lucent: " + e.getMessage());
            return EXIT_START;
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            err.println("lucent: " + options.command() + " failed: " + c);
            c.printStackTrace(err);
            return EXIT_START;
        } catch (ReflectiveOperationException e) {
            err.println("lucent: the '" + options.command() + "' command has the wrong shape: " + e);
            return EXIT_START;
        }
    }

    static final String COMMAND_SERVICE = "dev.lucent.audit.api.HeadlessCommand";

    private static Object awaitCommand(BundleContext context, String name, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences(COMMAND_SERVICE, "(lucent.command=" + name + ")");
                if (refs != null && refs.length > 0) {
                    Object service = context.getService(refs[0]);
                    if (service != null) return service;
                }
                Thread.sleep(20);
            } catch (InvalidSyntaxException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
