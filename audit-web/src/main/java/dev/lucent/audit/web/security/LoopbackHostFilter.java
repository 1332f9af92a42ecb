package dev.lucent.audit.web.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * DNS-rebinding defence, before the security filter and any servlet: the console listens on 127.0.0.1 only, so a
 * request naming another host ({@code Host: evil.example}) came from a browser tricked into resolving that name
 * to this machine. It is refused with 421 and one line; only {@code localhost}, {@code 127.0.0.1} and
 * {@code [::1]} (any port) are answered.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Filter.class, property = {
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.filter.name=lucent-loopback-host",
        "osgi.http.whiteboard.filter.dispatcher=REQUEST",
        // the security filter reads a login body asynchronously; a filter before it that is not async-capable
        // would make that read block a thread on a silent client
        "osgi.http.whiteboard.filter.asyncSupported=true",
        "service.ranking:Integer=1000"})
public final class LoopbackHostFilter implements Filter {

    static final int MISDIRECTED_REQUEST = 421;

    private static final Pattern LOOPBACK = Pattern.compile("(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]{1,5})?");

    /** True for a Host header naming this machine's loopback (any port); false when absent or naming anything else. */
    static boolean loopback(String host) {
        return host != null && LOOPBACK.matcher(host.trim().toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        String host = req.getHeader("Host");
        // The server name too: an absolute request URI (GET http://evil.example/ ...) overrides the header.
        String server = req.getServerName();
        if (loopback(host) && (server == null || loopback(server) || server.equals("::1"))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse resp = (HttpServletResponse) response;
        SecurityFilter.headers(resp);
        resp.setStatus(MISDIRECTED_REQUEST);
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write("Misdirected request: this console answers only to the host names localhost, 127.0.0.1 and [::1]"
                + (host == null ? ", and the request named none" : "") + ".\n");
    }
}
