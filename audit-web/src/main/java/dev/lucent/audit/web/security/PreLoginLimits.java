package dev.lucent.audit.web.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * What a visitor who has not signed in can hold of the console: a request body (the login form) is read here,
 * before any servlet, by at most {@link #total} such requests at once and {@link #perClient} per client address;
 * it must arrive at {@value #MIN_BYTES_PER_SECOND} bytes a second or better once the first second is over, and
 * be at most {@value #MAX_BODY_BYTES} bytes, complete within {@value #BODY_SECONDS} s. Without this, 200 connections sending one byte every 20 s held
 * every HTTP thread and even {@code /health} stopped answering. Signed-in users are not limited here.
 */
final class PreLoginLimits {

    static final int MAX_BODY_BYTES = 16 * 1024;
    static final long MIN_BYTES_PER_SECOND = 64;
    /** What a refused visitor is told to wait, in seconds. */
    static final int RETRY_AFTER_SECONDS = 5;
    /** The longest a login body may take in all (asynchronous reading). */
    static final int BODY_SECONDS = 10;

    /** Why a body was not accepted, with the status to answer and one line for the operator's log. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private final int total;
    private final int perClient;
    private final Semaphore slots;
    private final Map<String, Integer> byClient = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    PreLoginLimits(int total, int perClient, LongSupplier nanoTime) {
        this.total = total;
        this.perClient = perClient;
        this.slots = new Semaphore(total);
        this.nanoTime = nanoTime;
    }

    /** A held place; {@link #close()} gives it back. */
    final class Slot implements AutoCloseable {
        private final String client;
        private boolean open = true;

        private Slot(String client) {
            this.client = client;
        }

        @Override
        public void close() {
            if (!open) return;
            open = false;
            byClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
            slots.release();
        }
    }

    /** A place for one request from {@code client}, or null when the console or this client has none free. */
    Slot admit(String client) {
        if (!slots.tryAcquire()) return null;
        boolean[] admitted = {false};
        byClient.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perClient) return n;
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            slots.release();
            return null;
        }
        return new Slot(client);
    }

    int total() {
        return total;
    }

    /**
     * Reads the whole body, refusing one that is too long or too slow. A blocking read waits at most the
     * connector's idle timeout; the rate is checked after every read.
     */
    byte[] readBody(HttpServletRequest req) throws Refused {
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY_BYTES)
            throw new Refused(413, "a body of " + declared + " bytes before sign-in; the limit is " + MAX_BODY_BYTES);
        long start = nanoTime.getAsLong();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try (InputStream in = req.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                body.write(buffer, 0, n);
                if (body.size() > MAX_BODY_BYTES)
                    throw new Refused(413, "a body over " + MAX_BODY_BYTES + " bytes before sign-in");
                if (tooSlow(body.size(), nanoTime.getAsLong() - start))
                    throw new Refused(408, "a body arriving slower than " + MIN_BYTES_PER_SECOND + " bytes/s before sign-in (" + body.size() + " bytes so far)");
            }
        } catch (IOException e) {
            throw new Refused(400, "the body broke off after " + body.size() + " bytes (" + oneLine(e) + ")");
        }
        return body.toByteArray();
    }

    /** Past the first second, fewer than {@value #MIN_BYTES_PER_SECOND} bytes for each second so far. */
    static boolean tooSlow(long bytes, long elapsedNanos) {
        if (elapsedNanos <= 1_000_000_000L) return false;
        return bytes * 1_000_000_000L < MIN_BYTES_PER_SECOND * elapsedNanos;
    }

    /**
     * Reads the whole body without holding a thread while it comes (servlet asynchronous I/O), then hands it
     * to {@code done} on a new dispatch of the request; a body that is too long, arrives too slowly, breaks off
     * or is not complete within {@value #BODY_SECONDS} s goes to {@code refused} instead, which must answer.
     * This also covers a client that stops sending altogether, which a blocking read would wait for until the
     * connector's idle timeout.
     */
    void readBodyAsync(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp,
                       java.util.function.Consumer<byte[]> done, java.util.function.BiConsumer<Refused, jakarta.servlet.ServletResponse> refused)
            throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            refused.accept(new Refused(413, "a body of " + declared + " bytes before sign-in; the limit is " + MAX_BODY_BYTES), resp);
            return;
        }
        jakarta.servlet.AsyncContext async = req.startAsync(req, resp);
        async.setTimeout(BODY_SECONDS * 1000L);
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.function.Consumer<Refused> refuse = r -> {
            if (!finished.compareAndSet(false, true)) return;
            try {
                refused.accept(r, async.getResponse());
            } finally {
                async.complete();
            }
        };
        async.addListener(new jakarta.servlet.AsyncListener() {
            @Override
            public void onTimeout(jakarta.servlet.AsyncEvent event) {
                refuse.accept(new Refused(408, "no complete body within " + BODY_SECONDS + " s before sign-in"));
            }

            @Override
            public void onError(jakarta.servlet.AsyncEvent event) {
                refuse.accept(new Refused(400, "the body broke off (" + oneLine(event.getThrowable()) + ")"));
            }

            @Override
            public void onComplete(jakarta.servlet.AsyncEvent event) {
            }

            @Override
            public void onStartAsync(jakarta.servlet.AsyncEvent event) {
            }
        });
        ServletInputStream in = req.getInputStream();
        long start = nanoTime.getAsLong();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        in.setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() throws IOException {
                byte[] buffer = new byte[4096];
                while (!finished.get() && in.isReady()) {
                    int n = in.read(buffer);
                    if (n < 0) return;
                    body.write(buffer, 0, n);
                    if (body.size() > MAX_BODY_BYTES)
                        refuse.accept(new Refused(413, "a body over " + MAX_BODY_BYTES + " bytes before sign-in"));
                    else if (tooSlow(body.size(), nanoTime.getAsLong() - start))
                        refuse.accept(new Refused(408, "a body arriving slower than " + MIN_BYTES_PER_SECOND
                                + " bytes/s before sign-in (" + body.size() + " bytes so far)"));
                }
            }

            @Override
            public void onAllDataRead() {
                if (!finished.compareAndSet(false, true)) return;
                done.accept(body.toByteArray());
                async.dispatch();
            }

            @Override
            public void onError(Throwable t) {
                refuse.accept(new Refused(400, "the body broke off after " + body.size() + " bytes (" + oneLine(t) + ")"));
            }
        });
    }

    /** The innermost cause, as {@code Type: message}, for a one-line log. */
    static String oneLine(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m.replaceAll("\\s+", " ").trim());
    }

    /** The request with its body already read: parameters of a form come from {@code body}. */
    static HttpServletRequest withBody(HttpServletRequest req, byte[] body) {
        String type = req.getContentType();
        Map<String, String[]> form = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? parseForm(new String(body, StandardCharsets.UTF_8)) : Map.of();
        Map<String, String[]> params = new LinkedHashMap<>(queryOf(req));
        form.forEach((k, v) -> params.merge(k, v, PreLoginLimits::concat));
        return new HttpServletRequestWrapper(req) {
            @Override
            public String getParameter(String name) {
                String[] v = params.get(name);
                return v == null ? null : v[0];
            }

            @Override
            public Map<String, String[]> getParameterMap() {
                return Collections.unmodifiableMap(params);
            }

            @Override
            public Enumeration<String> getParameterNames() {
                return Collections.enumeration(params.keySet());
            }

            @Override
            public String[] getParameterValues(String name) {
                String[] v = params.get(name);
                return v == null ? null : v.clone();
            }

            @Override
            public ServletInputStream getInputStream() {
                return new BufferedBody(body);
            }

            @Override
            public BufferedReader getReader() {
                return new BufferedReader(new InputStreamReader(new BufferedBody(body), StandardCharsets.UTF_8));
            }
        };
    }

    private static Map<String, String[]> queryOf(HttpServletRequest req) {
        return req.getQueryString() == null ? Map.of() : parseForm(req.getQueryString());
    }

    static Map<String, String[]> parseForm(String s) {
        Map<String, String[]> m = new LinkedHashMap<>();
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                m.merge(k, new String[] {v}, PreLoginLimits::concat);
            } catch (IllegalArgumentException e) {
                // a malformed escape: the pair is dropped, as a container drops it
            }
        }
        return m;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static final class BufferedBody extends ServletInputStream {
        private final byte[] body;
        private int pos;

        BufferedBody(byte[] body) {
            this.body = body;
        }

        @Override
        public int read() {
            return pos < body.length ? body[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= body.length) return -1;
            int n = Math.min(len, body.length - pos);
            System.arraycopy(body, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isFinished() {
            return pos >= body.length;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new IllegalStateException("the body was read before sign-in checks; no asynchronous reading");
        }
    }
}
