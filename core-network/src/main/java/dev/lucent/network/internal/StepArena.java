package dev.lucent.network.internal;

import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Reuses the float arrays of one training step in the next. While an arena is entered on a thread,
 * op outputs and intermediate gradients are taken from it; closing the step returns them all for reuse.
 * Only code that drops every tensor of the step before closing may use it (the trainer does).
 * Without an entered arena, {@link #alloc} is a plain {@code new float[n]}.
 */
public final class StepArena {
    private static final ThreadLocal<StepArena> CURRENT = new ThreadLocal<>();

    private final IntObjectHashMap<ArrayDeque<float[]>> free = new IntObjectHashMap<>();
    private final ArrayList<float[]> used = new ArrayList<>();
    private StepArena previous;
    private boolean entered;

    /** Makes this arena the current one on this thread for one step; close the returned scope to end it. */
    public Step enter() {
        if (entered) throw new IllegalStateException("arena already entered");
        entered = true;
        previous = CURRENT.get();
        CURRENT.set(this);
        return this::exit;
    }

    /** True between {@link #enter()} and the step's close. */
    public boolean isEntered() {
        return entered;
    }

    public interface Step extends AutoCloseable {
        @Override
        void close();
    }

    private void exit() {
        for (float[] a : used) {
            ArrayDeque<float[]> q = free.get(a.length);
            if (q == null) {
                q = new ArrayDeque<>();
                free.put(a.length, q);
            }
            q.push(a);
        }
        used.clear();
        entered = false;
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
        previous = null;
    }

    /** A zeroed array of exactly n floats: from the current arena when one is entered. */
    public static float[] alloc(int n) {
        return take(n, true);
    }

    /**
     * An array of exactly n floats whose contents are undefined (a recycled array keeps its old values): for
     * outputs the caller writes in full, which then skip the zeroing.
     */
    public static float[] allocForOverwrite(int n) {
        return take(n, false);
    }

    private static float[] take(int n, boolean zero) {
        StepArena a = CURRENT.get();
        if (a == null) return new float[n];
        ArrayDeque<float[]> q = a.free.get(n);
        float[] out;
        if (q == null || q.isEmpty()) {
            out = new float[n];
        } else {
            out = q.pop();
            if (zero) Arrays.fill(out, 0f);
        }
        a.used.add(out);
        return out;
    }
}
