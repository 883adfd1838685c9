package org.coldarchiving.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.coldarchiving.discovery.ArchiveKind;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.retention.NewestArchives;
import org.coldarchiving.retention.RetentionCandidate;
import org.coldarchiving.store.Compression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;

/**
 * What the routes hand to and take from Camel's aws2-ddb endpoint when they read the journal: keys, the
 * key conditions of its Queries (camel-aws2-ddb takes the legacy KeyConditions form), and items read back
 * as {@link JournalEntry} or {@link RetentionCandidate}. (The journal's writes are conditional state
 * transitions, done by {@link Journal}.)
 */
public class JournalQueries {

    private String journalTable;
    private Duration staleAfter;

    public void setJournalTable(String journalTable) {
        this.journalTable = journalTable;
    }

    public void setStaleAfterMinutes(long minutes) {
        this.staleAfter = Duration.ofMinutes(minutes);
    }

    /**
     * Key conditions on index {@value Journal#RUNNING_INDEX}: RUNNING and started before now minus
     * archive.stale-after-minutes. The index holds only RUNNING items, so the Query reads those alone. These
     * are the candidates only: an archive that runs longer than that is alive as long as its owner renews
     * its heartbeat ({@link #isStale}); a heartbeat is never older than the start, so no stale one is missed.
     */
    public Map<String, Condition> staleRunning() {
        return Map.of("Running", condition(ComparisonOperator.EQ, AttributeValue.fromS(Journal.RUNNING)),
                "StartedAt", condition(ComparisonOperator.LT,
                        AttributeValue.fromS(Instant.now().minus(staleAfter).toString())));
    }

    /**
     * True when a RUNNING item was left by a stopped process: its owner has not renewed it (HeartbeatAt, else
     * StartedAt on an item written before heartbeats) for archive.stale-after-minutes.
     */
    public boolean isStale(Map<String, AttributeValue> item) {
        return lastBeat(item).isBefore(Instant.now().minus(staleAfter));
    }

    /** When the owner of a RUNNING item last showed it was alive: HeartbeatAt, else StartedAt. */
    public static Instant lastBeat(Map<String, AttributeValue> item) {
        String beat = text(item, "HeartbeatAt");
        return Instant.parse(beat != null ? beat : text(item, "StartedAt"));
    }

