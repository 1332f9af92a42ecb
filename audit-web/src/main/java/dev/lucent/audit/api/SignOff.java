package dev.lucent.audit.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A reviewer's decision on a report, appended to the journal as its own signed entry.
 *
 * @param reportId   the report signed off
 * @param reviewer   the reviewer's name
 * @param role       the reviewer's role (e.g. "auditor", "clinical lead")
 * @param decision   approve, reject or needs changes
 * @param comment    free text, may be empty
 * @param time       when it was signed off (the entry's time)
 * @param reportHash the journal hash of the report entry signed off, binding the decision to its content
 * @param card       what the reviewer states for the model card (intended use, limitations), signed with the decision
 */
public record SignOff(String reportId, String reviewer, String role, Decision decision, String comment, Instant time,
                      String reportHash, Card card) {

    /** The model card's fields a reviewer fills in; either may be empty. */
    public record Card(String intendedUse, String limitations) {
        public static final Card NONE = new Card("", "");

        public Card {
            intendedUse = intendedUse == null ? "" : intendedUse;
            limitations = limitations == null ? "" : limitations;
        }

        public boolean isEmpty() {
            return intendedUse.isBlank() && limitations.isBlank();
        }
    }

    /** A sign-off without model card fields (all before them). */
    public SignOff(String reportId, String reviewer, String role, Decision decision, String comment, Instant time, String reportHash) {
        this(reportId, reviewer, role, decision, comment, time, reportHash, Card.NONE);
    }

    public enum Decision {
        APPROVE("approve"),
        REJECT("reject"),
        NEEDS_CHANGES("needs-changes");

        private final String token;

        Decision(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        public static Decision ofToken(String token) {
            for (Decision d : values()) if (d.token.equals(token)) return d;
            return null;
        }
    }

    public SignOff {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(time, "time");
        if (reviewer.isBlank()) throw new IllegalArgumentException("a sign-off needs the reviewer's name");
        if (role.isBlank()) throw new IllegalArgumentException("a sign-off needs the reviewer's role");
        card = card == null ? Card.NONE : card;
    }
}
