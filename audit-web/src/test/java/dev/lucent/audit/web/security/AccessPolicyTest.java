package dev.lucent.audit.web.security;

import static dev.lucent.audit.web.security.AccessPolicy.Decision.ALLOW;
import static dev.lucent.audit.web.security.AccessPolicy.Decision.FORBIDDEN;
import static dev.lucent.audit.web.security.AccessPolicy.Decision.LOGIN;
import static dev.lucent.audit.web.security.AccessPolicy.Decision.UNAUTHORIZED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    static SessionStore.Session as(Role role) {
        return new SessionStore.Session("id", "tok", role == null ? null : new UserStore.User("u", role, Instant.EPOCH), Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void withoutSessionOnlyLoginHealthAndStaticAreServed() {
        assertEquals(ALLOW, AccessPolicy.decide("GET", "/login", null, false));
        assertEquals(ALLOW, AccessPolicy.decide("GET", "/health", null, false));
        assertEquals(ALLOW, AccessPolicy.decide("GET", "/static/lucent.css", null, false));
        for (String p : new String[] {"/", "/reports", "/models", "/healthx", "/health/x", "/loginx", "/static"})
            assertEquals(LOGIN, AccessPolicy.decide("GET", p, null, false), p);
        assertEquals(UNAUTHORIZED, AccessPolicy.decide("GET", "/api/audits/1", null, false));
        assertEquals(UNAUTHORIZED, AccessPolicy.decide("POST", "/api/audits", null, true));
        assertEquals(FORBIDDEN, AccessPolicy.decide("POST", "/models/upload", null, true));
        // a pre-login session counts as no session beyond the login page
        assertEquals(LOGIN, AccessPolicy.decide("GET", "/", as(null), false));
    }

    @Test
    void loginPostNeedsThePreLoginToken() {
        assertEquals(FORBIDDEN, AccessPolicy.decide("POST", "/login", null, false));
        assertEquals(FORBIDDEN, AccessPolicy.decide("POST", "/login", as(null), false));
        assertEquals(ALLOW, AccessPolicy.decide("POST", "/login", as(null), true));
    }

    @Test
    void everyMutatingMethodNeedsTheToken() {
        for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"}) {
            assertEquals(FORBIDDEN, AccessPolicy.decide(m, "/models/upload", as(Role.ADMIN), false), m);
            assertEquals(ALLOW, AccessPolicy.decide(m, "/models/upload", as(Role.ADMIN), true), m);
        }
        assertEquals(FORBIDDEN, AccessPolicy.decide("POST", "/static/lucent.css", null, false));
    }

    @Test
    void rolesNest() {
        assertEquals(ALLOW, AccessPolicy.decide("GET", "/reports", as(Role.VIEWER), false));
        assertEquals(FORBIDDEN, AccessPolicy.decide("POST", "/audits", as(Role.VIEWER), true));
        assertEquals(ALLOW, AccessPolicy.decide("POST", "/audits", as(Role.AUDITOR), true));
        assertEquals(ALLOW, AccessPolicy.decide("POST", "/logout", as(Role.VIEWER), true));
        assertEquals(ALLOW, AccessPolicy.decide("POST", "/settings/password", as(Role.VIEWER), true));
        assertEquals(FORBIDDEN, AccessPolicy.decide("GET", "/settings/users", as(Role.AUDITOR), false));
        assertEquals(ALLOW, AccessPolicy.decide("GET", "/settings/users", as(Role.ADMIN), false));
    }

    @Test
    void viewersVerifyTheJournalButSignNothing() {
        // verifying changes nothing, and docs/console.md promises it to viewers (issue #19)
        assertEquals(ALLOW, AccessPolicy.decide("POST", "/journal/verify", as(Role.VIEWER), true));
        assertEquals(FORBIDDEN, AccessPolicy.decide("POST", "/journal/verify", as(Role.VIEWER), false));
        assertEquals(FORBIDDEN, AccessPolicy.decide("POST", "/reports/r1/signoff", as(Role.VIEWER), true));
        assertEquals(FORBIDDEN, AccessPolicy.decide("POST", "/reports/r1/replay", as(Role.VIEWER), true));
    }
}
