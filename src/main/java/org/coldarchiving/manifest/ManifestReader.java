package org.coldarchiving.manifest;

import java.io.IOException;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads an archive's manifest back from S3 and accepts it only if its SHA-256 is the one the journal
 * recorded ({@code ManifestSha256}): a manifest changed or replaced in S3 is refused, naming both checksums.
 */
public class ManifestReader {

    /** A manifest is a few kilobytes; anything far larger is not one. */
    private static final int MAX_BYTES = 64 << 20;

    private final S3Client s3;

    public ManifestReader(S3Client s3) {
        this.s3 = s3;
    }

    public Manifest read(String bucket, String key, String journalSha256) throws IOException {
        String where = "s3://" + bucket + "/" + key;
        if (key == null || journalSha256 == null) {
            throw new IOException("the journal row names no manifest (ManifestKey, ManifestSha256): this archive "
                    + "was made before manifests were written, or its manifest was not stored");
        }
        byte[] json;
        try (var object = s3.getObject(r -> r.bucket(bucket).key(key))) {
            json = object.readNBytes(MAX_BYTES + 1);
            if (json.length > MAX_BYTES) {
                throw new IOException("manifest " + where + " has more than " + MAX_BYTES + " bytes: not a manifest");
            }
        } catch (NoSuchKeyException e) {
            throw new IOException("manifest " + where + " does not exist", e);
        }
        String sha256 = ManifestStore.sha256Hex(json);
        if (!sha256.equalsIgnoreCase(journalSha256)) {
            throw new IOException("manifest " + where + ": checksum mismatch, SHA-256 " + sha256 + " but the journal "
                    + "recorded " + journalSha256);
        }
        return Manifest.fromJson(json, where);
    }
}
