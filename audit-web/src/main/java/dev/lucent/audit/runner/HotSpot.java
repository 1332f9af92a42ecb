package dev.lucent.audit.runner;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What HotSpot's {@code com.sun.management} beans tell beyond {@code java.lang.management}, found on the platform
 * beans by reflection (the bundle imports nothing outside java.*); -1 or null where a JVM does not say.
 */
final class HotSpot {
    private HotSpot() {
    }

    /**
     * Physical memory a new process can take without swapping, in bytes; -1 when unknown. HotSpot's free figure is
     * MemFree, which leaves out the page cache the kernel gives back on demand: after reading a few GB of data it
     * says a 24 GB machine has 1 GB free. Linux's MemAvailable counts that cache; it is used unless the JVM sees a
     * smaller machine than /proc/meminfo does (a container's memory limit), where the JVM's container-aware figure holds.
     */
    static long availablePhysicalBytes() {
        Object os = ManagementFactory.getOperatingSystemMXBean();
        Object v = call(os, "com.sun.management.OperatingSystemMXBean", "getFreeMemorySize", new Class<?>[0]);
        long[] meminfo = meminfo(Path.of("/proc/meminfo"));
        return available(v instanceof Long l ? l : -1, totalPhysicalBytes(), meminfo[0], meminfo[1]);
    }

    /** The rule above, given the JVM's free and total bytes and /proc/meminfo's MemTotal and MemAvailable (-1: unknown). */
    static long available(long jvmFree, long jvmTotal, long memTotal, long memAvailable) {
        if (memAvailable < 0 || memTotal < 0 || jvmTotal < 0 || jvmTotal < memTotal) return jvmFree;
        return Math.max(jvmFree, memAvailable);
    }

    /** MemTotal and MemAvailable in bytes from a meminfo file; -1 for what it does not say or when it cannot be read. */
    static long[] meminfo(Path file) {
        long[] out = {-1, -1};
        try {
            for (String line : Files.readAllLines(file)) {
                int at = line.startsWith("MemTotal:") ? 0 : line.startsWith("MemAvailable:") ? 1 : -1;
                if (at < 0) continue;
                String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
                if (parts.length == 2 && parts[1].equals("kB")) out[at] = Long.parseLong(parts[0]) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1}; // not Linux, or a file this rule cannot read: the JVM's figure alone
        }
        return out;
    }

    /** The machine's physical memory in bytes; -1 when unknown. */
    static long totalPhysicalBytes() {
        Object v = call(ManagementFactory.getOperatingSystemMXBean(), "com.sun.management.OperatingSystemMXBean", "getTotalMemorySize",
                new Class<?>[0]);
        return v instanceof Long l ? l : -1;
    }

    /** CPU time this JVM has used so far, all its threads, in nanoseconds; -1 when unknown. */
    static long processCpuNanos() {
        Object v = call(ManagementFactory.getOperatingSystemMXBean(), "com.sun.management.OperatingSystemMXBean", "getProcessCpuTime",
                new Class<?>[0]);
        return v instanceof Long l ? l : -1;
    }

    /** Bytes allocated so far by each of the threads {@code ids}, as HotSpot counts them; null when unknown. */
    static long[] allocatedBytes(long[] ids) {
        Object v = call(ManagementFactory.getThreadMXBean(), "com.sun.management.ThreadMXBean", "getThreadAllocatedBytes",
                new Class<?>[] {long[].class}, (Object) ids);
        return v instanceof long[] a ? a : null;
    }

    private static boolean assignable(String iface, Class<?> i) {
        if (i.getName().equals(iface)) return true;
        for (Class<?> s : i.getInterfaces()) if (assignable(iface, s)) return true;
        return false;
    }

    private static Object call(Object bean, String iface, String method, Class<?>[] types, Object... args) {
        try {
            // the bean's class is internal; call through the public interface it implements (directly or, as
            // UnixOperatingSystemMXBean extends OperatingSystemMXBean, through a sub-interface)
            for (Class<?> c = bean.getClass(); c != null; c = c.getSuperclass())
                for (Class<?> i : c.getInterfaces())
                    if (i.getName().startsWith("com.sun.management.") && assignable(iface, i)) {
                        Method m = i.getMethod(method, types);
                        return m.invoke(bean, args);
                    }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not HotSpot, or a method this JVM lacks: unknown
        }
        return null;
    }
}
