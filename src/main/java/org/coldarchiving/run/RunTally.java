package org.coldarchiving.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts, per run, the databases archived, failed and skipped (already in the journal). */
public class RunTally {

    private final Map<String, Counts> runs = new ConcurrentHashMap<>();

    public void archived(String runId) {
        counts(runId).archived.incrementAndGet();
    }

    public void failed(String runId) {
        counts(runId).failed.incrementAndGet();
    }

    public void skipped(String runId) {
        counts(runId).skipped.incrementAndGet();
    }

    /** The run's totals; the run is forgotten afterwards. */
    public RunSummary close(String runId) {
        Counts c = runs.remove(runId);
        return c == null ? new RunSummary(runId, 0, 0, 0)
                : new RunSummary(runId, c.archived.get(), c.failed.get(), c.skipped.get());
    }

    private Counts counts(String runId) {
        return runs.computeIfAbsent(runId, id -> new Counts());
    }

    private static final class Counts {
        final AtomicInteger archived = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
    }
}
