package dev.lucent.bench;

import dev.lucent.network.kernel.Parallel;
import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One core's float32 FMA peak, measured: twelve independent chains of vector FMAs at the JVM's preferred vector width
 * (enough chains to cover the FMA latency on two FMA ports), no memory traffic; the maximum over many short runs. The peak the matrix product is
 * compared with in docs/benchmarks.md; then Lucent's matrix product of the engine benchmark (64x784 by 784x256, one
 * thread) timed the same way, the fastest of many short runs, as a percentage of that peak. Pin it to one CPU:
 * <pre>taskset -c 0 java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.lucent.bench.FmaPeak [runs]</pre>
 */
public final class FmaPeak {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;

    /** {@code iterations} rounds of one FMA on each chain; returns a lane so the work is not dead. */
    static float chains(int iterations) {
        FloatVector m = FloatVector.broadcast(S, 0.9999999f), c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 0.01f), a1 = FloatVector.broadcast(S, 0.02f), a2 = FloatVector.broadcast(S, 0.03f),
                a3 = FloatVector.broadcast(S, 0.04f), a4 = FloatVector.broadcast(S, 0.05f), a5 = FloatVector.broadcast(S, 0.06f),
                a6 = FloatVector.broadcast(S, 0.07f), a7 = FloatVector.broadcast(S, 0.08f), a8 = FloatVector.broadcast(S, 0.09f),
                a9 = FloatVector.broadcast(S, 0.10f), a10 = FloatVector.broadcast(S, 0.11f), a11 = FloatVector.broadcast(S, 0.12f);
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }

    public static void main(String[] args) {
        // many short runs: on a shared machine the fastest run is one the scheduler left alone, and a peak is a maximum
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 401;
        int iterations = 2_000_000;
        float sink = 0;
        for (int i = 0; i < 5; i++) sink += chains(iterations); // compiled by C2 before timing
        double flopsPerRun = 2.0 * CHAINS * S.length() * iterations;
        double[] gflops = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            sink += chains(iterations);
            gflops[r] = flopsPerRun / (System.nanoTime() - t);
        }
        Arrays.sort(gflops);
        double peak = gflops[runs - 1];
        System.out.printf(Locale.ROOT, "FMA peak, one thread, %d-bit vectors, %d chains: max %.1f GFLOP/s, median %.1f, min %.1f (%d runs; %s)%n",
                S.vectorBitSize(), CHAINS, peak, gflops[runs / 2], gflops[0], runs, sink > 0 ? "ok" : "?");

        LucentSide lucent = new LucentSide(new Workloads(42));
        int calls = 5;
        for (int i = 0; i < 2000; i++) sink += Parallel.withThreads(1, lucent::matmul)[0]; // compiled before timing
        double[] matmul = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t = System.nanoTime();
            for (int i = 0; i < calls; i++) sink += Parallel.withThreads(1, lucent::matmul)[0];
            matmul[r] = 2.0 * 64 * 784 * 256 * calls / (System.nanoTime() - t);
        }
        Arrays.sort(matmul);
        System.out.printf(Locale.ROOT, "Lucent matmul 64x784 by 784x256, one thread: max %.1f GFLOP/s = %.0f%% of the peak, median %.1f (%d runs of %d calls; %s)%n",
                matmul[runs - 1], 100 * matmul[runs - 1] / peak, matmul[runs / 2], runs, calls, sink != 0 ? "ok" : "?");
    }

    private FmaPeak() {
    }
}
