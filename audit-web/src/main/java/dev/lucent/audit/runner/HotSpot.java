package dev.lucent.audit.runner;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * What HotSpot's {@code com.sun.management} beans tell beyond {@code java.lang.management}, found on the platform
 * beans by reflection (the bundle imports nothing outside java.*); -1 or null where a JVM does not say.
 */
final class HotSpot {
    private HotSpot() {
    }

    /** Physical memory not in use by anyone, in bytes; -1 when unknown. */
    static long freePhysicalBytes() {
        Object os = ManagementFactory.getOperatingSystemMXBean();
        Object v = call(os, "com.sun.management.OperatingSystemMXBean", "getFreeMemorySize", new Class<?>[0]);
        return v instanceof Long l ? l : -1;
    }

    /** The machine's physical memory in bytes; -1 when unknown. */
    static long totalPhysicalBytes() {
        Object v = call(ManagementFactory.getOperatingSystemMXBean(), "com.sun.management.OperatingSystemMXBean", "getTotalMemorySize",
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
