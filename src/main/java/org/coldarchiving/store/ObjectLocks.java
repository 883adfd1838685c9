package org.coldarchiving.store;

import java.io.IOException;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * S3 Object Lock (archive.object-lock.mode): refuses to start when a lock mode is set and the bucket has
 * no Object Lock configuration, and checks after each upload that the stored version carries its
 * retain-until date (the archive's expiry). The uploader asks for the lock on CreateMultipartUpload, so on
 * S3 the object is locked from the moment it exists; a store that ignores those headers (moto does) gets
 * the retention put on the version here, with a warning.
 */
public class ObjectLocks {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectLocks.class);
    private final S3Client s3;
    private String mode;
    private String bucket;

    public ObjectLocks(S3Client s3) {
        this.s3 = s3;
    }

    /** Set from archive.object-lock.mode. */
    public void setMode(String mode) {
        this.mode = parse(mode);
    }

    /** Set from archive.bucket: the bucket checked at start-up. */
    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    /** none (no lock: null), GOVERNANCE or COMPLIANCE; anything else is refused, naming the setting. */
    public static String parse(String mode) {
        String m = mode == null ? "" : mode.trim();
        if (m.equalsIgnoreCase("none")) {
            return null;
        }
        if (m.equals("GOVERNANCE") || m.equals("COMPLIANCE")) {
            return m;
        }
        throw new IllegalArgumentException("archive.object-lock.mode='" + mode
                + "' is not a lock mode: use none, GOVERNANCE or COMPLIANCE");
    }

    /** Start-up: with a lock mode set, the bucket must have Object Lock enabled. */
    public void check() {
        if (mode == null) {
            return;
        }
        String problem;
        try {
            GetObjectLockConfigurationResponse config = s3.getObjectLockConfiguration(r -> r.bucket(bucket));
            problem = config.objectLockConfiguration() != null
                    && config.objectLockConfiguration().objectLockEnabled() == ObjectLockEnabled.ENABLED ? null
                    : "its Object Lock configuration is not enabled";
        } catch (RuntimeException e) {
            problem = "its Object Lock configuration cannot be read (" + e.getMessage() + ")";
        }
        if (problem != null) {
            throw new IllegalStateException("archive.object-lock.mode=" + mode + " but bucket " + bucket + ": "
                    + problem + ". Archives cannot be locked there: create the bucket with Object Lock enabled "
                    + "(the CloudFormation parameter ObjectLockMode does), or set archive.object-lock.mode=none");
        }
        LOG.info("Archives in s3://{} are locked ({}) until their expiry", bucket, mode);
    }

    /** The lock mode archives are uploaded with, or null. */
    public String mode() {
        return mode;
    }

    /**
     * After an upload: the stored version carries the retain-until date it was uploaded with, or gets it
     * now; one that carries an earlier date fails the archive's check.
     */
    public void confirm(StoredArchive uploaded, HeadObjectResponse head) throws IOException {
        if (uploaded.lockMode() == null) {
            return;
        }
        Instant until = head.objectLockRetainUntilDate();
        if (until == null) {
            s3.putObjectRetention(r -> r.bucket(uploaded.bucket()).key(uploaded.key())
                    .versionId(uploaded.versionId())
                    .retention(ret -> ret.mode(ObjectLockRetentionMode.fromValue(uploaded.lockMode()))
                            .retainUntilDate(uploaded.lockedUntil())));
            LOG.warn("s3://{}/{} was stored without the Object Lock it was uploaded with (the store ignored it): "
                    + "locked it now ({} until {})", uploaded.bucket(), uploaded.key(), uploaded.lockMode(),
                    uploaded.lockedUntil());
        } else if (until.isBefore(uploaded.lockedUntil())) {
            throw new IOException("s3://" + uploaded.bucket() + "/" + uploaded.key() + " is locked until " + until
                    + ", before its expiry " + uploaded.lockedUntil());
        }
    }
}
