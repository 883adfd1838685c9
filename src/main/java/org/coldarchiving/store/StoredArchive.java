package org.coldarchiving.store;

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
 */
public record StoredArchive(String bucket, String key, String format, Compression compression,
        long dumpBytes, long sizeBytes, String sha256) {
}
