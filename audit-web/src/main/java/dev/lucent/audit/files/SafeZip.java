package dev.lucent.audit.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads a zip someone uploaded (a plugin jar, a zipped data set) from its bytes in memory, entry by entry, refusing
 * what could escape the folder it is unpacked in (zip-slip: {@code ..}, absolute paths, drive letters, backslashes,
 * control characters), zip bombs (sizes and ratios counted while inflating, never taken from headers), too many
 * entries, duplicate entries and names that differ only in letter case. The one place these rules live.
 */
public final class SafeZip {

    /** How much a zip may unpack to: in all, per entry, entries, and inflation ratio past a floor. */
    public record Limits(long maxTotalBytes, long maxEntryBytes, int maxEntries, double maxRatio, long ratioFloorBytes) {
    }

    /** One entry as read: its name, whether it is a folder, its time and its inflated bytes. */
    public record Item(String name, boolean directory, long time, byte[] content) {
    }

    /** The zip was refused; the message says why in one line. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }

        public Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A caller's own rule on an entry's name, given the entries read before it. */
    public interface EntryRule {
        void check(String name, List<Item> before) throws Refused;
    }

    private SafeZip() {
    }

    /**
     * Reads every entry, counting real inflated bytes, and checks names and duplicates on the way.
     *
     * @param what the zip in words for messages ("jar", "zip")
     */
    public static List<Item> read(byte[] zipBytes, Limits limits, String what, EntryRule rule) throws Refused {
        CountingInputStream raw = new CountingInputStream(new ByteArrayInputStream(zipBytes));
        List<Item> items = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> folded = new HashSet<>();
        long total = 0;
        byte[] buffer = new byte[8192];
        try (ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                checkName(name);
                if (!names.add(name))
                    throw new Refused("entry '" + printable(name) + "' appears twice: a later copy could replace what was checked");
                if (!folded.add(name.toLowerCase(Locale.ROOT)))
                    throw new Refused("entries differ only in letter case ('" + printable(name)
                            + "'): they would overwrite each other on some systems");
                rule.check(name, items);
                if (items.size() >= limits.maxEntries()) throw new Refused("more than " + limits.maxEntries() + " entries");
                long startConsumed = raw.count();
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                long size = 0;
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    size += n;
                    total += n;
                    if (size > limits.maxEntryBytes())
                        throw bomb("entry '" + printable(name) + "' inflates to more than " + limits.maxEntryBytes() + " bytes");
                    if (total > limits.maxTotalBytes())
                        throw bomb("the entries inflate to more than " + limits.maxTotalBytes() + " bytes in all");
                    long consumed = raw.count() - startConsumed + 1;
                    if (size > limits.ratioFloorBytes() && size > limits.maxRatio() * consumed)
                        throw bomb("entry '" + printable(name) + "' inflates more than " + (long) limits.maxRatio() + " times its compressed size");
                    if (total > limits.ratioFloorBytes() && total > limits.maxRatio() * (raw.count() + 1))
                        throw bomb("the " + what + " inflates more than " + (long) limits.maxRatio() + " times its size");
                    content.write(buffer, 0, n);
                }
                items.add(new Item(name, e.isDirectory(), e.getTime(), content.toByteArray()));
            }
        } catch (ZipException e) {
            throw new Refused("not a readable " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new Refused("not a readable " + what + ": " + e, e);
        }
        if (items.isEmpty()) throw new Refused("not a " + what + ": no zip entries could be read");
        return items;
    }

    private static Refused bomb(String why) {
        return new Refused("looks like a zip bomb: " + why);
    }

    /** Refuses names that could land outside the folder they are unpacked in, on any system. */
    public static void checkName(String name) throws Refused {
        String shown = printable(name);
        if (name.isEmpty()) throw new Refused("an entry has an empty name");
        if (name.indexOf('\\') >= 0)
            throw new Refused("entry '" + shown + "' contains a backslash: on Windows it is a path separator (zip-slip)");
        if (name.startsWith("/")) throw new Refused("entry '" + shown + "' has an absolute path (zip-slip)");
        if (name.length() > 1 && name.charAt(1) == ':') throw new Refused("entry '" + shown + "' starts with a drive letter (zip-slip)");
        for (String segment : name.split("/", -1))
            if (segment.equals("..")) throw new Refused("entry '" + shown + "' climbs out of its folder with '..' (zip-slip)");
        for (int i = 0; i < name.length(); i++)
            if (Character.isISOControl(name.charAt(i))) throw new Refused("entry '" + shown + "' has a control character in its name");
    }

    /** A name from a zip, safe to show on one line. */
    public static String printable(String s) {
        if (s == null) return "(none)";
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }

    /** Counts the compressed bytes the inflater has actually consumed. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }
}
