package org.coldarchiving.retention;

import java.util.ArrayList;
import java.util.List;

import org.coldarchiving.manifest.StoredManifest;
import org.coldarchiving.store.StoredArchive;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * The object versions that deleting an archive must remove, as DeleteObjectRequests that name the
 * version: on a versioned bucket a delete without a version only adds a delete marker and every byte stays
 * billed. Camel's aws2-s3 endpoint sends them ({@code pojoRequest=true}: its deleteObject operation has no
 * version id of its own); it has no ListObjectVersions, so this bean lists them with the SDK.
 */
public class ArchiveVersions {

    private final S3Client s3;

    public ArchiveVersions(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * What to delete for an expired archive: the version the journal recorded (for an archive journaled
     * before versions were recorded: every version of its key, which only that archive ever wrote), and
     * delete markers of the key, so that nothing of it is left; then every version of its manifest (only
     * that archive writes its key). Empty when the archive and its manifest are already gone.
     */
    public List<DeleteObjectRequest> toDelete(RetentionCandidate archive) {
        List<DeleteObjectRequest> requests = versions(archive.bucket(), archive.key(), archive.versionId());
        if (archive.manifestKey() != null) {
            requests.addAll(versions(archive.bucket(), archive.manifestKey(), null));
        }
        return requests;
    }

    /** True when the deletions found nothing of the archive's object itself (it was gone already). */
    public boolean archiveGone(RetentionCandidate archive, List<DeleteObjectRequest> requests) {
        return requests.stream().noneMatch(r -> r.key().equals(archive.key()));
    }

    /** The versions of one key (only {@code versionId} if given), then its delete markers if a version is left. */
    private List<DeleteObjectRequest> versions(String bucket, String key, String versionId) {
        List<DeleteObjectRequest> requests = new ArrayList<>();
        List<DeleteObjectRequest> markers = new ArrayList<>();
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(key))) {
            for (ObjectVersion version : page.versions()) {
                if (version.key().equals(key) && (versionId == null || versionId.equals(version.versionId()))) {
                    requests.add(request(bucket, key, version.versionId()));
                }
            }
            for (DeleteMarkerEntry marker : page.deleteMarkers()) {
                if (marker.key().equals(key)) {
                    markers.add(request(bucket, key, marker.versionId()));
                }
            }
        }
        if (!requests.isEmpty()) {
            requests.addAll(markers); // markers alone: the object is gone, leave them to the lifecycle rule
        }
        return requests;
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
