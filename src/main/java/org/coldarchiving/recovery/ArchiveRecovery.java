package org.coldarchiving.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.coldarchiving.journal.Journal;
import org.coldarchiving.journal.JournalEntry;
import org.coldarchiving.journal.JournalQueries;
import org.coldarchiving.report.Failure;
import org.coldarchiving.store.ArchiveKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Aborts the multipart uploads a stopped process left behind (those of an interrupted archive, and any in
 * the default bucket older than the stale-after time, unless a RUNNING journal item with a fresh heartbeat
 * says its archive is still under way) and describes the failure of an interrupted archive. Camel's aws2-s3
 * endpoint has no multipart listing; the rest of recovery is the recover-interrupted and settle-interrupted
 * routes.
 */
public class ArchiveRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRecovery.class);

    private final S3Client s3;
    private final DynamoDbClient ddb;
    private final ArchiveKeys keys;
    private String bucket;
    private String journalTable;
    private Duration staleAfter;

    public ArchiveRecovery(S3Client s3, DynamoDbClient ddb, ArchiveKeys keys) {
        this.s3 = s3;
        this.ddb = ddb;
        this.keys = keys;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    /** The default journal table, whose RUNNING items name the archives still under way. */
    public void setJournalTable(String journalTable) {
        this.journalTable = journalTable;
    }

    public void setStaleAfterMinutes(long minutes) {
        this.staleAfter = Duration.ofMinutes(minutes);
    }

    /** The failure of an archive a stopped process left RUNNING, whose object was not complete. */
    public Failure failure(JournalEntry entry) {
        return new Failure(entry.runId(), entry.databaseId(), entry.instanceId(), entry.database(), entry.engine(),
                entry.table(), entry.bucket(), entry.retentionDays(), "interrupted",
                "The archive started at " + entry.startedAt() + " never finished: the archiver stopped during it "
                        + "(crash, kill or redeploy). Its partial upload was removed; the next run archives the "
                        + "database again.",
                Instant.now(), null, entry.kind(), entry.owner());
    }

    /** Aborts the uploads of an interrupted archive, whatever their age. */
    public void abortUploads(JournalEntry entry) {
        abortUploads(entry.bucket(), keys.runPrefix(entry.engine(), entry.instanceId(), entry.database(),
                entry.runId()), Instant.now());
    }

    /** Aborts the uploads under a key prefix, whatever their age (an archive taken over from a stopped process). */
    public void abortUploads(String bucketName, String prefix) {
        abortUploads(bucketName, prefix, Instant.now());
    }

    /**
     * Aborts multipart uploads in the default bucket older than the stale-after time, but not those of an
     * archive that runs longer than that: one whose RUNNING item's owner renews its heartbeat.
     */
    public void abortOrphanUploads() {
        Instant cutoff = Instant.now().minus(staleAfter);
        Set<String> live = liveArchives(cutoff);
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket)).uploads()) {
            if (upload.initiated().isBefore(cutoff) && live.stream().anyMatch(upload.key()::startsWith)) {
                LOG.info("Kept the upload of s3://{}/{} started at {}: its archive is still under way (fresh "
                        + "heartbeat)", bucket, upload.key(), upload.initiated());
            } else if (upload.initiated().isBefore(cutoff)) {
                abort(bucket, upload);
            }
        }
    }

    /** The key prefixes of the archives whose RUNNING item was renewed after the cut-off (index RunningIndex). */
    private Set<String> liveArchives(Instant cutoff) {
        Set<String> prefixes = new HashSet<>();
        ddb.queryPaginator(r -> r.tableName(journalTable).indexName(Journal.RUNNING_INDEX)
                .keyConditionExpression("#running = :running")
                .expressionAttributeNames(Map.of("#running", "Running"))
                .expressionAttributeValues(Map.of(":running", AttributeValue.fromS(Journal.RUNNING))))
                .items().forEach(item -> {
                    if (!JournalQueries.lastBeat(item).isBefore(cutoff)) {
                        prefixes.add(keys.runPrefix(text(item, "Engine"), text(item, "InstanceId"),
                                text(item, "Database"), text(item, "RunId")));
                    }
                });
        return prefixes;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private void abortUploads(String bucketName, String prefix, Instant initiatedBefore) {
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(r -> r.bucket(bucketName).prefix(prefix))
                .uploads()) {
            if (upload.initiated().isBefore(initiatedBefore)) {
                abort(bucketName, upload);
            }
        }
    }

    private void abort(String bucketName, MultipartUpload upload) {
        s3.abortMultipartUpload(r -> r.bucket(bucketName).key(upload.key()).uploadId(upload.uploadId()));
        LOG.warn("Aborted the orphaned upload of s3://{}/{} started at {}", bucketName, upload.key(),
                upload.initiated());
    }
}
