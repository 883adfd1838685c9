package org.coldarchiving.restore;

import java.time.Duration;
import java.time.Instant;

import org.coldarchiving.journal.JournaledArchive;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.RestoreObjectRequest;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * Reads and asks for an archive object in S3: whether its exact version can be read now (the
 * {@code x-amz-restore} state of a Glacier object), the RestoreObject and GetObject requests the routes
 * send through Camel's aws2-s3 endpoint, and how long to wait between looks at a retrieval.
 */
public class ArchiveRetrievals {

    private static final Duration FIRST_POLL = Duration.ofMinutes(1);
    private static final Duration LONGEST_POLL = Duration.ofMinutes(30);

    private final S3Client s3;

    public ArchiveRetrievals(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * Where the archive's object stands. (HeadObject of an exact version: Camel's headObject operation
     * takes no version id.)
     */
    public Retrieval state(JournaledArchive archive, String tier) {
        if (!needsRetrieval(archive.storageClass())) {
            return new Retrieval(archive, Retrieval.State.READABLE, null, tier);
        }
        if ("Expedited".equals(tier) && "DEEP_ARCHIVE".equals(archive.storageClass())) {
            throw new IllegalArgumentException("archive.restore.tier=Expedited does not exist for DEEP_ARCHIVE ("
                    + archive.describe() + "): use Standard (up to 12 hours) or Bulk (up to 48 hours)");
        }
        HeadObjectResponse head = s3.headObject(r -> r.bucket(archive.bucket()).key(archive.key())
                .versionId(archive.versionId()));
        String restore = head.restore();
        if (restore == null || restore.isEmpty()) {
            return new Retrieval(archive, Retrieval.State.NOT_REQUESTED, null, tier);
        }
        return restore.contains("ongoing-request=\"true\"")
                ? new Retrieval(archive, Retrieval.State.IN_PROGRESS, archive.restoreRequestedAt(), tier)
                : new Retrieval(archive, Retrieval.State.READABLE, archive.restoreRequestedAt(), tier);
    }

    /** GLACIER and DEEP_ARCHIVE objects are read only after a RestoreObject request. */
    static boolean needsRetrieval(String storageClass) {
        return "GLACIER".equals(storageClass) || "DEEP_ARCHIVE".equals(storageClass);
    }

    /** The RestoreObject request for the archive's exact version. */
    public RestoreObjectRequest restoreRequest(JournaledArchive archive, String tier, int days) {
        return RestoreObjectRequest.builder().bucket(archive.bucket()).key(archive.key())
                .versionId(archive.versionId())
                .restoreRequest(r -> r.days(days).glacierJobParameters(g -> g.tier(Tier.fromValue(tier))))
                .build();
    }

    /** The GetObject request for the archive's exact version (a stream, read once). */
    public GetObjectRequest getRequest(JournaledArchive archive) {
        return GetObjectRequest.builder().bucket(archive.bucket()).key(archive.key()).versionId(archive.versionId())
                .build();
    }

    /** Milliseconds before the next look at a retrieval: one minute, doubling, at most half an hour. */
    public long pollDelayMillis(int looks) {
        long millis = FIRST_POLL.toMillis() << Math.min(looks, 10);
        return Math.min(millis, LONGEST_POLL.toMillis());
    }

    /** The retrieval once its RestoreObject request was sent: in progress since now. */
    public Retrieval requested(Retrieval retrieval) {
        return retrieval.requested(Instant.now());
    }
}
