package org.coldarchiving.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.coldarchiving.fleet.RunRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per run, the databases archived, failed and skipped (already in the journal) by this process,
 * and adds each to the run's record, where the counts of every process of the run meet.
 */
public class RunTally {

    private static final Logger LOG = LoggerFactory.getLogger(RunTally.class);
    private final Map<String, Counts> runs = new ConcurrentHashMap<>();
    private RunRecords runRecords;

    public void setRunRecords(RunRecords runRecords) {
        this.runRecords = runRecords;
    }

    public void archived(String runId) {
        counts(runId).archived.incrementAndGet();
        addToRun(runId, "Archived");
    }

    public void failed(String runId) {
        counts(runId).failed.incrementAndGet();
        addToRun(runId, "Failed");
    }

    public void skipped(String runId) {
        counts(runId).skipped.incrementAndGet();
        addToRun(runId, "Skipped");
    }

    /**
     * The run's reporter, at its end: a database put on the work queue that no process counted archived, failed
     * or skipped (its work message was lost, or its count) is a failure of the run, counted here, so that the
     * summary never calls such a run SUCCEEDED.
     */
    public void unaccounted(String runId) {
        int missing = runRecords.unaccounted(runId);
        if (missing > 0) {
            LOG.error("Run {}: {} of the databases put on the work queue were neither archived, failed nor skipped: "
                    + "counted as failed (see the journal's rows of the run)", runId, missing);
            for (int i = 0; i < missing; i++) {
                failed(runId);
            }
        }
    }

    /** Best-effort: a count the run record misses costs the summary a number, never an archive. */
    private void addToRun(String runId, String counter) {
        if (runRecords == null) {
            return;
        }
        try {
            runRecords.count(runId, counter);
        } catch (RuntimeException e) {
            LOG.warn("Run {}: {} could not be counted in the run record: {}", runId, counter, e.getMessage());
        }
    }

    /** This process's totals of the run; the run is forgotten afterwards. */
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
