package org.coldarchiving.fleet;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The failed attempts of a database in a run (archive.attempts), counted in its journal table: item
 * {@code DatabaseId = #attempts}, {@code RunId = <run id>/<database id>}, counter {@code Failed}, purged by the
 * table's TTL ({@code PurgeAt}). A failed attempt given up for a retry ({@link ArchiveLeases#release}) and a
 * takeover of a stopped process's archive ({@link ArchiveLeases#takeOver}) count one each. SQS's
 * ApproximateReceiveCount is no attempt counter: it counts every receive, including each time a message is
 * put back because a live process holds the database.
 */
public class Attempts {

    public static final String RECORDS = "#attempts";
    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);
    private static final long KEEP_SECONDS = 400L * 86_400L;
    private final DynamoDbClient ddb;
    /** This process's own count of failed attempts: the floor when the journal cannot be read or written. */
    private final Map<String, Integer> failedHere = new java.util.concurrent.ConcurrentHashMap<>();

    public Attempts(DynamoDbClient ddb) {
        this.ddb = ddb;
    }

    /**
     * The received work item with its attempt: one more than the failed attempts counted for it. When the
     * journal cannot be read, the attempt the message carries (the first): the archive's own journal write
     * fails next and is reported there.
     */
    public WorkItem current(WorkItem item) {
        try {
            Map<String, AttributeValue> found = ddb.getItem(r -> r.tableName(item.instance().journalTable())
                    .key(key(item.runId(), item.databaseId())).consistentRead(true)).item();
            AttributeValue failed = found == null ? null : found.get("Failed");
            int attempt = Math.max(failed == null ? 1 : Integer.parseInt(failed.n()) + 1, localAttempt(item));
            return new WorkItem(item.runId(), item.instance(), item.database(), attempt);
        } catch (RuntimeException e) {
            // counted here too, so that a journal that cannot be reached never makes an attempt the first for ever
            int attempt = Math.max(item.attempt(), localAttempt(item));
            LOG.warn("{}: its attempts cannot be read ({}); taken as attempt {}", item.databaseId(), e.getMessage(),
                    attempt);
            return new WorkItem(item.runId(), item.instance(), item.database(), attempt);
        }
    }

    /** One failed attempt of the database in the run (best-effort: an uncounted attempt is one more try). */
    public void failed(String table, String runId, String databaseId) {
        failedHere.merge(runId + "/" + databaseId, 1, Integer::sum);
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(runId, databaseId))
                    .updateExpression("ADD Failed :one SET PurgeAt = if_not_exists(PurgeAt, :purge)")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":purge", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() + KEEP_SECONDS)))));
        } catch (RuntimeException e) {
            LOG.warn("{}: a failed attempt of run {} could not be counted ({}); it gets one more", databaseId, runId,
                    e.getMessage());
        }
    }

    private int localAttempt(WorkItem item) {
        return failedHere.getOrDefault(item.runId() + "/" + item.databaseId(), 0) + 1;
    }

    private static Map<String, AttributeValue> key(String runId, String databaseId) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("DatabaseId", AttributeValue.fromS(RECORDS));
        key.put("RunId", AttributeValue.fromS(runId + "/" + databaseId));
        return key;
    }
}
