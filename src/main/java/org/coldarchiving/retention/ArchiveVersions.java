package org.coldarchiving.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.coldarchiving.manifest.Manifest;
import org.coldarchiving.manifest.StoredManifest;
import org.coldarchiving.store.StoredArchive;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object versions that deleting an archive must remove, as DeleteObjectRequests that name the
 * version: on a versioned bucket a delete without a version only adds a delete marker and every byte stays
 * billed. Only the versions the journal recorded are deleted, never a delete marker and never another
 * version of the key: removing a marker could make an older, never-journaled version the current object
 * again, kept for ever. Camel's aws2-s3 endpoint sends them ({@code pojoRequest=true}: its deleteObject
 * operation has no version id of its own); the versions are found with the SDK (HeadObject).
 */
public class ArchiveVersions {

    private final S3Client s3;

    public ArchiveVersions(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * What to delete for an expired archive: the version of its object the journal recorded, and the version
     * of its manifest the journal recorded. A row written before versions were recorded (or on a bucket
     * without versioning) names none: then the key's current version, the one the row's key pointed to. A
     * version already gone is left out; empty when the archive and its manifest are gone.
     */
    public List<DeleteObjectRequest> toDelete(RetentionCandidate archive) {
        List<DeleteObjectRequest> requests = new ArrayList<>();
        version(archive.bucket(), archive.key(), archive.versionId()).ifPresent(requests::add);
        if (archive.manifestKey() != null) {
            version(archive.bucket(), archive.manifestKey(), archive.manifestVersionId()).ifPresent(requests::add);
        }
        return requests;
    }

    /** True when the deletions found nothing of the archive's object itself (it was gone already). */
    public boolean archiveGone(RetentionCandidate archive, List<DeleteObjectRequest> requests) {
        return requests.stream().noneMatch(r -> r.key().equals(archive.key()));
    }

    /**
     * What to delete of an archive that never finished (its object untagged): the current version of its
     * object and of its manifest, each by its version id, so that no delete marker hides a version still billed.
     */
    public List<DeleteObjectRequest> unfinished(String bucket, String key) {
        List<DeleteObjectRequest> requests = new ArrayList<>();
        version(bucket, key, null).ifPresent(requests::add);
        version(bucket, key + Manifest.KEY_SUFFIX, null).ifPresent(requests::add);
        return requests;
    }

    /** The delete of one version of a key (null: its current one), if S3 has it. */
    private Optional<DeleteObjectRequest> version(String bucket, String key, String versionId) {
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key).versionId(versionId));
            return Optional.of(request(bucket, key, head.versionId()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // HeadObject has no body: a missing key or version is a bare 404
            }
            throw e;
        }
    }

    /** The delete of the exact version an upload created (an object that failed its check). */
    public DeleteObjectRequest uploaded(StoredArchive uploaded) {
        return request(uploaded.bucket(), uploaded.key(), uploaded.versionId());
    }

    /** The delete of the manifest stored for an archive that then failed its check. */
    public DeleteObjectRequest uploadedManifest(StoredManifest manifest) {
        return request(manifest.bucket(), manifest.key(), manifest.versionId());
    }

    private static DeleteObjectRequest request(String bucket, String key, String versionId) {
        return DeleteObjectRequest.builder().bucket(bucket).key(key).versionId(StoredArchive.version(versionId))
                .build();
    }
}
