package dev.lucent.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host's command line: options for serving, or a headless command with its own arguments.
 *
 * @param command  null to serve the console, else a headless command ("train", "audit", "verify", "explainers", "import-report", "worker")
 * @param rest     the arguments the headless command gets
 */
record HostOptions(int port, Path data, Path plugins, Path trustedKeys, Path signingKey, long maxModelMb, boolean help, String command,
                   List<String> rest) {

    /** The system property the audit bundle reads the ONNX import budget from (audit-web's OnnxInputs.MAX_MODEL_MB). */
    static final String MAX_MODEL_MB_PROPERTY = "lucent.maxModelMb";

    static final String USAGE = """
            Usage: java -jar lucent.jar [--port N] [--data DIR] [--plugins DIR]
                   java -jar lucent.jar COMMAND [options]   (train, audit, verify, explainers, import-report; COMMAND --help for more)

              --port N        HTTP port of the console, on 127.0.0.1 (default 8080)
              --data DIR      where models, data sets, reports and keys live (default ./lucent-data)
              --plugins DIR   folder watched for explainer plugin jars (default ./plugins)
              --trusted-keys FILE  accept only plugin jars signed by a key in FILE (PEM certificates
                              or public keys); without it, any plugin jar that passes the checks runs
              --signing-key FILE  the journal's private signing key (default: ~/.lucent/keys/<fingerprint>.pem,
                              never inside --data; give it to the host and to CLI commands alike)
              --max-model-mb N  the ONNX import budget in MiB: the file, its decoded weights and one pass's
                              values (default 3/4 of the JVM's maximum heap; may come before or after COMMAND)
              --help          this text
            """;

    static final List<String> COMMANDS = List.of("train", "audit", "verify", "explainers", "import-report", "worker");

    /** Parses the arguments; a {@link UsageException} carries the one line to print. */
    static HostOptions parse(String[] args) throws UsageException {
        int port = 8080;
        Path data = Path.of("lucent-data");
        Path plugins = Path.of("plugins");
        Path trustedKeys = null;
        Path signingKey = null;
        long maxModelMb = 0;
        boolean help = false;
        String command = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--max-model-mb") || a.startsWith("--max-model-mb=")) { // a budget for the host and its commands alike
                maxModelMb = parseMaxModelMb(a.contains("=") ? a.substring(a.indexOf('=') + 1) : value(args, ++i, a));
                continue;
            }
            if (command != null) {
                rest.add(a);
                continue;
            }
            switch (a) {
                case "--port" -> port = parsePort(value(args, ++i, a));
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--plugins" -> plugins = Path.of(value(args, ++i, a));
                case "--trusted-keys" -> trustedKeys = Path.of(value(args, ++i, a));
                case "--signing-key" -> signingKey = Path.of(value(args, ++i, a));
                case "--help", "-h" -> help = true;
                default -> {
                    if (a.startsWith("--port=")) port = parsePort(a.substring(7));
                    else if (a.startsWith("--data=")) data = Path.of(a.substring(7));
                    else if (a.startsWith("--plugins=")) plugins = Path.of(a.substring(10));
                    else if (a.startsWith("--trusted-keys=")) trustedKeys = Path.of(a.substring(15));
                    else if (a.startsWith("--signing-key=")) signingKey = Path.of(a.substring(14));
                    else if (COMMANDS.contains(a)) command = a;
                    else throw new UsageException("unknown option '" + printable(a) + "' (see --help)");
                }
            }
        }
        return new HostOptions(port, data, plugins, trustedKeys, signingKey, maxModelMb, help, command, List.copyOf(rest));
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) throw new UsageException("option " + option + " needs a value");
        return args[i];
    }

    private static int parsePort(String s) throws UsageException {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException("--port needs a number from 0 to 65535, got '" + printable(s) + "'");
        }
    }

    /** A whole number of MiB from 1 up to this JVM's maximum heap: a budget the heap cannot hold would end in OutOfMemoryError. */
    private static long parseMaxModelMb(String s) throws UsageException {
        long heapMb = Runtime.getRuntime().maxMemory() >> 20;
        long mb;
        try {
            mb = Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--max-model-mb needs a whole number of MiB, got '" + printable(s) + "'");
        }
        if (mb < 1) throw new UsageException("--max-model-mb needs at least 1 MiB, got " + mb);
        if (mb > heapMb)
            throw new UsageException("--max-model-mb " + mb + " is more than this JVM's maximum heap of " + heapMb
                    + " MiB; start java with a larger -Xmx");
        return mb;
    }

    /** Keeps a user's text to one printable line. */
    static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
