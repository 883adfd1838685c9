package org.coldarchiving.recovery;

import java.time.Duration;
import java.time.Instant;

import org.coldarchiving.journal.JournalEntry;
import org.coldarchiving.report.Failure;
import org.coldarchiving.store.ArchiveKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Aborts the multipart uploads a stopped process left behind (those of an interrupted archive, and any in
 * the default bucket older than the stale-after time) and describes the failure of an interrupted
 * archive. Camel's aws2-s3 endpoint has no multipart listing; the rest of recovery is the
 * recover-interrupted and settle-interrupted routes.
 */
public class ArchiveRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRecovery.class);

    private final S3Client s3;
    private final ArchiveKeys keys;
    private String bucket;
    private Duration staleAfter;

    public ArchiveRecovery(S3Client s3, ArchiveKeys keys) {
        this.s3 = s3;
        this.keys = keys;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
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

    /** Aborts multipart uploads in the default bucket older than the stale-after time. */
    public void abortOrphanUploads() {
        abortUploads(bucket, "", Instant.now().minus(staleAfter));
    }

    private void abortUploads(String bucketName, String prefix, Instant initiatedBefore) {
        for (MultipartUpload upload : s3.listMultipartUploadsPaginator(r -> r.bucket(bucketName).prefix(prefix))
                .uploads()) {
            if (upload.initiated().isBefore(initiatedBefore)) {
                s3.abortMultipartUpload(r -> r.bucket(bucketName).key(upload.key()).uploadId(upload.uploadId()));
                LOG.warn("Aborted the orphaned upload of s3://{}/{} started at {}", bucketName, upload.key(),
                        upload.initiated());
            }
        }
    }
}
