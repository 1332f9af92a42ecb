package dev.lucent.audit.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys a plugin must be signed with: a text file of PEM blocks, each a {@code CERTIFICATE} (as
 * {@code keytool -exportcert -rfc} writes it) or a {@code PUBLIC KEY}. Keys are compared by their encoded
 * SubjectPublicKeyInfo, so a certificate re-issued for the same key still matches.
 */
public final class TrustedKeys {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private final List<byte[]> keys;
    private final String source;

    private TrustedKeys(List<byte[]> keys, String source) {
        this.keys = keys;
        this.source = source;
    }

    public static TrustedKeys load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<byte[]> keys = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        CertificateFactory x509;
        try {
            x509 = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IOException("X.509 is missing from this JVM", e);
        }
        int block = 0;
        while (m.find()) {
            block++;
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IOException("block " + block + " of " + file + " is not valid base64");
            }
            switch (m.group(1)) {
                case "CERTIFICATE" -> {
                    try {
                        keys.add(x509.generateCertificate(new ByteArrayInputStream(der)).getPublicKey().getEncoded());
                    } catch (CertificateException e) {
                        throw new IOException("block " + block + " of " + file + " is not a valid certificate: " + e.getMessage());
                    }
                }
                case "PUBLIC KEY" -> keys.add(der);
                default -> throw new IOException("block " + block + " of " + file + " is a " + m.group(1)
                        + "; only CERTIFICATE and PUBLIC KEY blocks are read");
            }
        }
        if (keys.isEmpty())
            throw new IOException(file + " holds no PEM CERTIFICATE or PUBLIC KEY block (export one with keytool -exportcert -rfc)");
        return new TrustedKeys(List.copyOf(keys), file.getFileName() + ", " + keys.size() + (keys.size() == 1 ? " key" : " keys"));
    }

    public boolean trusts(PublicKey key) {
        byte[] encoded = key.getEncoded();
        for (byte[] k : keys) if (Arrays.equals(k, encoded)) return true;
        return false;
    }

    /** Where the keys came from, for messages. */
    public String source() {
        return source;
    }

    public int size() {
        return keys.size();
    }
}
