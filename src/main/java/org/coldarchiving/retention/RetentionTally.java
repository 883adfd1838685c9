package org.coldarchiving.retention;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per retention run: the decisions (through {@link RetentionRules}), each database's newest archives
 * (read once per run), and the totals of the summary. Every decision and every deletion is logged.
 */
public class RetentionTally {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionTally.class);
    private final RetentionRules rules;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public RetentionTally(RetentionRules rules) {
        this.rules = rules;
    }

    /** The newest archives of the database, as read earlier in this run, or to be read now. */
    public NewestArchives newest(String runId, String databaseId) {
        return run(runId).newest.computeIfAbsent(databaseId, rules::newestOf);
    }

    /** One page of a database's runs, newest first, read for keep-last. */
    public RetentionDecision decide(String runId, RetentionCandidate archive, NewestArchives newest) {
        RetentionDecision decision = rules.decide(archive, newest, Instant.now());
        if (!decision.delete()) {
            LOG.info("Retention keeps {}: {}", archive.describe(), decision.reason());
            run(runId).kept.add(archive.describe() + ": " + decision.reason());
        } else if (decision.listOnly()) {
            LOG.info("Retention (dry run) would delete {}: {}", archive.describe(), decision.reason());
            run(runId).listed.add(archive.describe() + ": " + decision.reason());
        }
        return decision;
    }

    public void deleted(String runId, RetentionCandidate archive, String reason) {
        LOG.info("Retention deleted {} version {}: {}", archive.describe(), archive.versionId(), reason);
        Run run = run(runId);
        run.deleted.incrementAndGet();
        run.bytes.addAndGet(archive.sizeBytes());
        synchronized (run) {
            run.saved = run.saved.add(rules.monthlyCost(archive));
        }
    }

    public void alreadyGone(String runId, RetentionCandidate archive) {
        LOG.warn("Retention found {} already gone from S3: journaled EXPIRED with a note", archive.describe());
        run(runId).gone.incrementAndGet();
    }

    public void failed(String runId) {
        run(runId).failed.incrementAndGet();
    }

    /** The run's totals; the run is forgotten afterwards. */
    public RetentionSummary close(String runId) {
        Run r = runs.remove(runId);
        if (r == null) {
            r = new Run();
        }
        return new RetentionSummary(runId, rules.isDryRun(), r.deleted.get(), r.gone.get(), r.bytes.get(), r.saved,
                List.copyOf(r.kept), List.copyOf(r.listed), r.failed.get());
    }

    private Run run(String runId) {
        return runs.computeIfAbsent(runId, id -> new Run());
    }

    private static final class Run {
        final Map<String, NewestArchives> newest = new ConcurrentHashMap<>();
        final List<String> kept = Collections.synchronizedList(new ArrayList<>());
        final List<String> listed = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger deleted = new AtomicInteger();
        final AtomicInteger gone = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        BigDecimal saved = BigDecimal.ZERO;
    }
}
