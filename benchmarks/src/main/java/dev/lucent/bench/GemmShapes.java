package dev.lucent.bench;

import dev.lucent.network.kernel.MatMul;
import dev.lucent.network.kernel.Parallel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The engine's matrix product (C += A B, A [m,k], B [k,n]) on one thread for the shapes given as {@code m,n,k}
 * arguments (default: the engine benchmark's 64x784 by 784x256 and three convolution shapes of ResNet-50), timed by
 * the thread's CPU time, not the wall clock: on a machine shared with other builds a run the scheduler interrupts
 * is not charged for the time it waited. Prints the fastest and the median of the runs in GFLOP/s, to set beside
 * {@link FmaPeak}'s peak. A fourth field {@code nt} or {@code tn} times the transposed products as the backward pass
 * calls them: {@code nt} is C += A B^T with B stored [n,k] (the input gradient G W^T), {@code tn} C += A^T B with A
 * stored [k,m] (the weight gradient X^T G). For comparing two kernels, alternate runs with each first on the class path:
 * <pre>taskset -c 0 java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.lucent.bench.GemmShapes "64,256,784;256,784,256,nt" [runs]</pre>
 */
public final class GemmShapes {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        String[] shapes = args.length > 0 ? args[0].split(";") : new String[]{"64,256,784", "64,3136,576", "128,784,1152", "256,196,2304"};
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 101;
        for (String shape : shapes) {
            String[] f = shape.split(",");
            int m = Integer.parseInt(f[0].trim()), n = Integer.parseInt(f[1].trim()), k = Integer.parseInt(f[2].trim());
            String op = f.length > 3 ? f[3].trim().toLowerCase(Locale.ROOT) : "nn";
            if (!op.equals("nn") && !op.equals("nt") && !op.equals("tn"))
                throw new IllegalArgumentException("shape " + shape + ": the fourth field is nn, nt or tn, not " + op);
            boolean transA = op.equals("tn"), transB = op.equals("nt");
            SplittableRandom r = new SplittableRandom(1);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble();
            for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble();
            double flops = 2.0 * m * n * k;
            int calls = Math.max(1, (int) (2e8 / flops));
            Runnable gemm = () -> Parallel.withThreads(1, () -> {
                MatMul.gemm(transA, transB, m, n, k, a, 0, b, 0, c, 0);
                return null;
            });
            for (int w = Math.min(3000, (int) (3e9 / flops)) + 20; w > 0; w--) gemm.run(); // compiled by C2 before timing
            double[] g = new double[runs];
            for (int q = 0; q < runs; q++) {
                long t = CPU.getCurrentThreadCpuTime();
                for (int i = 0; i < calls; i++) gemm.run();
                g[q] = flops * calls / (CPU.getCurrentThreadCpuTime() - t);
            }
            Arrays.sort(g);
            System.out.printf(Locale.ROOT, "%dx%d by %dx%d %s, one thread: fastest %.1f GFLOP/s, median %.1f (%d runs of %d calls, thread CPU time)%n",
                    m, k, k, n, op, g[runs - 1], g[runs / 2], runs, calls);
        }
    }

    private GemmShapes() {
    }
}
