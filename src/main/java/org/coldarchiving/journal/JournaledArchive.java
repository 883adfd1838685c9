package org.coldarchiving.journal;

import java.time.Instant;

import org.coldarchiving.discovery.Engine;
import org.coldarchiving.store.Compression;

/**
 * An ARCHIVED journal row read back: which database and run it holds, where its object is and how to
 * read it (format, compression, the SHA-256 of the stored bytes).
 *
 * @param table              journal table the row is in
 * @param databaseId         {@code <instance-id>/<database>}
 * @param runId              run that archived it
 * @param instanceId         instance or cluster identifier
 * @param database           database name
 * @param engine             engine of the server it was dumped from
 * @param bucket             S3 bucket
 * @param key                object key
 * @param versionId          object version (null on a bucket without versioning)
 * @param storageClass       S3 storage class it was stored in
 * @param format             pgdump (pg_dump custom format) or sql
 * @param compression        compression of the stored bytes
 * @param sizeBytes          bytes stored
 * @param sha256             hex SHA-256 of the stored bytes
 * @param restoreRequestedAt when a Glacier restore (RestoreObject) was requested for it, or null
 * @param manifestKey        key of its manifest (exact rows per table), or null for an archive without one
 *                           (archived before manifests, or recorded from its object after an interruption)
 * @param manifestSha256     hex SHA-256 of the manifest's bytes, or null
 */
public record JournaledArchive(String table, String databaseId, String runId, String instanceId, String database,
        Engine engine, String bucket, String key, String versionId, String storageClass, String format,
        Compression compression, long sizeBytes, String sha256, Instant restoreRequestedAt, String manifestKey,
        String manifestSha256) {

    /** {@code <instance>/<database> of run <run id>}, for log lines and errors. */
    public String describe() {
        return databaseId + " of run " + runId;
    }
}
