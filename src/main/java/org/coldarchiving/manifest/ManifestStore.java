package org.coldarchiving.manifest;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.coldarchiving.store.StoredArchive;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Stores an archive's manifest beside it, at {@code <archive key>.manifest.json}, in S3 STANDARD: a restore
 * test must read it at once, whatever the archive's class (a GLACIER or DEEP_ARCHIVE manifest would need its
 * own restore of hours), and a manifest of a few kilobytes costs less there than in any Glacier class (those
 * bill at least 128 KiB and 90 days per object, plus retrieval). Encrypted with the archive's KMS key, and,
 * under Object Lock, locked exactly as long as its archive, so nothing deletes it while the archive is kept.
 * (A bean, not aws2-s3's putObject: that operation sets no Object Lock.)
 */
public class ManifestStore {

    private final S3Client s3;
    private String kmsKeyId = "";

    public ManifestStore(S3Client s3) {
        this.s3 = s3;
    }

    /** Set from archive.kms-key-id, as for the archives. */
    public void setKmsKeyId(String kmsKeyId) {
        this.kmsKeyId = kmsKeyId == null ? "" : kmsKeyId.trim();
    }

    public StoredManifest put(StoredArchive archive, Manifest manifest) {
        byte[] json = manifest.toJson();
        String key = archive.key() + Manifest.KEY_SUFFIX;
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(archive.bucket()).key(key)
                .storageClass(StorageClass.STANDARD)
                .contentType("application/json")
                .checksumAlgorithm(ChecksumAlgorithm.SHA256);
        if (!kmsKeyId.isEmpty()) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        if (archive.lockMode() != null) {
            request.objectLockMode(ObjectLockMode.fromValue(archive.lockMode()))
                    .objectLockRetainUntilDate(archive.lockedUntil());
        }
        String versionId = s3.putObject(request.build(), RequestBody.fromBytes(json)).versionId();
        return new StoredManifest(archive.bucket(), key, sha256Hex(json), StoredArchive.version(versionId));
    }

    /**
     * The manifest an archive object has in S3 ({@code <archive key>.manifest.json}, its current version),
     * read back as stored: for an archive whose journal write never happened. Null when it has none.
     */
    public StoredManifest stored(String bucket, String archiveKey) throws IOException {
        String key = archiveKey + Manifest.KEY_SUFFIX;
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(r -> r.bucket(bucket).key(key))) {
            byte[] json = object.readAllBytes();
            return new StoredManifest(bucket, key, sha256Hex(json), StoredArchive.version(object.response().versionId()));
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
