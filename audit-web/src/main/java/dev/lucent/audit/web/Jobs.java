package dev.lucent.audit.web;

import dev.lucent.audit.web.security.UserStore;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The console's background work: at most {@value #WORKERS} jobs run at once (the machine is small), a few
 * more wait, the rest are refused. Jobs never run on the HTTP threads.
 * <p>
 * Each job leaves a small record in {@code <data>/console/jobs/} while it is queued or running, removed when it
 * ends. A record found at start belongs to work a host stop (a crash, kill -9, a power cut) interrupted: it is
 * shown as such with the other jobs (the last {@value #INTERRUPTED_KEPT}), and the half-written upload files
 * such work leaves are deleted (audit working folders of dead processes are swept by the host at start).
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Jobs.class)
public final class Jobs {

    static final int WORKERS = 2;
    static final int QUEUE = 8;
    static final int KEPT = 200;
    static final int INTERRUPTED_KEPT = 20;
    static final String RUNNING = ".job";
    static final String INTERRUPTED = ".interrupted";

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final Path records;

    @Activate
    public Jobs(BundleContext context) {
        this(UserStore.dataFolder(context), !"headless".equals(context.getProperty("lucent.mode")));
    }

    /** @param serving whether this is the serving host (which alone may clean what dead processes left) */
    Jobs(Path data, boolean serving) {
        this.records = data.resolve("console").resolve("jobs");
        pool = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "lucent-console-job");
            t.setDaemon(true);
            return t;
        });
        if (serving) {
            restoreInterrupted();
            deleteOlderThanThisProcess(data.resolve("uploads").resolve(".incoming"));
        }
    }

    /** Starts {@code work} in the background; it reports through the job it is given. */
    public Job submit(String kind, String title, String owner, Consumer<Job> work) {
        Job job = new Job(UUID.randomUUID().toString(), kind, title, owner);
        trim();
        jobs.put(job.id(), job);
        record(job);
        try {
            pool.execute(() -> {
                try {
                    if (job.cancelRequested()) {
                        job.finish(Job.State.CANCELLED, "cancelled before it started", null);
                        return;
                    }
                    job.running(0, "started");
                    work.accept(job);
                    if (!job.state().finished()) job.finish(Job.State.DONE, "done", null);
                } catch (RuntimeException | Error e) {
                    job.finish(job.cancelRequested() ? Job.State.CANCELLED : Job.State.FAILED,
                            job.cancelRequested() ? "cancelled" : "failed: " + e.getMessage(), null);
                } finally {
                    forget(job);
                }
            });
        } catch (RejectedExecutionException e) {
            jobs.remove(job.id());
            forget(job);
            throw new IllegalStateException("the console is busy with " + (WORKERS + QUEUE) + " jobs; try again when one has finished");
        }
        return job;
    }

    public Optional<Job> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(jobs.get(id));
    }

    /** The newest jobs first. */
    public List<Job> recent() {
        return jobs.values().stream().sorted(Comparator.comparing(Job::created).reversed()).toList();
    }

    private void trim() {
        if (jobs.size() < KEPT) return;
        jobs.values().stream().filter(j -> j.state() != Job.State.RUNNING && j.state() != Job.State.QUEUED)
                .sorted(Comparator.comparing(Job::created)).limit(jobs.size() - KEPT + 1L)
                .map(Job::id).toList().forEach(jobs::remove);
    }

    private void record(Job job) {
        Properties p = new Properties();
        p.setProperty("kind", job.kind());
        p.setProperty("title", job.title());
        p.setProperty("owner", job.owner());
        p.setProperty("created", job.created().toString());
        try {
            Files.createDirectories(records);
            Path tmp = Files.createTempFile(records, ".", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "a console job in progress; left behind only when the host stopped during it");
            }
            Files.move(tmp, records.resolve(job.id() + RUNNING), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the job runs all the same; only a crash during it would go unreported
            System.err.println("lucent: cannot record job " + job.id() + " in " + records + ": " + e.getMessage());
        }
    }

    private void forget(Job job) {
        try {
            Files.deleteIfExists(records.resolve(job.id() + RUNNING));
        } catch (IOException e) {
            System.err.println("lucent: cannot remove the record of job " + job.id() + ": " + e.getMessage());
        }
    }

    /** Records left by a previous host become interrupted jobs; the oldest beyond the kept number are dropped. */
    private void restoreInterrupted() {
        if (!Files.isDirectory(records)) return;
        try (Stream<Path> s = Files.list(records)) {
            for (Path f : s.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(RUNNING)) {
                    Path moved = f.resolveSibling(name.substring(0, name.length() - RUNNING.length()) + INTERRUPTED);
                    Files.move(f, moved, StandardCopyOption.REPLACE_EXISTING);
                    System.err.println("lucent: job " + moved.getFileName() + " was interrupted by a host stop");
                } else if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            System.err.println("lucent: cannot read the job records in " + records + ": " + e.getMessage());
            return;
        }
        try (Stream<Path> s = Files.list(records)) {
            List<Job> found = s.filter(f -> f.getFileName().toString().endsWith(INTERRUPTED)).map(this::interrupted)
                    .flatMap(Optional::stream).sorted(Comparator.comparing(Job::created).reversed()).toList();
            for (int i = 0; i < found.size(); i++) {
                if (i < INTERRUPTED_KEPT) jobs.put(found.get(i).id(), found.get(i));
                else Files.deleteIfExists(records.resolve(found.get(i).id() + INTERRUPTED));
            }
        } catch (IOException e) {
            System.err.println("lucent: cannot read the job records in " + records + ": " + e.getMessage());
        }
    }

    private Optional<Job> interrupted(Path f) {
        String name = f.getFileName().toString();
        String id = name.substring(0, name.length() - INTERRUPTED.length());
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
            Job job = new Job(id, p.getProperty("kind", "job"), p.getProperty("title", "(untitled)"),
                    p.getProperty("owner", ""), Instant.parse(p.getProperty("created", Instant.EPOCH.toString())));
            job.finish(Job.State.INTERRUPTED, "interrupted by a host stop: nothing of it was kept; start it again", null);
            return Optional.of(job);
        } catch (IOException | RuntimeException e) {
            System.err.println("lucent: unreadable job record " + f + " (" + e.getMessage() + "), removed");
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // it is tried again at the next start
            }
            return Optional.empty();
        }
    }

    /** Upload and training files half-written by a process that is gone: nothing but this host writes here now. */
    private static void deleteOlderThanThisProcess(Path incoming) {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        if (!Files.isDirectory(incoming)) return;
        try (Stream<Path> s = Files.list(incoming)) {
            for (Path f : s.toList())
                if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toInstant().isBefore(started)) Files.deleteIfExists(f);
        } catch (IOException e) {
            System.err.println("lucent: cannot clear " + incoming + ": " + e.getMessage());
        }
    }

    @Deactivate
    void stop() {
        jobs.values().forEach(Job::cancel);
        pool.shutdownNow();
    }
}
