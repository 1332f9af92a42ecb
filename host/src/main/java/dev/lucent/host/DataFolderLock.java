package dev.lucent.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One serving host per data folder: an exclusive OS lock on {@code <data>/host.lock}, held for the life of the
 * process (the OS drops it when the process ends, however it ends). Two hosts on one folder lost users and
 * signed entries; a second host is now refused at start. Headless commands do not take this lock: they
 * append to the journal under the journal's own lock, beside a running host.
 */
final class DataFolderLock implements AutoCloseable {
    static final String FILE = "host.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown with the one line to print when the folder is taken or the lock file cannot be used. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    static DataFolderLock acquire(Path data) throws Refused {
        Path file = data.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw new Refused("the data folder " + data + " is already served by another Lucent host"
                        + (holder.isEmpty() ? "" : " (process " + holder + ")")
                        + "; one host per data folder: stop it or choose another --data");
            }
            // Who holds it, for the message a second host prints; the lock itself is what counts.
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(pid), 0);
            return new DataFolderLock(ch, lock);
        } catch (IOException e) {
            try {
                if (ch != null) ch.close();
            } catch (IOException ignored) {
                // the first problem is the one to report
            }
            throw new Refused("cannot lock the data folder (" + file + "): " + e.getMessage());
        }
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        return s.matches("[0-9]{1,19}") ? s : "";
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending; the OS releases the lock anyway
        }
    }
}
