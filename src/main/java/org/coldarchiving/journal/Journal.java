package org.coldarchiving.journal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.coldarchiving.dump.DumpInfo;
import org.coldarchiving.dump.HistoryCoverage;
import org.coldarchiving.fleet.Worker;
import org.coldarchiving.manifest.StoredManifest;
import org.coldarchiving.report.Failure;
import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.store.StoredArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The DynamoDB journal, one item per database and run ({@code DatabaseId} + {@code RunId}), kept as a
 * state machine with conditional writes: a new item starts RUNNING only if none exists for that run,
 * only a RUNNING item becomes ARCHIVED or FAILED, and only an ARCHIVED item becomes EXPIRED (its object
 * deleted by retention). So a database is archived at most once per run, a final state is never
 * overwritten, and an archive is marked deleted once.
 *
 * <p>{@code Kind} says what the archive holds ({@link org.coldarchiving.discovery.ArchiveKind}): DATABASE, or
 * INSTANCE for the instance archive (key {@code <instance-id>}, no {@code Database}); absent on rows written
 * before it existed, which are DATABASE archives. Both kinds go through the same states, indexes and retention.
 *
 * <p>Two sparse attributes feed the table's indexes: {@code Running} (present only while RUNNING, index
 * {@value #RUNNING_INDEX}: interrupted archives) and {@code ExpiresAt} (on ARCHIVED and EXPIRED items,
 * index {@value #EXPIRY_INDEX} with {@code Status}: archives whose retention ended). The table's TTL
 * attribute is {@code PurgeAt}, set only on items whose archive no longer exists (EXPIRED, FAILED).
 */
public class Journal {

    public static final String RUNNING = "RUNNING";
    public static final String ARCHIVED = "ARCHIVED";
    public static final String FAILED = "FAILED";
    public static final String EXPIRED = "EXPIRED";
    /** Sparse GSI: hash {@code Running} (only while RUNNING), range {@code StartedAt}. */
    public static final String RUNNING_INDEX = "RunningIndex";
    /** GSI: hash {@code Status}, range {@code ExpiresAt} (epoch seconds). */
    public static final String EXPIRY_INDEX = "ExpiryIndex";
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final long DAY_SECONDS = 86_400L;

    private final DynamoDbClient ddb;
    private long expiredRowDays;

    public Journal(DynamoDbClient ddb) {
        this.ddb = ddb;
    }

    /** Set from archive.retention.journal-days: how long an EXPIRED item stays (its PurgeAt). */
    public void setExpiredRowDays(long expiredRowDays) {
        this.expiredRowDays = expiredRowDays;
    }

    /**
     * Records that the archive of a database starts. Returns false, and writes nothing, when the
     * journal already has this database for this run (archived, failed or still running).
     */
    public boolean begin(ArchiveTarget target) {
        Map<String, AttributeValue> item = key(target.databaseId(), target.runId());
        item.put("Status", s(RUNNING));
        item.put("Engine", s(target.instance().engine().id()));
        item.put("InstanceId", s(target.instance().instanceId()));
        item.put("Kind", s(target.kind().name()));
        if (!target.isInstanceArchive()) {
            item.put("Database", s(target.database()));
        }
        item.put("Bucket", s(target.instance().bucket()));
        item.put("StorageClass", s(target.instance().storageClass()));
        item.put("RetentionDays", n(target.instance().retentionDays()));
        item.put("StartedAt", s(target.startedAt().truncatedTo(ChronoUnit.MILLIS).toString()));
        item.put("Running", s(RUNNING));
        // the archive's lease (fleet.ArchiveLeases): which process runs it, renewed while it runs
        item.put("Owner", s(Worker.ID));
        item.put("HeartbeatAt", s(target.startedAt().truncatedTo(ChronoUnit.MILLIS).toString()));
        try {
            ddb.putItem(r -> r.tableName(target.instance().journalTable()).item(item)
                    .conditionExpression("attribute_not_exists(DatabaseId)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            LOG.info("{} is already in the journal for run {}: not archiving it again", target.databaseId(),
                    target.runId());
            return false;
        }
    }

    /**
     * RUNNING becomes ARCHIVED, with where the archive is, its size, checksum and expiry, and where its
     * manifest is with the manifest's checksum and version ({@code ManifestKey}, {@code ManifestSha256},
     * {@code ManifestVersionId}).
     */
    public void archived(ArchiveTarget target, StoredArchive stored, DumpInfo dump, StoredManifest manifest) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":tool", s(dump.toolVersion()),
                ":dumpSize", n(stored.dumpBytes())));
        StringBuilder update = new StringBuilder("DumpTool = :tool, DumpBytes = :dumpSize");
        manifest(manifest, values, update);
        HistoryCoverage history = dump.history();
        if (history != HistoryCoverage.NONE) {
            values.put(":history", s(history.status()));
            update.append(", History = :history");
            if (!history.note().isEmpty()) {
                values.put(":historyNote", s(history.note()));
                update.append(", HistoryNote = :historyNote");
            }
        }
        // only the lease's owner (a process that took the archive over owns the item now)
        values.put(":owner", s(Worker.ID));
        markArchived(target.instance().journalTable(), target.databaseId(), target.runId(), target.expiresAt(),
                stored, values, update.toString(), " AND (attribute_not_exists(#owner) OR #owner = :owner)");
    }

    /**
     * RUNNING becomes ARCHIVED for an archive whose object reached S3 but whose journal write did not
     * happen (process stopped, DynamoDB unavailable): recorded from the object itself and its manifest (null
     * when it has none), marked Reconciled.
     */
    public void reconciled(JournalEntry entry, StoredArchive stored, StoredManifest manifest) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":reconciled", AttributeValue.fromBool(true)));
        StringBuilder update = new StringBuilder("Reconciled = :reconciled");
        if (manifest != null) {
            manifest(manifest, values, update);
        }
        markArchived(entry.table(), entry.databaseId(), entry.runId(), entry.expiresAt(), stored, values,
                update.toString(), "");
    }

    private static void manifest(StoredManifest manifest, Map<String, AttributeValue> values, StringBuilder update) {
        values.put(":manifestKey", s(manifest.key()));
        values.put(":manifestSha", s(manifest.sha256()));
        update.append(", ManifestKey = :manifestKey, ManifestSha256 = :manifestSha");
        if (manifest.versionId() != null) {
            values.put(":manifestVersion", s(manifest.versionId()));
            update.append(", ManifestVersionId = :manifestVersion");
        }
    }

    private void markArchived(String table, String databaseId, String runId, Instant expiresAt, StoredArchive stored,
            Map<String, AttributeValue> extraValues, String extraUpdate, String extraCondition) {
        Instant finished = Instant.now();
        Map<String, AttributeValue> values = new HashMap<>(extraValues);
        StringBuilder update = new StringBuilder(extraUpdate);
        if (stored.versionId() != null) {
            values.put(":version", s(stored.versionId()));
            update.append(", VersionId = :version");
        }
        if (stored.lockMode() != null) {
            values.put(":lockMode", s(stored.lockMode()));
            values.put(":lockedUntil", n(stored.lockedUntil().getEpochSecond()));
            update.append(", LockMode = :lockMode, LockedUntil = :lockedUntil");
        }
        values.put(":status", s(ARCHIVED));
        values.put(":running", s(RUNNING));
        values.put(":key", s(stored.key()));
        values.put(":format", s(stored.format()));
        values.put(":compression", s(stored.compression().id()));
        values.put(":size", n(stored.sizeBytes()));
        values.put(":sha", s(stored.sha256()));
        values.put(":finished", s(finished.truncatedTo(ChronoUnit.MILLIS).toString()));
        values.put(":expires", n(expiresAt.getEpochSecond()));
        ddb.updateItem(r -> r.tableName(table)
                .key(key(databaseId, runId))
                .conditionExpression("#status = :running" + extraCondition)
                .updateExpression("SET #status = :status, #key = :key, #format = :format, Compression = :compression, "
                        + "SizeBytes = :size, Sha256 = :sha, FinishedAt = :finished, ExpiresAt = :expires, "
                        + update + " REMOVE Running")
                .expressionAttributeNames(extraCondition.isEmpty()
                        ? Map.of("#status", "Status", "#key", "Key", "#format", "Format")
                        : Map.of("#status", "Status", "#key", "Key", "#format", "Format", "#owner", "Owner"))
                .expressionAttributeValues(values));
    }

    /** Per database, when its latest ARCHIVED item finished (the journal's own record of the last archive). */
    public Map<String, Instant> lastArchived(String table) {
        Map<String, Instant> last = new HashMap<>();
        ddb.scanPaginator(r -> r.tableName(table).filterExpression("#status = :archived")
                .projectionExpression("DatabaseId, FinishedAt")
                .expressionAttributeNames(Map.of("#status", "Status"))
                .expressionAttributeValues(Map.of(":archived", s(ARCHIVED))))
                .items().forEach(i -> {
                    String finished = text(i, "FinishedAt");
                    if (finished != null) {
                        last.merge(text(i, "DatabaseId"), Instant.parse(finished),
                                (a, b) -> a.isAfter(b) ? a : b);
                    }
                });
        return last;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /**
     * Records a failure: a RUNNING item (or none yet) becomes FAILED with the error. An item that is
     * already ARCHIVED or FAILED for this run is left as it is, and so is a RUNNING item of another process
     * than the failure's owner (one that took the archive over).
     */
    public void failed(Failure failure) {
        if (failure.instanceId() == null) {
            LOG.warn("Failure before any instance was known ({}); nothing to journal", failure.step());
            return;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(FAILED));
        values.put(":running", s(RUNNING));
        values.put(":instance", s(failure.instanceId()));
        values.put(":error", s(failure.error()));
        values.put(":step", s(failure.step()));
        values.put(":finished", s(failure.at().truncatedTo(ChronoUnit.MILLIS).toString()));
        values.put(":retention", n(failure.retentionDays()));
        // A failed archive has no object: its item is purged (TTL) when the archive would have expired.
        values.put(":purge", n(failure.at().getEpochSecond() + failure.retentionDays() * DAY_SECONDS));
        StringBuilder update = new StringBuilder("SET #status = :status, InstanceId = :instance, "
                + "#error = :error, FailedStep = :step, FinishedAt = :finished, RetentionDays = :retention, "
                + "PurgeAt = :purge, StartedAt = if_not_exists(StartedAt, :finished)");
        Map<String, String> names = new HashMap<>(Map.of("#status", "Status", "#error", "Error"));
        if (failure.database() != null) {
            values.put(":database", s(failure.database()));
            names.put("#database", "Database");
            update.append(", #database = :database");
        }
        if (failure.kind() != null) {
            values.put(":kind", s(failure.kind().name()));
            update.append(", Kind = :kind");
        }
        if (failure.engine() != null) {
            values.put(":engine", s(failure.engine()));
            update.append(", Engine = :engine");
        }
        update.append(" REMOVE Running");
        String condition = "attribute_not_exists(DatabaseId) OR #status = :running";
        if (failure.owner() != null) {
            values.put(":owner", s(failure.owner()));
            names.put("#owner", "Owner");
            condition = "attribute_not_exists(DatabaseId) OR (#status = :running AND (attribute_not_exists(#owner) "
                    + "OR #owner = :owner))";
        }
        String expression = condition;
        try {
            ddb.updateItem(r -> r.tableName(failure.journalTable()).key(key(failure.databaseId(), failure.runId()))
                    .conditionExpression(expression)
                    .updateExpression(update.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            LOG.warn("{} already has a final journal entry for run {}, or another process runs it; left it as it is",
                    failure.databaseId(), failure.runId());
        }
    }

    /**
     * ARCHIVED becomes EXPIRED: retention deleted the archive's object (or found it already gone, said in
     * {@code note}). The item keeps its audit trail, gets {@code DeletedAt}, and is purged by the table's TTL
     * ({@code PurgeAt}) archive.retention.journal-days later. Returns false, and writes nothing, when the
     * item is no longer ARCHIVED (another retention run got there first).
     */
    public boolean expired(String table, String databaseId, String runId, String note) {
        Instant deleted = Instant.now();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":expired", s(EXPIRED));
        values.put(":archived", s(ARCHIVED));
        values.put(":deleted", s(deleted.truncatedTo(ChronoUnit.MILLIS).toString()));
        values.put(":purge", n(deleted.getEpochSecond() + expiredRowDays * DAY_SECONDS));
        String update = "SET #status = :expired, DeletedAt = :deleted, PurgeAt = :purge";
        if (note != null && !note.isEmpty()) {
            values.put(":note", s(note));
            update += ", ExpiryNote = :note";
        }
        String expression = update;
        try {
            ddb.updateItem(r -> r.tableName(table).key(key(databaseId, runId))
                    .conditionExpression("#status = :archived")
                    .updateExpression(expression)
                    .expressionAttributeNames(Map.of("#status", "Status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            LOG.warn("{} of run {} is no longer ARCHIVED in the journal; left it as it is", databaseId, runId);
            return false;
        }
    }

    /**
     * Records on an ARCHIVED row that a Glacier restore (RestoreObject) of its object was requested, so a
     * later run knows one is in progress and when it started.
     */
    public void restoreRequested(JournaledArchive archive, Instant requestedAt) {
        ddb.updateItem(r -> r.tableName(archive.table())
                .key(key(archive.databaseId(), archive.runId()))
                .conditionExpression("attribute_exists(DatabaseId)")
                .updateExpression("SET RestoreRequestedAt = :requested")
                .expressionAttributeValues(Map.of(":requested",
                        s(requestedAt.truncatedTo(ChronoUnit.MILLIS).toString()))));
    }

    /**
     * Records a restore test on an ARCHIVED row: when (VerifiedAt) and its result (VerifyResult: PASSED or
     * FAILED: reason). The row stays ARCHIVED either way: a failed test does not delete anything.
     */
    public void verifyPassed(JournaledArchive archive) {
        verified(archive, "PASSED");
    }

    /** A failed restore test: VerifyResult {@code FAILED: <reason>}. */
    public void verifyFailed(JournaledArchive archive, String reason) {
        verified(archive, "FAILED: " + reason);
    }

    private void verified(JournaledArchive archive, String result) {
        ddb.updateItem(r -> r.tableName(archive.table())
                .key(key(archive.databaseId(), archive.runId()))
                .conditionExpression("#status = :archived")
                .updateExpression("SET VerifiedAt = :at, VerifyResult = :result")
                .expressionAttributeNames(Map.of("#status", "Status"))
                .expressionAttributeValues(Map.of(":archived", s(ARCHIVED),
                        ":at", s(Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()),
                        ":result", s(result.length() > 1000 ? result.substring(0, 997) + "..." : result))));
    }

    static Map<String, AttributeValue> key(String databaseId, String runId) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("DatabaseId", s(databaseId));
        key.put("RunId", s(runId));
        return key;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
