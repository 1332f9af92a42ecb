package dev.lucent.audit.journal;

import dev.lucent.audit.api.ReportJournal;
import dev.lucent.audit.api.SignOff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

class JournalServiceTest {
    @TempDir
    Path data;

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getProperty") && "lucent.data".equals(args[0])) return data.toString();
                    // as Felix does: a property the framework was not given is looked up in the system properties
                    if (method.getName().equals("getProperty")) return System.getProperty((String) args[0]);
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void serviceUsesTheHostsDataFolder() throws Exception {
        ReportJournal j = new JournalService(context());
        j.appendReport("demo-1", "{}".getBytes(StandardCharsets.UTF_8));
        j.signOff("demo-1", "Ada", "auditor", SignOff.Decision.APPROVE, "");
        assertTrue(Files.exists(data.resolve("journal").resolve(FileJournal.JOURNAL_FILE)));
        assertTrue(j.verify().valid());
        assertEquals(2, new JournalService(context()).verify().entries(), "a restarted service sees the same journal");
        assertEquals(j.keyFingerprint(), new JournalService(context()).keyFingerprint());
    }

    @Test
    void aJournalThatCannotOpenFailsActivationWithTheReason() throws Exception {
        JournalService j = new JournalService(context());
        j.appendReport("r", new byte[0]);
        Path priv = InstanceKey.Place.defaults().privateKeyFor(j.keyFingerprint());
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new JournalService(context()));
            assertTrue(e.getMessage().contains("readable by its owner only"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
