package dev.lucent.host.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared breast cancer CSV with its features named (mean radius, ..., worst fractal dimension) and an MLP trained on
 * it by {@code lucent train} (30 epochs, seed 7): the tabular model the counterfactual and tabular attack ITs audit.
 *
 * @param csv   the named CSV
 * @param data  the host's data folder used for training
 * @param model the model folder ({@code model.lucent} inside)
 */
record BreastCancerMlp(Path csv, Path data, Path model) {

    static BreastCancerMlp trainIn(Path dir, Duration limit) throws Exception {
        Path shared = Path.of(System.getProperty("lucent.datasets", "/work/shared/datasets"), "breast_cancer.csv");
        List<String> lines = Files.readAllLines(shared);
        String[] stat = {"mean", "error", "worst"};
        String[] what = {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points", "symmetry", "fractal dimension"};
        List<String> names = new ArrayList<>();
        for (String s : stat) for (String w : what) names.add(s + " " + w);
        List<String> out = new ArrayList<>(List.of(String.join(",", names) + ",diagnosis"));
        out.addAll(lines.subList(1, lines.size()));
        Path csv = dir.resolve("bc.csv");
        Files.write(csv, out);
        Path data = dir.resolve("data");
        LucentProcess.Result r = LucentProcess.run(dir, limit, "--data", data.toString(), "train", "--data", csv.toString(),
                "--label", "diagnosis", "--out", dir.resolve("model").toString(), "--epochs", "30", "--seed", "7");
        assertEquals(0, r.exitCode(), r.err());
        return new BreastCancerMlp(csv, data, dir.resolve("model"));
    }
}
