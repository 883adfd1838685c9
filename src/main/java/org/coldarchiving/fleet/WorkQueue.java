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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The work queue the databases of a run go through: SQS (a FIFO queue, archive.work-queue-url) shared by
 * every process, or the in-process seda queue {@value #LOCAL} when no URL is set. Builds the work
 * messages and their FIFO message group, counts the attempts, puts a message back for later (a retry
 * with backoff, or a database another archive of its instance holds), and tells when a run has nothing
 * left: nothing queued, nothing in flight, nothing waiting for a retry.
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

    /** A received message: from SQS its attempt is its receive count, from seda the one it carries. */
    public WorkItem received(WorkItem item, Map<?, ?> sqsAttributes) {
        if (sqsAttributes != null) {
            for (Map.Entry<?, ?> e : sqsAttributes.entrySet()) {
                if ("ApproximateReceiveCount".equals(String.valueOf(e.getKey()))) {
                    int count = Integer.parseInt(String.valueOf(e.getValue()));
                    return new WorkItem(item.runId(), item.instance(), item.database(), count);
                }
            }
        }
        return item;
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
        putBack(exchange, item.nextAttempt(), seconds * 1000);
    }

    /** The database is not to be archived now (its instance is busy, or another process holds it): later. */
    public void notNow(Exchange exchange, WorkItem item) {
        putBack(exchange, item, busyWaitMillis);
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
            String receipt = exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class);
            sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(receipt)
                    .visibilityTimeout((int) Math.min(Math.max(1, (millis + 999) / 1000), 43_200)));
        }
    }

    /**
     * Waits until the run has nothing left: discovered, and nothing queued, in flight or waiting for a
     * retry (twice in a row, a poll apart: SQS's counts are approximate).
     */
    public void awaitRun(String runId, RunRecords runs) throws InterruptedException {
        int idle = 0;
        long logged = System.nanoTime();
        while (idle < 2) {
            Thread.sleep(pollMillis);
            idle = runs.isDiscovered(runId) && nothingLeft() ? idle + 1 : 0;
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
