package dev.lucent.audit.web;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most a few CPU-heavy renders (PDF exports) at once, so a burst of export requests cannot take every core
 * from the console and the audits: a request that cannot start within the wait is answered "busy, try again".
 */
final class RenderGate {

    private final Semaphore slots;
    private final Duration wait;

    RenderGate(int atOnce, Duration wait) {
        if (atOnce < 1) throw new IllegalArgumentException("at least one render at a time, not " + atOnce);
        this.slots = new Semaphore(atOnce, true);
        this.wait = wait;
    }

    /** Half the processors (at least one), waiting up to 30 seconds for a slot. */
    static RenderGate forThisMachine() {
        return new RenderGate(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), Duration.ofSeconds(30));
    }

    /** The render's result, or empty when no slot freed up within the wait (or the thread was interrupted). */
    <T> Optional<T> render(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(work.get());
        } finally {
            slots.release();
        }
    }
}
