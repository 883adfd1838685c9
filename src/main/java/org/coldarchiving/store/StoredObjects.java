package org.coldarchiving.store;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.coldarchiving.manifest.Manifest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The checks the routes make on archive objects, with what Camel's aws2-s3 endpoint returns (a
 * HeadObjectResponse, the object's tags). An archive object is complete once it carries its SHA-256 tag,
 * which is written only after its size was checked.
 */
public class StoredObjects {

    static final String SHA256_TAG = "sha256";

    /** The stored object must have exactly the bytes that were streamed; else the archive fails. */
    public void checkSize(StoredArchive stored, HeadObjectResponse head) throws IOException {
        if (head.contentLength() == null || head.contentLength() != stored.sizeBytes()) {
            throw new IOException("s3://" + stored.bucket() + "/" + stored.key() + " has " + head.contentLength()
                    + " bytes, but " + stored.sizeBytes() + " were streamed");
        }
    }

    /** The tags a verified archive object carries. */
    public Map<String, String> tags(StoredArchive stored) {
        return Map.of(SHA256_TAG, stored.sha256());
    }

    /** True when an object's tags say it is a complete, verified archive. */
    public boolean isComplete(List<Tag> tags) {
        return sha256(tags).isPresent();
    }

    /** True for an archive object's key; false for its manifest's ({@code <archive key>.manifest.json}). */
    public boolean isArchiveKey(String key) {
        return !key.endsWith(Manifest.KEY_SUFFIX);
    }

    /** A complete archive object described from S3 alone (its dump size is unknown: -1). */
    public StoredArchive fromObject(String bucket, String key, HeadObjectResponse head, List<Tag> tags) {
        return new StoredArchive(bucket, key, head.metadata().getOrDefault("format", "unknown"),
                Compression.fromName(head.metadata().getOrDefault("compression", "none")), -1, head.contentLength(),
                sha256(tags).orElseThrow(), StoredArchive.version(head.versionId()),
                head.objectLockMode() == null ? null : head.objectLockModeAsString(), head.objectLockRetainUntilDate());
    }

    private static Optional<String> sha256(List<Tag> tags) {
        return tags == null ? Optional.empty()
                : tags.stream().filter(t -> SHA256_TAG.equals(t.key())).map(Tag::value).findFirst();
    }
}
