package dev.lucent.audit.web.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadStoreTest {

    static byte[] body(String filename, String content, String extraField) {
        String s = "--b\r\n" + (extraField == null ? "" : "Content-Disposition: form-data; name=\"note\"\r\n\r\n" + extraField + "\r\n--b\r\n")
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n\r\n" + content + "\r\n--b--\r\n";
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void storesUnderAGeneratedNameWithHashAndFields(@TempDir Path data) throws Exception {
        UploadStore store = new UploadStore(data, 4096);
        byte[] b = body("../../x/evil.csv", "a,b\n1,2\n", "hello");
        UploadStore.Received r = store.receive(UploadStore.Kind.DATASET, "multipart/form-data; boundary=b", b.length, new ByteArrayInputStream(b), "eve");
        assertEquals("evil.csv", r.stored().originalName());
        assertEquals("hello", r.fields().get("note"));
        assertEquals(data.resolve("uploads/datasets").resolve(r.stored().id() + ".csv"), r.stored().file());
        assertEquals("a,b\n1,2\n", Files.readString(r.stored().file()));
        // SHA-256 of "a,b\n1,2\n", computed independently with sha256sum
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))), r.stored().sha256());
        assertEquals(r.stored(), store.find(UploadStore.Kind.DATASET, r.stored().id()).orElseThrow());
        assertTrue(store.find(UploadStore.Kind.DATASET, "../../etc/passwd").isEmpty());
        assertTrue(store.find(UploadStore.Kind.MODEL, r.stored().id()).isEmpty());
    }

    @Test
    void tooLargeDeclaredOrReadLeavesNothing(@TempDir Path data) throws Exception {
        UploadStore store = new UploadStore(data, 2048);
        byte[] big = body("big.csv", "x".repeat(5000), null);
        UploadException declared = assertThrows(UploadException.class, () ->
                store.receive(UploadStore.Kind.DATASET, "multipart/form-data; boundary=b", big.length, new ByteArrayInputStream(big), "u"));
        assertEquals(413, declared.status());
        UploadException counted = assertThrows(UploadException.class, () ->
                store.receive(UploadStore.Kind.DATASET, "multipart/form-data; boundary=b", -1, new ByteArrayInputStream(big), "u"));
        assertEquals(413, counted.status());
        assertEquals(List.of(), files(data));
    }

    @Test
    void wrongTypesAndMalformedBodiesAreRefusedByName(@TempDir Path data) throws Exception {
        UploadStore store = new UploadStore(data, 4096);
        byte[] exe = body("model.exe", "MZ", null);
        UploadException e = assertThrows(UploadException.class, () ->
                store.receive(UploadStore.Kind.MODEL, "multipart/form-data; boundary=b", exe.length, new ByteArrayInputStream(exe), "u"));
        assertEquals(415, e.status());
        assertTrue(e.getMessage().contains("model.exe"), e.getMessage());
        // a zip is no model Lucent can audit: refused at the door, naming what is accepted, not kept to fail later
        byte[] zip = body("model.zip", "PK", null);
        UploadException z = assertThrows(UploadException.class, () ->
                store.receive(UploadStore.Kind.MODEL, "multipart/form-data; boundary=b", zip.length, new ByteArrayInputStream(zip), "u"));
        assertEquals(415, z.status());
        assertTrue(z.getMessage().contains("'model.zip' is not a .lucent or .onnx file"), z.getMessage());
        byte[] cut = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc".getBytes(StandardCharsets.UTF_8);
        assertEquals(400, assertThrows(UploadException.class, () ->
                store.receive(UploadStore.Kind.DATASET, "multipart/form-data; boundary=b", cut.length, new ByteArrayInputStream(cut), "u")).status());
        assertEquals(415, assertThrows(UploadException.class, () ->
                store.receive(UploadStore.Kind.DATASET, "text/plain", 3, new ByteArrayInputStream(new byte[3]), "u")).status());
        assertEquals(List.of(), files(data));
    }

    @Test
    void aLongNameIsTruncatedKeepingItsTypeAndBidiControlsAreRemoved(@TempDir Path data) throws Exception {
        UploadStore store = new UploadStore(data, 8192);
        // 600 bytes of name: kept as its first characters plus the extension, not refused
        String longName = "\u00e9".repeat(150) + "x".repeat(296) + ".csv";
        byte[] b = body(longName, "a,b\n1,2\n", null);
        UploadStore.Received r = store.receive(UploadStore.Kind.DATASET, "multipart/form-data; boundary=b", b.length, new ByteArrayInputStream(b), "u");
        String shown = r.stored().originalName();
        assertTrue(shown.endsWith(".csv"), shown);
        assertTrue(shown.length() <= UploadStore.MAX_NAME_CHARS, shown.length() + " characters");
        assertTrue(shown.startsWith("\u00e9".repeat(150)), shown);
        // right-to-left override and the other bidi controls would make "evil\u202Ecsv.exe" read as "evilexe.csv"
        assertEquals("evilgnp.csv", UploadStore.displayName("evil\u202Agnp\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F.csv"));
        // past any sensible length: refused naming the problem, nothing kept
        byte[] huge = body("y".repeat(20_000) + ".csv", "a\n", null);
        UploadException e = assertThrows(UploadException.class, () ->
                new UploadStore(data, 1 << 16).receive(UploadStore.Kind.DATASET, "multipart/form-data; boundary=b", huge.length, new ByteArrayInputStream(huge), "u"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("file name"), e.getMessage());
        // a surrogate pair is never cut in half
        String emoji = "\ud83d\ude00".repeat(150) + ".csv";
        String cut = UploadStore.displayName(emoji);
        assertTrue(cut.endsWith(".csv") && cut.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF), cut);
    }
}
