package dev.lucent.audit.web.security;

import java.util.Locale;

/** What a console user may do. Each role includes the rights of the ones below it. */
public enum Role {
    /** Reads models, data sets, reports and the journal. */
    VIEWER,
    /** Also uploads, trains, runs audits and signs reports off. */
    AUDITOR,
    /** Also manages users. */
    ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a role name as a form sends it; unknown names are an error naming the value. */
    public static Role parse(String s) {
        if (s != null)
            for (Role r : values())
                if (r.label().equals(s.trim().toLowerCase(Locale.ROOT))) return r;
        throw new IllegalArgumentException("unknown role '" + s + "' (viewer, auditor or admin)");
    }
}
