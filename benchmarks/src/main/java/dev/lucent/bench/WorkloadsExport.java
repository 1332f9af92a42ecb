package dev.lucent.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@link Workloads}' weights and data for {@code benchmarks/torch_peer.py}, so the Python peer runs on the very
 * same numbers, with Lucent's losses for it to check against: raw little-endian float32 (int32 for labels) files,
 * one an array, in Lucent's layouts ({@code w1} is {@code [784, 256]}), and {@code lucent-losses.txt}.
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.lucent.bench.WorkloadsExport DIR</pre>
 */
public final class WorkloadsExport {

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: WorkloadsExport DIR (the folder to write the arrays to)");
        write(Path.of(args[0]));
        System.out.println("wrote the workloads and Lucent's losses to " + args[0]);
    }

    /** Writes the arrays and Lucent's losses into {@code folder}. */
    static void write(Path folder) throws IOException {
        Path dir = Files.createDirectories(folder);
        Workloads d = new Workloads(42);
        floats(dir, "w1", d.w1); floats(dir, "b1", d.b1); floats(dir, "w2", d.w2); floats(dir, "b2", d.b2);
        floats(dir, "w3", d.w3); floats(dir, "b3", d.b3);
        floats(dir, "conv1", d.conv1); floats(dir, "conv1b", d.conv1b); floats(dir, "conv2", d.conv2); floats(dir, "conv2b", d.conv2b);
        floats(dir, "fc", d.fc); floats(dir, "fcb", d.fcb);
        floats(dir, "x256", d.x256); floats(dir, "matA", d.matA); floats(dir, "matB", d.matB);
        ByteBuffer labels = ByteBuffer.allocate(4 * d.labels256.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : d.labels256) labels.putInt(v);
        Files.write(dir.resolve("labels256.i32"), labels.array());

        // Lucent's side of the check: the MLP's loss over five SGD steps, the CNN's first loss, batch 64
        LucentSide lucent = new LucentSide(d);
        LucentSide.Batch b = lucent.batch(64);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) s.append(String.format(Locale.ROOT, "mlp_step%d %.7f%n", i + 1, lucent.mlpTrainStep(b)));
        s.append(String.format(Locale.ROOT, "cnn_step1 %.7f%n", lucent.cnnTrainStep(b)));
        floats(dir, "lucent_inference64", new LucentSide(d).inference(b));
        Files.writeString(dir.resolve("lucent-losses.txt"), s.toString());
    }

    private static void floats(Path dir, String name, float[] v) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) buf.putFloat(f);
        Files.write(dir.resolve(name + ".f32"), buf.array());
    }

    private WorkloadsExport() {
    }
}