    /** Key conditions on index {@value Journal#EXPIRY_INDEX}: ARCHIVED and expired before now. */
    public Map<String, Condition> expiredArchives() {
        return Map.of("Status", condition(ComparisonOperator.EQ, AttributeValue.fromS(Journal.ARCHIVED)),
                "ExpiresAt", condition(ComparisonOperator.LT,
                        AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond()))));
    }

    /** Key conditions on index {@value Journal#EXPIRY_INDEX}: every ARCHIVED row, expired or not. */
    public Map<String, Condition> archivedRows() {
        return Map.of("Status", condition(ComparisonOperator.EQ, AttributeValue.fromS(Journal.ARCHIVED)));
    }

    /** True for the ARCHIVED row of a database's archive (a row of another kind has a Kind other than DATABASE). */
    public boolean isDatabaseArchive(Map<String, AttributeValue> item) {
        AttributeValue kind = item.get("Kind");
        return item.containsKey("Key") && item.containsKey("Sha256") && isStatus(item, Journal.ARCHIVED)
                && (kind == null || "DATABASE".equals(kind.s()));
    }

    private static boolean isStatus(Map<String, AttributeValue> item, String status) {
        return item.containsKey("Status") && status.equals(item.get("Status").s());
    }

    /** Key conditions on the table: every run of one database (newest first with ScanIndexForward=false). */
    public Map<String, Condition> runsOf(String databaseId) {
        return Map.of("DatabaseId", condition(ComparisonOperator.EQ, AttributeValue.fromS(databaseId)));
    }

    private static Condition condition(ComparisonOperator operator, AttributeValue value) {
        return Condition.builder().comparisonOperator(operator).attributeValueList(value).build();
    }

    /** The key of a journal item. */
    public Map<String, AttributeValue> key(String databaseId, String runId) {
        return Journal.key(databaseId, runId);
    }

    /** True when the item read back is still RUNNING. */
    public boolean isRunning(Map<String, AttributeValue> item) {
        return item != null && item.containsKey("Status") && Journal.RUNNING.equals(item.get("Status").s());
    }

    /** An item of the default journal table, read back. */
    public JournalEntry entry(Map<String, AttributeValue> item) {
        return new JournalEntry(journalTable, text(item, "DatabaseId"), text(item, "RunId"), text(item, "InstanceId"),
                text(item, "Database"), text(item, "Engine"), text(item, "Bucket"),
                Integer.parseInt(item.get("RetentionDays").n()), Instant.parse(text(item, "StartedAt")),
                ArchiveKind.fromJournal(text(item, "Kind")), text(item, "Owner"));
    }

    /** One page of a database's runs (newest first) read into the newest ARCHIVED ones wanted. */
    public void newestPage(NewestArchives newest, List<Map<String, AttributeValue>> items,
            Map<String, AttributeValue> lastEvaluatedKey) {
        newest.add(items, lastEvaluatedKey);
    }

    /**
     * An item of the default journal table read back as an archive to restore: refused, naming the
     * database and run, unless it is ARCHIVED, and when its restore test FAILED unless {@code allowFailed}
     * (archive.restore.allow-failed).
     */
    public JournaledArchive archive(Map<String, AttributeValue> item, String databaseId, String runId,
            boolean allowFailed) {
        if (item == null || item.isEmpty()) {
            throw new IllegalArgumentException("The journal " + journalTable + " has no archive of " + databaseId
                    + " for run " + runId + ": check archive.restore.database and archive.restore.run-id");
        }
        String status = text(item, "Status");
        if (!Journal.ARCHIVED.equals(status)) {
            throw new IllegalArgumentException("The archive of " + databaseId + " of run " + runId + " is " + status
                    + ", not ARCHIVED: only a complete archive can be restored; leave archive.restore.run-id empty "
                    + "for the newest ARCHIVED one");
        }
        String verified = text(item, "VerifyResult");
        if (verified != null && verified.startsWith("FAILED") && !allowFailed) {
            throw new IllegalArgumentException("The archive of " + databaseId + " of run " + runId + " failed its "
                    + "restore test (VerifyResult: " + verified + "): set archive.restore.allow-failed=true to restore "
                    + "it anyway, or leave archive.restore.run-id empty for the newest archive not known bad");
        }
        String requested = text(item, "RestoreRequestedAt");
        return new JournaledArchive(journalTable, text(item, "DatabaseId"), text(item, "RunId"),
                text(item, "InstanceId"), text(item, "Database"), Engine.fromName(text(item, "Engine")),
                text(item, "Bucket"), text(item, "Key"), text(item, "VersionId"), text(item, "StorageClass"),
                text(item, "Format"), Compression.fromName(text(item, "Compression")),
                Long.parseLong(number(item, "SizeBytes")), text(item, "Sha256"),
                requested == null ? null : Instant.parse(requested), text(item, "ManifestKey"),
                text(item, "ManifestSha256"));
    }

    /** An ARCHIVED item of the default journal table whose retention ended, read back. */
    public RetentionCandidate candidate(Map<String, AttributeValue> item) {
        String lockedUntil = number(item, "LockedUntil");
        String finished = text(item, "FinishedAt");
        return new RetentionCandidate(journalTable, text(item, "DatabaseId"), text(item, "RunId"),
                text(item, "Bucket"), text(item, "Key"), text(item, "VersionId"), text(item, "StorageClass"),
                Long.parseLong(number(item, "SizeBytes")),
                finished == null ? null : Instant.parse(finished),
                Instant.ofEpochSecond(Long.parseLong(number(item, "ExpiresAt"))),
                Integer.parseInt(number(item, "RetentionDays")), text(item, "LockMode"),
                lockedUntil == null ? null : Instant.ofEpochSecond(Long.parseLong(lockedUntil)),
                text(item, "ManifestKey"), text(item, "ManifestVersionId"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static String number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.n();
    }
}
