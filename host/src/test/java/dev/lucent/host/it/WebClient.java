package dev.lucent.host.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A minimal browser stand-in: one session cookie, no redirects followed, CSRF token read from pages. */
final class WebClient {

    private static final Pattern COOKIE = Pattern.compile("lucent_session=([^;]*)");
    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final LucentProcess lucent;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    String session;
    String csrf;

    WebClient(LucentProcess lucent) {
        this.lucent = lucent;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lucent.url(path))).timeout(Duration.ofSeconds(60));
        if (session != null) b.header("Cookie", "lucent_session=" + session);
        return b;
    }

    HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        resp.headers().allValues("set-cookie").forEach(c -> {
            Matcher m = COOKIE.matcher(c);
            if (m.find()) session = m.group(1).isEmpty() ? null : m.group(1);
        });
        Matcher t = TOKEN.matcher(resp.body());
        if (t.find()) csrf = t.group(1);
        return resp;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    /** A form POST carrying the current CSRF token. */
    HttpResponse<String> postFormWithToken(String path, Map<String, String> form) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("_csrf", csrf);
        return postForm(path, all);
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Signs in; returns the status of the login POST (303 on success). */
    int login(String user, String password) throws IOException, InterruptedException {
        get("/login");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", user);
        form.put("password", password);
        return postFormWithToken("/login", form).statusCode();
    }

    /** A multipart body with one file part, as a browser sends it. */
    static byte[] multipart(String boundary, String filename, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8), t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + content.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(content, 0, all, h.length, content.length);
        System.arraycopy(t, 0, all, h.length + content.length, t.length);
        return all;
    }

    HttpResponse<String> upload(String path, String filename, byte[] content) throws IOException, InterruptedException {
        String boundary = "----lucentIT" + System.nanoTime();
        return send(request(path + "?_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, filename, content))).build());
    }
}
