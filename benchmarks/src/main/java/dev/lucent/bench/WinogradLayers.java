package dev.lucent.bench;

import dev.lucent.network.kernel.ConvKernels;
import dev.lucent.network.kernel.Parallel;
import dev.lucent.network.kernel.Winograd;
import dev.lucent.network.kernel.Windows;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * 3x3 stride-1 convolution layers of real models, im2col + GEMM against Winograd's F(2x2, 3x3), forward and input
 * gradient, in the same process and the same rounds (the first side rotating each round). The im2col side is the
 * engine's own {@link ConvKernels} with Winograd switched off ({@link Winograd#without}); the Winograd side calls the
 * kernel directly (filter transform included), so shapes the dispatch rule leaves on im2col are measured too. One
 * thread: the thread's CPU time (a run the scheduler interrupts is not charged for the wait); two threads: wall time.
 * Prints medians per side and the median of the per-round ratios im2col / Winograd (above 1: Winograd faster).
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.lucent.bench.WinogradLayers ROUNDS THREADS [SET]</pre>
 * SET: resnet (default; ResNet-18 and ResNet-50's 3x3 layers are the same four shapes), vgg, densenet, googlenet, squeezenet,
 * cnn (the small native CNN at batch 64), or all.
 */
public final class WinogradLayers {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** name, n, c, o, h (= w), padding. */
    private record Layer(String name, int n, int c, int o, int h, int pad) {
    }

    private static List<Layer> layers(String set) {
        List<Layer> l = new ArrayList<>();
        boolean all = set.equals("all");
        if (all || set.equals("resnet")) {
            l.add(new Layer("resnet 64@56", 1, 64, 64, 56, 1));
            l.add(new Layer("resnet 128@28", 1, 128, 128, 28, 1));
            l.add(new Layer("resnet 256@14", 1, 256, 256, 14, 1));
            l.add(new Layer("resnet 512@7", 1, 512, 512, 7, 1));
        }
        if (all || set.equals("vgg")) {
            l.add(new Layer("vgg 3->64@224", 1, 3, 64, 224, 1));
            l.add(new Layer("vgg 64@224", 1, 64, 64, 224, 1));
            l.add(new Layer("vgg 128@112", 1, 128, 128, 112, 1));
            l.add(new Layer("vgg 256@56", 1, 256, 256, 56, 1));
            l.add(new Layer("vgg 512@28", 1, 512, 512, 28, 1));
            l.add(new Layer("vgg 512@14", 1, 512, 512, 14, 1));
        }
        if (all || set.equals("densenet")) {
            for (int h : new int[]{56, 28, 14, 7}) l.add(new Layer("densenet 128->32@" + h, 1, 128, 32, h, 1));
        }
        if (all || set.equals("googlenet")) {
            l.add(new Layer("googlenet 64->192@56", 1, 64, 192, 56, 1));
            l.add(new Layer("googlenet 96->128@28", 1, 96, 128, 28, 1));
            l.add(new Layer("googlenet 16->32@28", 1, 16, 32, 28, 1));
            l.add(new Layer("googlenet 112->224@14", 1, 112, 224, 14, 1));
            l.add(new Layer("googlenet 24->64@14", 1, 24, 64, 14, 1));
            l.add(new Layer("googlenet 160->320@7", 1, 160, 320, 7, 1));
            l.add(new Layer("googlenet 32->128@7", 1, 32, 128, 7, 1));
        }
        if (all || set.equals("squeezenet")) {
            l.add(new Layer("squeezenet 32->128@27", 1, 32, 128, 27, 1));
            l.add(new Layer("squeezenet 16->64@55", 1, 16, 64, 55, 1));
        }
        if (all || set.equals("cnn")) {
            l.add(new Layer("cnn 1->16@28 b64", 64, 1, 16, 28, 0));
            l.add(new Layer("cnn 16->32@13 b64", 64, 16, 32, 13, 0));
            l.add(new Layer("cnn 16->32@13 b1", 1, 16, 32, 13, 0));
        }
        return l;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        String set = args.length > 2 ? args[2] : "resnet";
        System.out.printf(Locale.ROOT, "# %d rounds, %d thread(s), %s; times per call in ms (medians), ratio = median of per-round im2col/winograd%n",
                rounds, threads, threads == 1 ? "thread CPU time" : "wall time");
        for (Layer L : layers(set)) Parallel.withThreads(threads, () -> {
            run(L, rounds, threads);
            return null;
        });
    }

    private static void run(Layer L, int rounds, int threads) {
        int n = L.n, c = L.c, o = L.o, h = L.h, pad = L.pad;
        int[] one = {1, 1}, p = {pad, pad};
        Windows win = new Windows(new int[]{h, h}, new int[]{3, 3}, one, p, p, one, false);
        int oh = win.outSpatial[0], ow = win.outSpatial[1], s = h * h, q = oh * ow;
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n * c * s], w = new float[o * c * 9], b = new float[o], g = new float[n * o * q];
        for (float[] a : new float[][]{x, w, b, g}) for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        float[] y = new float[n * o * q], dx = new float[n * c * s];
        Runnable[] sides = {
                () -> Winograd.without(() -> {
                    ConvKernels.forward(x, w, b, n, c, o, 1, win, y);
                    return null;
                }),
                () -> {
                    float[] u = Winograd.filters(w, o, c, 1, false);
                    for (int bi = 0; bi < n; bi++)
                        Winograd.add(x, bi * c * s, c, h, h, u, 0, o, oh, ow, pad, pad, y, bi * o * q, true);
                },
                () -> Winograd.without(() -> {
                    ConvKernels.backwardData(g, w, n, c, o, 1, win, dx);
                    return null;
                }),
                () -> {
                    float[] u = Winograd.filters(w, o, c, 1, true);
                    for (int bi = 0; bi < n; bi++)
                        Winograd.add(g, bi * o * q, o, oh, ow, u, 0, c, h, h, 2 - pad, 2 - pad, dx, bi * c * s, true);
                }};
        double macs = (double) n * o * c * 9 * q;
        int calls = (int) Math.max(1, Math.min(200, 4e7 / macs));
        // compiled by C2 before timing: each side for about 2 s (30 calls were too few for the first layer of a run)
        for (Runnable side : sides)
            for (long end = System.nanoTime() + 2_000_000_000L, i = 0; i < 30 || i < 2000 && System.nanoTime() < end; i++) side.run();
        double[][] t = new double[4][rounds];
        for (int round = 0; round < rounds; round++)
            for (int k = 0; k < 4; k++) {
                int side = (k + round) % 4;
                long t0 = threads == 1 ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
                for (int i = 0; i < calls; i++) sides[side].run();
                long t1 = threads == 1 ? CPU.getCurrentThreadCpuTime() : System.nanoTime();
                t[side][round] = (t1 - t0) / 1e6 / calls;
            }
        System.out.printf(Locale.ROOT, "%-24s forward im2col %8.3f winograd %8.3f ratio %.2f | input grad im2col %8.3f winograd %8.3f ratio %.2f%n",
                L.name, PairedRuns.median(t[0]), PairedRuns.median(t[1]), PairedRuns.ratio(t, 0, 1)[0],
                PairedRuns.median(t[2]), PairedRuns.median(t[3]), PairedRuns.ratio(t, 2, 3)[0]);
    }
}
