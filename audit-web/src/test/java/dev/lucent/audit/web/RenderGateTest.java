package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RenderGateTest {

    @Test
    void noMoreRendersThanSlotsAtOnceAndALateOneIsTurnedAway() throws Exception {
        RenderGate gate = new RenderGate(2, Duration.ofMillis(200));
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<String>> a = pool.submit(() -> gate.render(() -> hold(running, most, started, release)));
            Future<Optional<String>> b = pool.submit(() -> gate.render(() -> hold(running, most, started, release)));
            assertTrue(started.await(10, TimeUnit.SECONDS), "two renders start together");
            assertEquals(Optional.empty(), gate.render(() -> "third"), "a third one waits its 200 ms, then is turned away");
            release.countDown();
            assertEquals(Optional.of("done"), a.get(10, TimeUnit.SECONDS));
            assertEquals(Optional.of("done"), b.get(10, TimeUnit.SECONDS));
            assertEquals(2, most.get());
            assertEquals(Optional.of("after"), gate.render(() -> "after"), "the slots are free again");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedRenderGivesItsSlotBack() {
        RenderGate gate = new RenderGate(1, Duration.ofMillis(100));
        assertThrows(IllegalStateException.class, () -> gate.render(() -> {
            throw new IllegalStateException("renderer broke");
        }));
        assertEquals(Optional.of(1), gate.render(() -> 1));
    }

    private static String hold(AtomicInteger running, AtomicInteger most, CountDownLatch started, CountDownLatch release) {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        started.countDown();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.decrementAndGet();
        return "done";
    }
}
