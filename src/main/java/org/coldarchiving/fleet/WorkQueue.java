package org.coldarchiving.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.support.SynchronizationAdapter;
import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.DatabaseToArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The work queue the databases of a run go through: SQS (a FIFO queue, archive.work-queue-url) shared by
 * every process, or the in-process seda queue {@value #LOCAL} when no URL is set. Builds the work
 * messages and their FIFO message group, decides whether a failed attempt gets another one (the attempts
 * are counted by {@link Attempts}), puts a message back for later (a retry with backoff, a database another
 * archive of its instance holds, or one a live process archives), and tells when a run has nothing left:
 * nothing queued, nothing in flight, nothing waiting for a retry, and every database it put on the queue
 * archived, failed or skipped.
 */
public class WorkQueue implements CamelContextAware {

    public static final String LOCAL = "seda:archive-work";
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "work-queue-later");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private CamelContext camelContext;
    private ProducerTemplate producer;
    private String queueUrl = "";
    private String deadLetterUrl = "";
    private Duration takeoverAfter = Duration.ofSeconds(180);
    private int attempts = 3;
    private long backoffSeconds = 30;
    /** A database whose instance is busy: back on the in-process queue's tail this soon (SQS: 1 s). */
    private long busyWaitMillis = 200;
    private int maxPerInstance = 1;
    private long pollMillis = 500;

    public WorkQueue(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** Set from archive.work-queue-url (empty: the in-process queue). */
    public void setQueueUrl(String queueUrl) {
        this.queueUrl = queueUrl == null ? "" : queueUrl.trim();
    }

    /** Set from archive.work-dlq-url: the work queue's own dead-letter queue (its redrive target). */
    public void setDeadLetterUrl(String deadLetterUrl) {
        this.deadLetterUrl = deadLetterUrl == null ? "" : deadLetterUrl.trim();
    }

    /** Set from archive.takeover-after-seconds: how long a dead-lettered database may wait for a live owner. */
    public void setTakeoverAfterSeconds(long seconds) {
        this.takeoverAfter = Duration.ofSeconds(seconds);
    }

    /** Set from archive.attempts. */
    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    /** Set from archive.retry-backoff-seconds. */
    public void setBackoffSeconds(long backoffSeconds) {
        this.backoffSeconds = backoffSeconds;
    }

    /** Set from archive.max-per-instance. */
    public void setMaxPerInstance(int maxPerInstance) {
        this.maxPerInstance = maxPerInstance;
    }

    /** Refuses settings that cannot work, naming them. */
    public void check() {
        if (!queueUrl.isEmpty() && !queueUrl.endsWith(".fifo")) {
            throw new IllegalArgumentException("archive.work-queue-url=" + queueUrl + " is not a FIFO queue: the "
                    + "work queue must be one (its name ends in .fifo, with content-based deduplication), so that "
                    + "archive.max-per-instance holds across processes");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("archive.attempts=" + attempts + " must be 1 or more");
        }
        if (maxPerInstance < 1) {
            throw new IllegalArgumentException("archive.max-per-instance=" + maxPerInstance + " must be 1 or more");
        }
        if (backoffSeconds < 0) {
            throw new IllegalArgumentException("archive.retry-backoff-seconds=" + backoffSeconds + " must be 0 or more");
        }
        if (!queueUrl.isEmpty() && deadLetterUrl.isEmpty()) {
            String redrive = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY);
            if (redrive != null && !redrive.isBlank()) {
                throw new IllegalArgumentException("archive.work-queue-url=" + queueUrl + " moves a message to its "
                        + "dead-letter queue after repeated receives (" + redrive + "), but archive.work-dlq-url is not "
                        + "set: set it to that queue's URL, so that a database whose message lands there is reported "
                        + "as failed rather than lost");
            }
        }
        producer = camelContext.createProducerTemplate();
    }

    public void stop() {
        later.shutdownNow();
    }

    /** The work message of a database (marshalled to JSON by the route). */
    public WorkItem message(ArchiveInstance instance, DatabaseToArchive database, String runId) {
        return new WorkItem(runId, instance, database, 1);
    }

    /**
     * The FIFO message group: SQS hands out one message of a group at a time, so archive.max-per-instance
     * groups per instance are at most that many archives of the instance at once, in every process. The
     * instance archive (no database name) is in group 0.
     */
    public String messageGroup(WorkItem item) {
        String instance = item.instance().instanceId();
        return maxPerInstance == 1 ? instance
                : instance + "#" + Math.floorMod(java.util.Objects.hashCode(item.database().name()), maxPerInstance);
    }

    /** Counts the exchange as in flight until it ends. */
    public void track(Exchange exchange) {
        inFlight.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inFlight.decrementAndGet();
            }
        });
    }

    /**
     * True when a failed attempt gets another one: a database from the work queue with attempts left, whose
     * archive was not stored yet (a stored archive whose journal write failed is kept and reported, for
     * the next run to reconcile, never archived again).
     */
    public boolean retries(WorkItem item, Object stored) {
        return item != null && stored == null && item.attempt() < attempts;
    }

    /** A failed attempt: the message comes back after the backoff (doubling per attempt). */
    public void retryLater(Exchange exchange, WorkItem item) {
        long seconds = backoffSeconds << Math.min(10, item.attempt() - 1);
        LOG.warn("Attempt {} of {} for {} failed; the next one in {} s", item.attempt(), attempts,
                item.databaseId(), seconds);
        putBack(exchange, item, seconds * 1000);
    }

    /**
     * The database is not to be archived now: its instance is busy in this process (lease null: back
     * shortly), or a live process holds it (back when its heartbeat would be stale, {@link ArchiveLeases.Lease}).
     */
    public void notNow(Exchange exchange, WorkItem item, ArchiveLeases.Lease lease) {
        putBack(exchange, item, lease == null ? busyWaitMillis : lease.waitMillis());
    }

    /** Why a database whose work message reached the work dead-letter queue failed (route take-work-dead-letters). */
    public Exception deadLettered() {
        return new IllegalStateException("its work message reached the work dead-letter queue (received the work "
                + "queue's maximum of times by processes that could not archive it): the database was not archived "
                + "in this run");
    }

    /** A dead-lettered database a live process holds: its message stays on the work dead-letter queue till then. */
    public void keepDeadLetter(Exchange exchange, ArchiveLeases.Lease lease) {
        exchange.setProperty("CamelAwsSqsDeleteFiltered", false);
        changeVisibility(exchange, deadLetterUrl, lease.waitMillis());
    }

    private void putBack(Exchange exchange, WorkItem item, long millis) {
        // not done: SQS keeps the message (the consumer deletes only those marked done)
        exchange.setProperty("CamelAwsSqsDeleteFiltered", false);
        if (queueUrl.isEmpty()) {
            waiting.incrementAndGet();
            later.schedule(() -> {
                try {
                    producer.sendBody(LOCAL, JSON.writeValueAsString(item));
                } catch (Exception e) {
                    LOG.error("{} could not be put back on the work queue: {}", item.databaseId(), e.getMessage());
                } finally {
                    waiting.decrementAndGet();
                }
            }, millis, TimeUnit.MILLISECONDS);
        } else {
            // it comes back once this visibility ends
            changeVisibility(exchange, queueUrl, millis);
        }
    }

    /**
     * Never throws: a receipt handle gone stale (the message's visibility ended and another receive took it,
     * or it is visible again) or an SQS error leaves the message where it is, undeleted: visible again when
     * its current visibility ends, or with the process that received it since, which archives it; at worst
     * SQS moves it to the work dead-letter queue, whose consumer reports it. The error handler that calls
     * this goes on (archive-errors: the failure is then still counted as an attempt, never lost).
     */
    private void changeVisibility(Exchange exchange, String url, long millis) {
        String receipt = exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class);
        int seconds = (int) Math.min(Math.max(1, (millis + 999) / 1000), 43_200);
        try {
            sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(receipt).visibilityTimeout(seconds));
        } catch (SdkException e) {
            LOG.warn("A work message could not be put back for {} s ({}): it stays on the queue and comes back when "
                    + "its visibility ends, or is with another process already", seconds, e.getMessage());
        }
    }

    /**
     * Waits until the run has nothing left: discovered, nothing queued, in flight or waiting for a retry
     * (twice in a row, a poll apart: SQS's counts are approximate), and every database put on the queue
     * counted archived, failed or skipped in the run record. A database not counted yet while the queue is
     * empty is on the work dead-letter queue (its consumer reports it, after waiting for a live owner up to
     * archive.takeover-after-seconds) or lost: after that long and a minute more the run ends anyway, and its
     * reporter counts it failed ({@link RunRecords#unaccounted}).
     */
    public void awaitRun(String runId, RunRecords runs) throws InterruptedException {
        int idle = 0;
        long logged = System.nanoTime();
        Long shortSince = null;
        Duration grace = takeoverAfter.plusMinutes(1);
        while (true) {
            Thread.sleep(pollMillis);
            idle = runs.isDiscovered(runId) && nothingLeft() ? idle + 1 : 0;
            if (idle < 2) {
                shortSince = null;
            } else {
                int unaccounted = runs.unaccounted(runId);
                if (unaccounted == 0) {
                    return;
                }
                if (shortSince == null) {
                    shortSince = System.nanoTime();
                    LOG.warn("Run {}: the work queue is empty, but {} of its databases are neither archived, failed "
                            + "nor skipped yet: waiting up to {} s for the work dead-letter queue's consumer", runId,
                            unaccounted, grace.toSeconds());
                } else if (System.nanoTime() - shortSince > grace.toNanos()) {
                    return;
                }
            }
            if (System.nanoTime() - logged > Duration.ofMinutes(1).toNanos()) {
                LOG.info("Run {}: waiting for the work queue to empty ({} archives in flight in this process)",
                        runId, inFlight.get());
                logged = System.nanoTime();
            }
        }
    }

    private boolean nothingLeft() {
        if (inFlight.get() > 0 || waiting.get() > 0) {
            return false;
        }
        if (queueUrl.isEmpty()) {
            return camelContext.getEndpoint(LOCAL, SedaEndpoint.class).getCurrentQueueSize() == 0;
        }
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return counts.values().stream().mapToLong(Long::parseLong).sum() == 0;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
