package dev.lucent.audit.api;

/** What a journal entry records. */
public enum JournalEntryType {
    REPORT("report"),
    SIGN_OFF("sign-off");

    private final String token;

    JournalEntryType(String token) {
        this.token = token;
    }

    /** The word written in the journal file. */
    public String token() {
        return token;
    }

    /** The type written as {@code token}, or null if there is none. */
    public static JournalEntryType ofToken(String token) {
        for (JournalEntryType t : values()) if (t.token.equals(token)) return t;
        return null;
    }
}
