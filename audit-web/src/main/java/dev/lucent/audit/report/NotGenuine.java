package dev.lucent.audit.report;

/** The one sentence every page and export puts first when the journal does not vouch for a report. */
public final class NotGenuine {
    private NotGenuine() {
    }

    /** What an auditor reads instead of the verdict: that the report is not genuine, and why. */
    public static String warning(String problem) {
        return "NOT GENUINE: the journal does not vouch for this report (" + problem
                + "). Its content may have been altered after it was signed; do not rely on its verdicts.";
    }
}
