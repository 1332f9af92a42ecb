package dev.lucent.audit.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one-writer-at-a-time lock of a journal folder: an exclusive OS lock on {@code append.lock}, shared by
 * the host and every CLI process on that folder, plus a lock for the threads of this JVM.
 *
 * <p>Why a separate file, opened once per JVM and never closed: POSIX record locks belong to the process,
 * and closing <em>any</em> descriptor of a file drops all of them. The journal used to lock
 * {@code entries.journal} itself, and re-reading it under the lock (or any page reading it) silently
 * released the lock, so two processes wrote the same offset. Nothing but this class opens the lock file,
 * so nothing can close it under a holder. That is also why the channels are kept in a per-JVM table
 * (the JVM's own lock table is per JVM too): two channels on one file would release each other's locks.
 */
final class JournalLock {
    static final String LOCK_FILE = "append.lock";
    private static final ConcurrentHashMap<Path, JournalLock> OPEN = new ConcurrentHashMap<>();

    private final Path file;
    private final ReentrantLock threads = new ReentrantLock();
    private FileChannel channel; // guarded by threads
    private FileLock held;       // guarded by threads

    private JournalLock(Path file) {
        this.file = file;
    }

    /** The lock of the journal folder {@code dir}, the same object for every caller in this JVM. */
    static JournalLock of(Path dir) {
        Path file = dir.toAbsolutePath().normalize().resolve(LOCK_FILE);
        return OPEN.computeIfAbsent(file, JournalLock::new);
    }

    /** A held lock; closing it releases it (only the outermost close of nested holds lets go of the OS lock). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for the lock. With {@code create} false and no lock file yet (a read-only look at a folder no
     * writer of this version has used), nothing is created and no OS lock is taken.
     */
    Held acquire(boolean create) throws IOException {
        threads.lock();
        try {
            if (threads.getHoldCount() == 1) {
                if (channel == null) {
                    if (!create && !Files.exists(file)) return threads::unlock;
                    try {
                        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    } catch (java.nio.file.FileSystemException e) {
                        // a reader of a folder it may not write (a read-only copy): no writer can be there with it
                        if (!create) return threads::unlock;
                        throw e;
                    }
                }
                held = lockAgainstOtherProcesses();
            }
        } catch (IOException | RuntimeException e) {
            threads.unlock();
            throw e;
        }
        return this::release;
    }

    private FileLock lockAgainstOtherProcesses() throws IOException {
        try {
            return channel.lock(); // waits while another process appends
        } catch (OverlappingFileLockException e) {
            // only this class locks the file, under the thread lock: this would be a bug, not a race
            throw new IOException("the journal lock " + file + " is already held in this JVM", e);
        }
    }

    private void release() {
        try {
            if (threads.getHoldCount() == 1 && held != null) {
                held.release();
                held = null;
            }
        } catch (IOException e) {
            // the channel stays open; the OS drops the lock when the process ends
        } finally {
            threads.unlock();
        }
    }
}
