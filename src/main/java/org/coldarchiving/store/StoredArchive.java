package org.coldarchiving.store;

import java.time.Instant;

/**
 * An archive object as it was stored and verified.
 *
 * @param bucket       S3 bucket
 * @param key          object key
 * @param format       what the dump tool wrote: pgdump or sql
 * @param compression  compression applied on the way
 * @param dumpBytes    bytes the dump tool wrote
 * @param sizeBytes    bytes stored (the object's size)
 * @param sha256       hex SHA-256 of the stored bytes
 * @param versionId    the object version S3 created (null on a bucket without versioning): retention
 *                     deletes exactly this version
 * @param lockMode     S3 Object Lock mode of the object (GOVERNANCE, COMPLIANCE), or null when not locked
 * @param lockedUntil  the Object Lock retain-until date (the archive's expiry), or null when not locked
 */
public record StoredArchive(String bucket, String key, String format, Compression compression,
        long dumpBytes, long sizeBytes, String sha256, String versionId, String lockMode, Instant lockedUntil) {

    /** An object S3 stored without a version id ("null" is S3's own name for it). */
    public static String version(String versionId) {
        return versionId == null || versionId.isEmpty() || "null".equals(versionId) ? null : versionId;
    }
}
