package dev.lucent.audit.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/** Test data in the formats people keep images in, cut from Debian's Fashion-MNIST files by plain byte copying. */
final class ImageFiles {
    static final Path FASHION = Path.of(System.getProperty("lucent.fashion", "/usr/share/datasets/fashion-mnist"));

    private ImageFiles() {
    }

    static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }

    static void gzip(Path p, byte[] b) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(b);
        }
    }

    /** The first {@code n} images and labels of Fashion-MNIST's training files, as IDX (gzip) files in {@code dir}. */
    static Path[] fashionSubset(Path dir, int n) throws IOException {
        byte[] images = gunzip(FASHION.resolve("train-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(FASHION.resolve("train-labels-idx1-ubyte.gz"));
        byte[] img = new byte[16 + n * 784];
        System.arraycopy(images, 0, img, 0, 16 + n * 784);
        putInt(img, 4, n);
        byte[] lab = new byte[8 + n];
        System.arraycopy(labels, 0, lab, 0, 8 + n);
        putInt(lab, 4, n);
        Path i = dir.resolve("images-idx3-ubyte.gz"), l = dir.resolve("labels-idx1-ubyte.gz");
        gzip(i, img);
        gzip(l, lab);
        return new Path[]{i, l};
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /**
     * A folder of PNG files per class from the first Fashion-MNIST images of the given classes, {@code perClass} each;
     * colour draws them tinted (RGB), else grey.
     */
    static Path fashionFolder(Path dir, int[] classes, String[] names, int perClass, boolean colour) throws IOException {
        byte[] images = gunzip(FASHION.resolve("train-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(FASHION.resolve("train-labels-idx1-ubyte.gz"));
        int[] count = new int[classes.length];
        for (int k = 0; k < classes.length; k++) Files.createDirectories(dir.resolve(names[k]));
        for (int i = 0; i < 60_000; i++) {
            int y = labels[8 + i] & 0xff;
            for (int k = 0; k < classes.length; k++) {
                if (classes[k] != y || count[k] >= perClass) continue;
                BufferedImage im = new BufferedImage(28, 28, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
                for (int r = 0; r < 28; r++)
                    for (int c = 0; c < 28; c++) {
                        int v = images[16 + i * 784 + r * 28 + c] & 0xff;
                        im.setRGB(c, r, colour ? (v << 16) | ((v / 2) << 8) | (255 - v) : (v << 16) | (v << 8) | v);
                    }
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(im, "png", png);
                Files.write(dir.resolve(names[k]).resolve(String.format("%05d.png", i)), png.toByteArray());
                count[k]++;
            }
        }
        return dir;
    }
}
