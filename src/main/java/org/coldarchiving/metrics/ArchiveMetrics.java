package org.coldarchiving.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.message.MapMessage;
import org.coldarchiving.journal.Journal;
import org.coldarchiving.report.Failure;
import org.coldarchiving.retention.RetentionSummary;
import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.store.StoredArchive;

/**
 * What each archive and each run did, for the operator's dashboards and log queries: the archive meters
 * (served with Camel's own at {@code /observe/metrics}) and one structured log line per archive and per
 * run (fields, not prose: {@code key="value"} as text, separate fields as JSON). The routes call it once
 * per outcome.
 */
public class ArchiveMetrics implements CamelContextAware {

    /** The logger of the structured outcome lines, so they can be filtered or routed on their own. */
    static final Logger OUTCOMES = LogManager.getLogger("org.coldarchiving.outcome");
    private static final Logger LOG = LogManager.getLogger(ArchiveMetrics.class);

    /** Histogram buckets of the dump duration: from a small database to a day-long dump. */
    private static final Duration[] DURATION_BUCKETS = {Duration.ofSeconds(10), Duration.ofMinutes(1),
        Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6),
        Duration.ofHours(12), Duration.ofHours(24)};

    private CamelContext camelContext;
    private Journal journal;
    private String journalTable;
    private volatile MeterRegistry registry;
    /**
     * The last-archived times, per meter registry: their gauges belong to the registry, which may outlive
     * an instance of this bean (Camel can create a YAML bean more than once), so the times must too.
     */
    private static final Map<MeterRegistry, Map<String, AtomicLong>> LAST_ARCHIVED =
            Collections.synchronizedMap(new WeakHashMap<>());
    private boolean listening;
    private boolean seed;
    private boolean oneShot;

    /** One database archived: counters, sizes, duration, ratio, its last-archived time, and one line. */
    public void archived(ArchiveTarget target, StoredArchive stored) {
        String engine = target.instance().engine().id();
        Duration took = Duration.between(target.startedAt(), Instant.now());
        double ratio = stored.sizeBytes() == 0 ? 0 : (double) stored.dumpBytes() / stored.sizeBytes();
        MeterRegistry meters = registry();
        archives(meters, "archived", engine).increment();
        Counter.builder("cold_archiving_dump_bytes").baseUnit("bytes")
                .description("Bytes the dump tools wrote (before compression)").tag("engine", engine)
                .register(meters).increment(stored.dumpBytes());
        Counter.builder("cold_archiving_stored_bytes").baseUnit("bytes")
                .description("Bytes stored in S3 (after compression)").tag("engine", engine)
                .register(meters).increment(stored.sizeBytes());
        Timer.builder("cold_archiving_dump_duration")
                .description("Time from the start of a database's dump to its stored, verified object")
                .tag("engine", engine).serviceLevelObjectives(DURATION_BUCKETS).register(meters)
                .record(took);
        DistributionSummary.builder("cold_archiving_compression_ratio")
                .description("Dump bytes per stored byte").tag("engine", engine).register(meters).record(ratio);
        lastArchived(meters, target.databaseId()).set(Instant.now().getEpochSecond());
        OUTCOMES.info(new Outcome().with("event", "archive").with("database", target.databaseId())
                .with("run", target.runId()).with("status", "ARCHIVED").with("engine", engine)
                .with("bytesIn", stored.dumpBytes()).with("bytesOut", stored.sizeBytes())
                .with("ratio", Math.round(ratio * 100) / 100.0).with("seconds", took.toMillis() / 1000.0)
                .with("bucket", stored.bucket()).with("key", stored.key()));
    }

    /** One database (or instance) failed: the failure counter and one line (the error is already scrubbed). */
    public void failed(Failure failure) {
        String engine = failure.engine() == null ? "unknown" : failure.engine();
        archives(registry(), "failed", engine).increment();
        OUTCOMES.warn(new Outcome().with("event", "archive").with("database", failure.databaseId())
                .with("run", failure.runId()).with("status", "FAILED").with("engine", engine)
                .with("step", failure.step()).with("error", firstLine(failure.error())));
    }

    /** A run ended: one line with its totals, and the run counter. */
    public void run(RunSummary summary) {
        Counter.builder("cold_archiving_runs").description("Archive runs, by outcome")
                .tag("status", summary.succeeded() ? "succeeded" : "failed").register(registry()).increment();
        OUTCOMES.info(new Outcome().with("event", "run").with("run", summary.runId())
                .with("status", summary.succeeded() ? "SUCCEEDED" : "FAILED").with("archived", summary.archived())
                .with("failed", summary.failed()).with("skipped", summary.skipped()));
    }

    /** A retention run ended: its counters (archives deleted, bytes freed, kept, failed) and one line. */
    public void retention(RetentionSummary summary) {
        MeterRegistry meters = registry();
        Counter.builder("cold_archiving_retention_runs").description("Retention runs, by outcome")
                .tag("status", summary.succeeded() ? "succeeded" : "failed").register(meters).increment();
        if (!summary.dryRun()) {
            Counter.builder("cold_archiving_retention_deleted").description("Expired archives deleted by retention")
                    .register(meters).increment(summary.deleted());
            Counter.builder("cold_archiving_retention_freed_bytes").baseUnit("bytes")
                    .description("Stored bytes retention deleted (journal sizes)").register(meters)
                    .increment(summary.bytesFreed());
        }
        Counter.builder("cold_archiving_retention_kept")
                .description("Expired archives retention kept (lock, keep-last, minimum storage duration)")
                .register(meters).increment(summary.kept().size());
        Counter.builder("cold_archiving_retention_failed").description("Deletions that failed (each reported)")
                .register(meters).increment(summary.failed());
        OUTCOMES.info(new Outcome().with("event", "retention").with("run", summary.runId())
                .with("status", summary.succeeded() ? "SUCCEEDED" : "FAILED").with("dryRun", summary.dryRun())
                .with("deleted", summary.deleted()).with("alreadyGone", summary.alreadyGone())
                .with("bytesFreed", summary.bytesFreed()).with("kept", summary.kept().size())
                .with("failed", summary.failed()));
    }

    /**
     * The last-archived time of every database in the default journal table, read once the application
     * has started, so an alarm on "no archive of X for N days" survives a restart. Best effort: without
     * the journal the gauges start with the next archive.
     */
    void seedFromJournal() {
        if (!seed || oneShot || journal == null || journalTable == null || journalTable.isEmpty()) {
            return;
        }
        try {
            MeterRegistry meters = registry();
            journal.lastArchived(journalTable).forEach((databaseId, at) ->
                    lastArchived(meters, databaseId).accumulateAndGet(at.getEpochSecond(), Math::max));
        } catch (RuntimeException e) {
            LOG.warn("Could not read the last archives from journal {} (the metrics start empty): {}", journalTable,
                    e.getMessage());
        }
    }

    private static Counter archives(MeterRegistry meters, String status, String engine) {
        return Counter.builder("cold_archiving_archives").description("Database archives, by outcome and engine")
                .tag("status", status).tag("engine", engine).register(meters);
    }

    private static AtomicLong lastArchived(MeterRegistry meters, String databaseId) {
        return LAST_ARCHIVED.computeIfAbsent(meters, m -> new ConcurrentHashMap<>()).computeIfAbsent(databaseId, id -> {
            AtomicLong time = new AtomicLong();
            Gauge.builder("cold_archiving_last_archived_timestamp_seconds", time, AtomicLong::get)
                    .description("When the database's last archive was stored (epoch seconds)")
                    .tag("database", id).strongReference(true).register(meters);
            return time;
        });
    }

    /** Camel's meter registry (the Prometheus one when metrics are on), else a private one. */
    private MeterRegistry registry() {
        MeterRegistry found = registry;
        if (found == null) {
            synchronized (this) {
                if (registry == null) {
                    MeterRegistry camels = camelContext == null ? null
                            : camelContext.getRegistry().findSingleByType(MeterRegistry.class);
                    registry = camels != null ? camels : new SimpleMeterRegistry();
                }
                found = registry;
            }
        }
        return found;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    public void setJournal(Journal journal) {
        this.journal = journal;
    }

    public void setJournalTable(String journalTable) {
        this.journalTable = journalTable;
    }

    /** Whether to read the last archives from the journal at start-up (archive.metrics.seed-from-journal). */
    public void setSeed(boolean seed) {
        this.seed = seed;
    }

    /** One-shot mode never reads them: nobody scrapes a task that exits after its run. */
    public void setOneShot(boolean oneShot) {
        this.oneShot = oneShot;
    }

    /** A structured line: its fields keep their types (numbers stay numbers in JSON). */
    static final class Outcome extends MapMessage<Outcome, Object> {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (listening) {
            return;
        }
        listening = true;
        try {
            camelContext.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                    // the meter registry is ready once every service has started: see below
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                    seedFromJournal();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen to the start of Camel", e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
