package org.coldarchiving.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.coldarchiving.recovery.ArchiveRecovery;
import org.coldarchiving.report.Failure;
import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.store.ArchiveKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The RUNNING journal item as a lease: its {@code Owner} (the process archiving it, written by
 * {@code Journal.begin}) renews {@code HeartbeatAt} every archive.heartbeat-seconds while the archive runs.
 * A process that receives the database again finds the item RUNNING: with a fresh heartbeat another
 * process is on it (the message goes back to the queue); with a heartbeat older than
 * archive.takeover-after-seconds its owner died, and the item is taken over: the dead owner's partial
 * upload is aborted and the item removed, by a write conditional on the very heartbeat it read, so that
 * of two processes taking over only one wins, and an owner that was alive after all keeps its archive.
 * A failed attempt that will be tried again gives its item up the same way ({@link #release}).
 */
public class ArchiveLeases {

    /**
     * What {@link #takeOver} found: FREE (no RUNNING item, or a stopped owner's taken over), DONE (the item is
     * in a final state for the run: ARCHIVED, FAILED or EXPIRED), or BUSY, a live owner's, with how long until
     * its heartbeat is archive.takeover-after-seconds old ({@code waitMillis}: put the message back for that
     * long, not less, so that waiting for a live owner costs one receive per takeover time).
     */
    public record Lease(String state, long waitMillis) {
        public static final Lease FREE = new Lease("FREE", 0);
        public static final Lease DONE = new Lease("DONE", 0);

        static Lease busyFor(long waitMillis) {
            return new Lease("BUSY", Math.max(1000, waitMillis));
        }

        public boolean isBusy() {
            return "BUSY".equals(state);
        }

        public boolean isDone() {
            return "DONE".equals(state);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveLeases.class);
    private final DynamoDbClient ddb;
    private final ArchiveRecovery recovery;
    private final ArchiveKeys keys;
    private final Attempts attempts;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "archive-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ArchiveTarget> running = new ConcurrentHashMap<>();
    private Duration heartbeat = Duration.ofSeconds(30);
    private Duration takeoverAfter = Duration.ofSeconds(180);

    public ArchiveLeases(DynamoDbClient ddb, ArchiveRecovery recovery, ArchiveKeys keys, Attempts attempts) {
        this.ddb = ddb;
        this.recovery = recovery;
        this.keys = keys;
        this.attempts = attempts;
    }

    /** Set from archive.heartbeat-seconds. */
    public void setHeartbeatSeconds(long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("archive.heartbeat-seconds=" + seconds + " must be 1 or more");
        }
        this.heartbeat = Duration.ofSeconds(seconds);
    }

    /** Set from archive.takeover-after-seconds. */
    public void setTakeoverAfterSeconds(long seconds) {
        this.takeoverAfter = Duration.ofSeconds(seconds);
    }

    /** Checks the settings and starts the heartbeat. */
    public void start() {
        if (takeoverAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("archive.takeover-after-seconds=" + takeoverAfter.toSeconds()
                    + " must be at least three heartbeats (archive.heartbeat-seconds=" + heartbeat.toSeconds()
                    + "), or a live archive could be taken over");
        }
        heartbeats.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public void stop() {
        heartbeats.shutdownNow();
    }

    /**
     * Before an archive starts: FREE when the database has no item for the run (or a RUNNING one whose owner
     * died, now taken over: that counts as a failed attempt), DONE when its item is final, BUSY when a live
     * process is archiving it.
     */
    public Lease takeOver(ArchiveTarget target) {
        Map<String, AttributeValue> item;
        try {
            item = ddb.getItem(r -> r.tableName(table(target)).key(key(target)).consistentRead(true)).item();
        } catch (RuntimeException e) {
            // the journal cannot be read: journal-running writes it next and fails (and is reported) there
            LOG.warn("{}: the journal cannot be read ({}); the archive's first journal write decides",
                    target.databaseId(), e.getMessage());
            return Lease.FREE;
        }
        if (item == null || item.isEmpty()) {
            return Lease.FREE;
        }
        if (!"RUNNING".equals(text(item, "Status"))) {
            return Lease.DONE;
        }
        String beat = text(item, "HeartbeatAt") != null ? text(item, "HeartbeatAt") : text(item, "StartedAt");
        // an item of this process that none of its archives holds: left by an attempt that could not release it
        boolean leftByThisProcess = Worker.ID.equals(text(item, "Owner")) && running.values().stream()
                .noneMatch(t -> t.databaseId().equals(target.databaseId()) && t.runId().equals(target.runId()));
        Instant staleAt = Instant.parse(beat).plus(takeoverAfter);
        if (!leftByThisProcess && staleAt.isAfter(Instant.now())) {
            // a second more than the remaining time: the next receive finds the heartbeat stale (or renewed)
            long wait = Duration.between(Instant.now(), staleAt).toMillis() + 1000;
            LOG.info("{} of run {} is being archived by {} (heartbeat {}): leaving it to that process, back in {} s",
                    target.databaseId(), target.runId(), text(item, "Owner"), beat, (wait + 999) / 1000);
            return Lease.busyFor(wait);
        }
        recovery.abortUploads(text(item, "Bucket"), keys.runPrefix(text(item, "Engine"), text(item, "InstanceId"),
                text(item, "Database"), target.runId()));
        if (remove(target, "#status = :running AND " + (text(item, "HeartbeatAt") != null
                ? "HeartbeatAt = :beat" : "StartedAt = :beat"), beat)) {
            LOG.warn("Took over {} of run {}: its archiver {} stopped (last heartbeat {}); its partial upload was "
                    + "aborted and the archive starts again", target.databaseId(), target.runId(),
                    text(item, "Owner"), beat);
            // the stopped owner's attempt failed
            attempts.failed(table(target), target.runId(), target.databaseId());
            return Lease.FREE;
        }
        // another process took it over first: it archives it now, renewing the heartbeat
        return Lease.busyFor(takeoverAfter.toMillis());
    }

    /** While the exchange archives the target, its item's heartbeat is renewed; stops when the exchange ends. */
    public void watch(Exchange exchange, ArchiveTarget target) {
        String id = exchange.getExchangeId();
        running.put(id, target);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                running.remove(id);
            }
        });
    }

    /**
     * A failed attempt that will be tried again: counted ({@link Attempts}), and its RUNNING item (this
     * process's) is removed, so the next attempt can journal RUNNING again. Nothing is removed when the failure
     * came before the item existed. Best-effort: the error handler that calls it must go on.
     */
    public void release(Failure failure) {
        attempts.failed(failure.journalTable(), failure.runId(), failure.databaseId());
        try {
            ddb.deleteItem(r -> r.tableName(failure.journalTable()).key(Map.of(
                    "DatabaseId", AttributeValue.fromS(failure.databaseId()),
                    "RunId", AttributeValue.fromS(failure.runId())))
                    .conditionExpression("#status = :running AND #owner = :me")
                    .expressionAttributeNames(Map.of("#status", "Status", "#owner", "Owner"))
                    .expressionAttributeValues(Map.of(":running", AttributeValue.fromS("RUNNING"),
                            ":me", AttributeValue.fromS(Worker.ID))));
        } catch (ConditionalCheckFailedException e) {
            LOG.debug("{} had no RUNNING item of this process to release", failure.databaseId());
        } catch (RuntimeException e) {
            // the journal is unreachable: the next attempt finds the item RUNNING and takes it over once
            // its heartbeat is archive.takeover-after-seconds old
            LOG.warn("{}: its RUNNING item could not be released ({}); the next attempt takes it over",
                    failure.databaseId(), e.getMessage());
        }
    }

    private void beat() {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        for (ArchiveTarget target : running.values()) {
            try {
                ddb.updateItem(r -> r.tableName(table(target)).key(key(target))
                        .updateExpression("SET HeartbeatAt = :now")
                        .conditionExpression("#status = :running AND #owner = :me")
                        .expressionAttributeNames(Map.of("#status", "Status", "#owner", "Owner"))
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now),
                                ":running", AttributeValue.fromS("RUNNING"), ":me", AttributeValue.fromS(Worker.ID))));
            } catch (ConditionalCheckFailedException e) {
                // not RUNNING (yet, or any more) under this owner: nothing to renew
                LOG.debug("No RUNNING item of this process for {}", target.databaseId());
            } catch (RuntimeException e) {
                LOG.warn("Heartbeat of {} failed (tried again in {} s): {}", target.databaseId(),
                        heartbeat.toSeconds(), e.getMessage());
            }
        }
    }

    private boolean remove(ArchiveTarget target, String condition, String beat) {
        try {
            ddb.deleteItem(r -> r.tableName(table(target)).key(key(target)).conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#status", "Status"))
                    .expressionAttributeValues(Map.of(":running", AttributeValue.fromS("RUNNING"),
                            ":beat", AttributeValue.fromS(beat))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static String table(ArchiveTarget target) {
        return target.instance().journalTable();
    }

    private static Map<String, AttributeValue> key(ArchiveTarget target) {
        return Map.of("DatabaseId", AttributeValue.fromS(target.databaseId()),
                "RunId", AttributeValue.fromS(target.runId()));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
