package org.coldarchiving.manifest;

/**
 * A manifest as stored beside its archive.
 *
 * @param bucket    the archive's bucket
 * @param key       {@code <archive key>.manifest.json} (journal attribute {@code ManifestKey})
 * @param sha256    hex SHA-256 of the stored JSON (journal attribute {@code ManifestSha256})
 * @param versionId the version S3 created, or null on a bucket without versioning
 */
public record StoredManifest(String bucket, String key, String sha256, String versionId) {
}
