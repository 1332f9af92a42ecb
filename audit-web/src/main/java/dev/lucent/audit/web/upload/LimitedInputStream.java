package dev.lucent.audit.web.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read and fails as soon as there are more than the limit, so a body without (or with a
 * lying) Content-Length cannot fill the disk.
 */
final class LimitedInputStream extends FilterInputStream {

    /** Thrown when the body is longer than allowed. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("the upload is larger than the limit of " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;

    LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    private int counted(int n) throws TooLargeException {
        if (n > 0) {
            count += n;
            if (count > limit) throw new TooLargeException(limit);
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) counted(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return counted(super.read(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(n);
        if (s > 0) counted((int) Math.min(Integer.MAX_VALUE, s));
        return s;
    }

    long count() {
        return count;
    }
}
