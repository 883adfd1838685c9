package org.coldarchiving.retention;

import java.time.Instant;

/**
 * An ARCHIVED journal item whose retention ended, as retention reads it back.
 *
 * @param table         journal table it is in
 * @param databaseId    {@code <instance-id>/<database>}
 * @param runId         run that archived it
 * @param bucket        bucket of the archive object
 * @param key           key of the archive object
 * @param versionId     the object version recorded at archive time (null for archives journaled before
 *                      versions were recorded, or on a bucket without versioning)
 * @param storageClass  storage class it was uploaded with
 * @param sizeBytes     stored bytes (the object's size)
 * @param finishedAt    when the archive was stored (the start of its minimum storage duration)
 * @param expiresAt     when its retention ended
 * @param retentionDays its retention
 * @param lockMode      Object Lock mode, or null
 * @param lockedUntil   Object Lock retain-until date, or null
 * @param manifestKey   key of the archive's manifest (deleted with it), or null for an archive without one
 * @param manifestVersionId the manifest's version recorded at archive time (null: journaled before manifest
 *                      versions were recorded, or on a bucket without versioning)
 */
public record RetentionCandidate(String table, String databaseId, String runId, String bucket, String key,
        String versionId, String storageClass, long sizeBytes, Instant finishedAt, Instant expiresAt,
        int retentionDays, String lockMode, Instant lockedUntil, String manifestKey, String manifestVersionId) {

    /** A candidate whose manifest version is not known. */
    public RetentionCandidate(String table, String databaseId, String runId, String bucket, String key,
            String versionId, String storageClass, long sizeBytes, Instant finishedAt, Instant expiresAt,
            int retentionDays, String lockMode, Instant lockedUntil, String manifestKey) {
        this(table, databaseId, runId, bucket, key, versionId, storageClass, sizeBytes, finishedAt, expiresAt,
                retentionDays, lockMode, lockedUntil, manifestKey, null);
    }

    /** How the archive is named in logs, the listing and the e-mail. */
    public String describe() {
        return databaseId + " run " + runId + " (s3://" + bucket + "/" + key + ", " + sizeBytes + " bytes, "
                + storageClass + ")";
    }
}
