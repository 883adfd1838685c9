package org.coldarchiving.recovery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.coldarchiving.journal.Journal;
import org.coldarchiving.journal.JournalEntry;
import org.coldarchiving.report.Failure;
import org.coldarchiving.store.ArchiveKeys;
import org.coldarchiving.store.Compression;
import org.coldarchiving.store.StoredArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Settles what a stopped process (crash, SIGKILL, redeploy) or an unreachable journal left behind:
 * journal items RUNNING for longer than the stale-after time, and multipart uploads that old.
 */
public class ArchiveRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRecovery.class);

    private final S3Client s3;
    private final Journal journal;
    private final ArchiveKeys keys;
    private String bucket;
    private String journalTable;
    private Duration staleAfter = Duration.ofHours(24);

    public ArchiveRecovery(S3Client s3, Journal journal, ArchiveKeys keys) {
        this.s3 = s3;
        this.journal = journal;
        this.keys = keys;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public void setJournalTable(String journalTable) {
        this.journalTable = journalTable;
    }

    public void setStaleAfterMinutes(long minutes) {
        this.staleAfter = Duration.ofMinutes(minutes);
    }

    /** Journal items of the default table RUNNING for longer than the stale-after time. */
    public List<JournalEntry> interrupted() {
        List<JournalEntry> entries = journal.runningSince(journalTable, Instant.now().minus(staleAfter));
        if (!entries.isEmpty()) {
            LOG.warn("{} archive(s) were left RUNNING by a stopped process: {}", entries.size(),
                    entries.stream().map(e -> e.databaseId() + "@" + e.runId()).toList());
        }
        return entries;
    }

    /**
     * Settles one interrupted archive. If its object is complete in S3 (it carries its SHA-256 tag), the
     * journal records it ARCHIVED from the object and this returns null. Otherwise its partial upload
     * (and an untagged object a crash left between completing and tagging) is removed, and this returns
     * the failure to report.
     */
    public Failure settle(JournalEntry entry) {
        String prefix = keys.runPrefix(entry.engine(), entry.instanceId(), entry.database(), entry.runId());
        for (S3Object object : s3.listObjectsV2(r -> r.bucket(entry.bucket()).prefix(prefix)).contents()) {
            Optional<String> sha256 = s3.getObjectTagging(r -> r.bucket(entry.bucket()).key(object.key())).tagSet()
                    .stream().filter(t -> t.key().equals("sha256")).map(Tag::value).findFirst();
            if (sha256.isPresent()) {
                HeadObjectResponse head = s3.headObject(r -> r.bucket(entry.bucket()).key(object.key()));
                StoredArchive stored = new StoredArchive(entry.bucket(), object.key(), entry.storageClass(),
                        head.metadata().getOrDefault("format", "unknown"),
                        Compression.fromName(head.metadata().getOrDefault("compression", "none")), -1,
                        head.contentLength(), sha256.get());
                journal.reconciled(entry, stored);
                LOG.warn("Reconciled {} of run {}: its archive s3://{}/{} was complete, the journal now says so",
                        entry.databaseId(), entry.runId(), entry.bucket(), object.key());
                return null;
            }
            s3.deleteObject(r -> r.bucket(entry.bucket()).key(object.key()));
            LOG.warn("Deleted s3://{}/{}: an interrupted archive, never verified", entry.bucket(), object.key());
        }
        abortUploads(entry.bucket(), prefix, Instant.now());
        return new Failure(entry.runId(), entry.databaseId(), entry.instanceId(), entry.database(), entry.engine(),
                entry.table(), entry.bucket(), entry.storageClass(), entry.retentionDays(), "interrupted",
                "The archive started at " + entry.startedAt() + " never finished: the archiver stopped during it "
                        + "(crash, kill or redeploy). Its partial upload was removed; the next run archives the "
                        + "database again.",
                Instant.now(), null);
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
