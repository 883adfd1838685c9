package org.coldarchiving.fleet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.coldarchiving.run.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One record per run in the journal table ({@code DatabaseId = #runs}, {@code RunId = run/<run id>}), shared
 * by every process of the run. Its conditional writes make one process the run's discoverer (the first to
 * write it; again only once the run completed, so a repeated fire re-checks every database and skips them)
 * and one process its reporter (the first to see the run complete); its counters ({@code Archived},
 * {@code Failed}, {@code Skipped}) add up what every process did, for the one summary, and {@code Enqueued}
 * the work messages the discoverer put on the queue: the run is complete when the three add up to it.
 *
 * <p>Statuses: DISCOVERING (a process is enqueuing), DISCOVERED (every database is on the work queue),
 * COMPLETE (nothing left; the summary went). The record is purged by the table's TTL ({@code PurgeAt}).
 */
public class RunRecords {

    public static final String RECORDS = "#runs";
    public static final String DISCOVERING = "DISCOVERING";
    public static final String DISCOVERED = "DISCOVERED";
    public static final String COMPLETE = "COMPLETE";
    private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);
    private static final long KEEP_SECONDS = 400L * 86_400L;

    private final DynamoDbClient ddb;
    private String table;

    public RunRecords(DynamoDbClient ddb) {
        this.ddb = ddb;
    }

    /** Set from archive.journal-table. */
    public void setTable(String table) {
        this.table = table;
    }

    /** True when this process is the run's discoverer (no other process is or was, for an open run). */
    public boolean claim(String runId) {
        Instant now = Instant.now();
        Map<String, AttributeValue> item = key(runId);
        item.put("Status", s(DISCOVERING));
        item.put("Owner", s(Worker.ID));
        item.put("StartedAt", s(time(now)));
        item.put("PurgeAt", n(now.getEpochSecond() + KEEP_SECONDS));
        try {
            ddb.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(DatabaseId) OR #status = :complete")
                    .expressionAttributeNames(Map.of("#status", "Status"))
                    .expressionAttributeValues(Map.of(":complete", s(COMPLETE))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            LOG.info("Run {} is discovered by another process ({}): this one only archives from the work queue",
                    runId, owner(runId));
            return false;
        }
    }

    /** Every database of the run is on the work queue (or discovery ended): the run can complete. */
    public void discovered(String runId) {
        ddb.updateItem(r -> r.tableName(table).key(key(runId))
                .updateExpression("SET #status = :discovered, DiscoveredAt = :now")
                .conditionExpression("#status = :discovering")
                .expressionAttributeNames(Map.of("#status", "Status"))
                .expressionAttributeValues(Map.of(":discovered", s(DISCOVERED), ":discovering", s(DISCOVERING),
                        ":now", s(time(Instant.now())))));
    }

    /** True once the run's discoverer has put every database on the queue. */
    public boolean isDiscovered(String runId) {
        String status = attribute(runId, "Status");
        return DISCOVERED.equals(status) || COMPLETE.equals(status);
    }

    /** Adds one to a counter of the run: Enqueued, Archived, Failed or Skipped. */
    public void count(String runId, String counter) {
        ddb.updateItem(r -> r.tableName(table).key(key(runId))
                .updateExpression("ADD #counter :one")
                .expressionAttributeNames(Map.of("#counter", counter))
                .expressionAttributeValues(Map.of(":one", n(1))));
    }

    /**
     * The databases put on the work queue for the run that are not counted archived, failed or skipped (yet):
     * 0 when the run's counts add up.
     */
    public int unaccounted(String runId) {
        Map<String, AttributeValue> item = read(runId);
        return Math.max(0, number(item, "Enqueued") - number(item, "Archived") - number(item, "Failed")
                - number(item, "Skipped"));
    }

    /**
     * True for the one process that reports the completed run (the first to ask); the run becomes
     * COMPLETE.
     */
    public boolean reportTurn(String runId) {
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(runId))
                    .updateExpression("SET #status = :complete, ReportedBy = :me, CompletedAt = :now")
                    .conditionExpression("#status = :discovered")
                    .expressionAttributeNames(Map.of("#status", "Status"))
                    .expressionAttributeValues(Map.of(":complete", s(COMPLETE), ":discovered", s(DISCOVERED),
                            ":me", s(Worker.ID), ":now", s(time(Instant.now())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The run's totals over every process. */
    public RunSummary summary(String runId) {
        Map<String, AttributeValue> item = read(runId);
        return new RunSummary(runId, number(item, "Archived"), number(item, "Failed"), number(item, "Skipped"));
    }

    private String owner(String runId) {
        return attribute(runId, "Owner");
    }

    private String attribute(String runId, String name) {
        AttributeValue value = read(runId).get(name);
        return value == null ? null : value.s();
    }

    private Map<String, AttributeValue> read(String runId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).key(key(runId)).consistentRead(true))
                .item();
        return item == null ? Map.of() : item;
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Integer.parseInt(value.n());
    }

    static Map<String, AttributeValue> key(String runId) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("DatabaseId", s(RECORDS));
        key.put("RunId", s("run/" + runId));
        return key;
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
