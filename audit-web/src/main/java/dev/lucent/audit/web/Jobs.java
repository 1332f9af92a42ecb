package dev.lucent.audit.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The console's background work: at most {@value #WORKERS} jobs run at once (the machine is small), a few
 * more wait, the rest are refused. Jobs never run on the HTTP threads.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Jobs.class)
public final class Jobs {

    static final int WORKERS = 2;
    static final int QUEUE = 8;
    static final int KEPT = 200;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService pool;

    @Activate
    public Jobs() {
        pool = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "lucent-console-job");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code work} in the background; it reports through the job it is given. */
    public Job submit(String kind, String title, String owner, Consumer<Job> work) {
        Job job = new Job(UUID.randomUUID().toString(), kind, title, owner);
        trim();
        jobs.put(job.id(), job);
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
                }
            });
        } catch (RejectedExecutionException e) {
            jobs.remove(job.id());
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

    @Deactivate
    void stop() {
        jobs.values().forEach(Job::cancel);
        pool.shutdownNow();
    }
}
