package dev.lucent.spark;

/**
 * A row that cannot be audited (a value that is not a number, a missing value, an unknown label), named by its file,
 * its row id and, for a single CSV file, its line. Thrown in a task, it fails the job; the driver finds the
 * {@link #MARK}ed line in the job's failure (on a cluster only the text of an executor's exception comes back).
 */
final class MalformedRowException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final String MARK = "lucent-malformed-row: ";

    MalformedRowException(String file, long rowId, String problem) {
        super(MARK + file + ", row id " + rowId + ": " + problem);
    }

    /** The one-line message in a job's failure, or null when the job failed for another reason. */
    static String find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MalformedRowException) return t.getMessage().substring(MARK.length());
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(MARK);
            if (at >= 0) {
                int end = m.indexOf('\n', at);
                return m.substring(at + MARK.length(), end < 0 ? m.length() : end).trim();
            }
        }
        return null;
    }
}
