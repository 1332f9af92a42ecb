package dev.lucent.audit.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the framework's resolver and start errors into a sentence an operator can act on, e.g. "Unable to
 * resolve ... missing requirement ... osgi.wiring.package; (&(osgi.wiring.package=X)(version>=1.0.0)...)" into
 * "needs package X (version 1.0.0 or later) which no installed bundle exports".
 */
public final class ResolverReasons {

    private static final Pattern MISSING = Pattern.compile(
            "missing requirement \\[.*?\\] ([\\w.]+); (\\(.*?\\))(?= \\[caused by|\\]| Unresolved requirements|$)");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\(([\\w.]+)=([^()]*)\\)");
    private static final Pattern LOW = Pattern.compile("\\(version>=([^()]*)\\)");
    private static final Pattern HIGH_EXCLUSIVE = Pattern.compile("\\(!\\(version>=([^()]*)\\)\\)");
    private static final Pattern HIGH_INCLUSIVE = Pattern.compile("\\(version<=([^()]*)\\)");

    private ResolverReasons() {
    }

    /**
     * @param message  the framework's message
     * @param exported what the running framework exports, package name to versions (to say what is on offer)
     */
    public static String explain(String message, Map<String, List<String>> exported) {
        if (message == null) return "the framework gave no reason";
        String flat = message.replaceAll("\\s+", " ").trim();
        Matcher m = MISSING.matcher(flat);
        String namespace = null;
        String filter = null;
        while (m.find()) { // the last one is the deepest cause
            namespace = m.group(1);
            filter = m.group(2);
        }
        if (namespace == null) return plainStartError(flat);
        String name = attribute(filter, namespace);
        String versions = versions(filter);
        switch (namespace) {
            case "osgi.wiring.package" -> {
                List<String> offered = exported.getOrDefault(name, List.of());
                String s = "needs package " + name + versions + " which no installed bundle exports";
                if (!offered.isEmpty())
                    s = "needs package " + name + versions + ", but Lucent offers only version " + String.join(", ", offered)
                            + " (built against another SPI version?)";
                return s;
            }
            case "osgi.wiring.bundle" -> {
                return "needs bundle " + name + versions + " which is not installed";
            }
            case "osgi.wiring.host" -> {
                return "is a fragment of " + name + " which is not installed";
            }
            case "osgi.ee" -> {
                return "needs an execution environment this JVM does not offer: " + filter;
            }
            case "osgi.extender" -> {
                return "needs the extender " + name + versions + " which is not installed";
            }
            case "osgi.service" -> {
                return "needs a service " + name + " which nothing offers";
            }
            default -> {
                return "needs " + namespace + " " + filter + " which nothing offers";
            }
        }
    }

    private static String attribute(String filter, String namespace) {
        Matcher a = ATTRIBUTE.matcher(filter);
        while (a.find()) if (a.group(1).equals(namespace)) return a.group(2);
        a.reset();
        return a.find() ? a.group(2) : filter;
    }

    private static String versions(String filter) {
        Matcher lo = LOW.matcher(filter);
        Matcher hiEx = HIGH_EXCLUSIVE.matcher(filter);
        Matcher hiIn = HIGH_INCLUSIVE.matcher(filter);
        String low = null;
        // (version>=X) also matches inside (!(version>=Y)): take the first that is not negated.
        while (lo.find()) {
            int at = lo.start();
            if (at >= 2 && filter.startsWith("(!", at - 2)) continue;
            low = lo.group(1);
            break;
        }
        List<String> parts = new ArrayList<>();
        if (low != null && !low.equals("0.0.0")) parts.add("from " + low);
        if (hiEx.find()) parts.add("below " + hiEx.group(1));
        else if (hiIn.find()) parts.add("up to " + hiIn.group(1));
        return parts.isEmpty() ? "" : " (version " + String.join(", ", parts) + ")";
    }

    private static String plainStartError(String flat) {
        if (flat.contains("Activator start error")) return "its activator failed when starting: " + flat;
        if (flat.contains("not unique") || flat.contains("already installed"))
            return "a bundle with the same symbolic name and version is already installed: " + flat;
        return flat;
    }
}
