package dev.lucent.host.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange written byte for byte on a socket: for what the JDK's clients will not send, such as a
 * foreign {@code Host} header or an absolute request URI.
 */
final class RawHttp {

    /** Status code and the whole answer (head and body). */
    record Answer(int status, String text) {
        String body() {
            int i = text.indexOf("\r\n\r\n");
            return i < 0 ? "" : text.substring(i + 4);
        }
    }

    private RawHttp() {
    }

    /** Sends the request head (lines without their CRLF) and a body, with {@code Connection: close}. */
    static Answer exchange(int port, String requestLine, String host, String body, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(requestLine).append("\r\n");
        if (host != null) b.append("Host: ").append(host).append("\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) b.append("Content-Length: ").append(content.length).append("\r\n");
        b.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) throw new IOException("not an HTTP answer: " + text);
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
