package dev.lucent.audit.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    @Test
    void firstStartPrintsOneGeneratedPasswordOnceAndStoresOnlyItsHash(@TempDir Path data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UserStore store = new UserStore(data, new SecureRandom(), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        Matcher m = Pattern.compile("password (\\S+)").matcher(printed);
        assertTrue(m.find());
        String password = m.group(1);
        assertTrue(password.length() >= 20);
        assertTrue(store.authenticate("admin", password.toCharArray()).isPresent());
        assertFalse(store.authenticate("admin", "admin".toCharArray()).isPresent(), "no default credentials");
        String file = Files.readString(store.file());
        assertFalse(file.contains(password));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        UserStore reopened = new UserStore(data, new SecureRandom(), new PrintStream(again, true, StandardCharsets.UTF_8));
        assertEquals("", again.toString(StandardCharsets.UTF_8), "the password is printed only on first start");
        assertTrue(reopened.authenticate("admin", password.toCharArray()).isPresent());
    }

    @Test
    void addAndChangePassword(@TempDir Path data) {
        UserStore store = new UserStore(data, new SecureRandom(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String pw = store.add("Vera", Role.VIEWER);
        assertEquals(Role.VIEWER, store.authenticate("vera", pw.toCharArray()).orElseThrow().role());
        assertThrows(IllegalArgumentException.class, () -> store.add("vera", Role.ADMIN));
        assertThrows(IllegalArgumentException.class, () -> store.add("../etc", Role.ADMIN));
        assertThrows(IllegalArgumentException.class, () -> store.add("a\tb", Role.ADMIN));
        assertThrows(IllegalArgumentException.class, () -> store.changePassword("vera", pw.toCharArray(), "short".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> store.changePassword("vera", "wrong".toCharArray(), "long enough pass".toCharArray()));
        store.changePassword("vera", pw.toCharArray(), "long enough pass".toCharArray());
        assertTrue(store.authenticate("vera", "long enough pass".toCharArray()).isPresent());
        assertFalse(store.authenticate("vera", pw.toCharArray()).isPresent());
    }

    @Test
    void theLastAdminIsNeverDeletedOrDemotedAndChangesAreKept(@TempDir Path data) throws Exception {
        UserStore store = new UserStore(data, new SecureRandom(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        IllegalArgumentException last = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.delete("admin"));
        org.junit.jupiter.api.Assertions.assertTrue(last.getMessage().contains("last admin"), last.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.changeRole("admin", Role.VIEWER));
        store.add("bea", Role.VIEWER);
        store.changeRole("Bea", Role.ADMIN);
        store.changeRole("admin", Role.AUDITOR); // bea is an admin now, so admin may step down
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.delete("bea"));
        store.add("carl", Role.VIEWER);
        store.delete("carl");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.delete("nobody"));
        UserStore reopened = new UserStore(data, new SecureRandom(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertEquals(Role.AUDITOR, reopened.find("admin").orElseThrow().role());
        org.junit.jupiter.api.Assertions.assertEquals(Role.ADMIN, reopened.find("bea").orElseThrow().role());
        org.junit.jupiter.api.Assertions.assertTrue(reopened.find("carl").isEmpty());
    }
}
