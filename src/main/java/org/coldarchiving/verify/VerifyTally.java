package org.coldarchiving.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.coldarchiving.journal.JournaledArchive;
import org.coldarchiving.restore.Retrieval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Per verify run: what passed, what failed and why, what was skipped and why; the summary at its end. */
public class VerifyTally {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyTally.class);
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public void passed(String runId, JournaledArchive archive) {
        LOG.info("Verified {}: PASSED", archive.describe());
        run(runId).passed.add(archive.describe());
    }

    public void failed(String runId, JournaledArchive archive, String reason) {
        run(runId).failed.add(archive.describe() + ": " + reason);
    }

    public void skipped(String runId, JournaledArchive archive, String reason) {
        LOG.info("Verify skips {}: {}", archive.describe(), reason);
        run(runId).skipped.add(archive.describe() + ": " + reason);
    }

    /** A GLACIER/DEEP_ARCHIVE archive whose retrieval was requested (or is in progress): a later run tests it. */
    public void waiting(String runId, Retrieval retrieval) {
        skipped(runId, retrieval.archive(), "waiting for its retrieval (" + retrieval + ")");
    }

    /** The run's totals; the run is forgotten afterwards. */
    public VerifySummary close(String runId) {
        Run r = runs.remove(runId);
        if (r == null) {
            r = new Run();
        }
        return new VerifySummary(runId, List.copyOf(r.passed), List.copyOf(r.failed), List.copyOf(r.skipped));
    }

    private Run run(String runId) {
        return runs.computeIfAbsent(runId, id -> new Run());
    }

    private static final class Run {
        final List<String> passed = Collections.synchronizedList(new ArrayList<>());
        final List<String> failed = Collections.synchronizedList(new ArrayList<>());
        final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    }
}
