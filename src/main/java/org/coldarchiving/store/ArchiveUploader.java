package org.coldarchiving.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import org.coldarchiving.run.ArchiveTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Streams a dump into S3: compress, hash and cut into multipart parts on the way, with memory fixed by
 * part size and parts in flight, whatever the dump's size. The upload is completed only if the dump tool
 * exited 0 and every part was accepted; on any failure it is aborted, so no partial object is left
 * behind. (The route then checks the stored object's size and tags its SHA-256.)
 */
public class ArchiveUploader {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveUploader.class);
    private static final int COPY_BUFFER = 1 << 20;

    private final S3Client s3;
    private final ArchiveKeys keys;
    private Compression compression;
    private int compressionLevel;
    private int compressionWorkers;
    private long partSizeBytes;
    private int partsInFlight;
    private String kmsKeyId;
    private long progressIntervalSeconds;
    private String objectLockMode;

    public ArchiveUploader(S3Client s3, ArchiveKeys keys) {
        this.s3 = s3;
        this.keys = keys;
    }

    public void setCompression(String compression) {
        this.compression = Compression.fromName(compression);
    }

    public void setCompressionLevel(int compressionLevel) {
        this.compressionLevel = compressionLevel;
    }

    public void setCompressionWorkers(int compressionWorkers) {
        this.compressionWorkers = compressionWorkers;
    }

    public void setPartSizeMb(int partSizeMb) {
        this.partSizeBytes = partSizeMb * PartSizes.MIB;
    }

    public void setPartsInFlight(int partsInFlight) {
        if (partsInFlight < 1) {
            throw new IllegalArgumentException("archive.upload.parts-in-flight must be at least 1");
        }
        this.partsInFlight = partsInFlight;
    }

    public void setKmsKeyId(String kmsKeyId) {
        this.kmsKeyId = kmsKeyId == null ? "" : kmsKeyId.trim();
    }

    /** Set from archive.object-lock.mode: each archive locked until its expiry (none: not locked). */
    public void setObjectLockMode(String objectLockMode) {
        this.objectLockMode = ObjectLocks.parse(objectLockMode);
    }

    public void setProgressIntervalSeconds(long progressIntervalSeconds) {
        this.progressIntervalSeconds = progressIntervalSeconds;
    }

    /**
     * Streams one dump into its archive object.
     *
     * @param format what the dump tool writes (pgdump or sql): the object's extension and metadata
     */
    public StoredArchive upload(ArchiveTarget target, String format, InputStream dump) throws IOException {
        // closed whatever happens, also when the upload cannot even start: that stops the dump tool (and
        // ends a PostgreSQL snapshot transaction held for the row counts)
        try (dump) {
            return stream(target, format, dump);
        }
    }

    private StoredArchive stream(ArchiveTarget target, String format, InputStream dump) throws IOException {
        String bucket = target.instance().bucket();
        String key = keys.key(target, format, compression);
        int partSize = PartSizes.partSize(partSizeBytes, target.expectedBytes());
        String uploadId = s3.createMultipartUpload(create(target, format, bucket, key)).uploadId();
        LOG.info("Archiving {} to s3://{}/{} ({}, {} MiB parts)", target.databaseId(), bucket, key,
                compression.id(), partSize / PartSizes.MIB);
        MultipartSink sink = new MultipartSink(s3, bucket, key, uploadId, partSize, partsInFlight);
        try {
            InputStream in = dump;
            HashingCounter stored = new HashingCounter(sink);
            TransferProgress progress = new TransferProgress(target.databaseId(), progressIntervalSeconds);
            long read = 0;
            try (OutputStream compressor = compression.wrap(stored, compressionLevel, compressionWorkers)) {
                byte[] buffer = new byte[COPY_BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    compressor.write(buffer, 0, n);
                    read += n;
                    progress.update(read, stored.count());
                }
            }
            List<CompletedPart> parts = sink.finish();
            String versionId = s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).versionId();
            progress.done(read, stored.count());
            return new StoredArchive(bucket, key, format, compression, read, stored.count(), stored.sha256Hex(),
                    StoredArchive.version(versionId), objectLockMode,
                    objectLockMode == null ? null : target.expiresAt());
        } catch (IOException | RuntimeException | Error e) {
            sink.cancel();
            abort(bucket, key, uploadId);
            throw e;
        }
    }

    private CreateMultipartUploadRequest create(ArchiveTarget target, String format, String bucket, String key) {
        CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .storageClass(target.instance().storageClass())
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
                .contentType("application/octet-stream")
                .metadata(Map.of("database-id", ArchiveKeys.segment(target.databaseId()),
                        "run-id", target.runId(),
                        "engine", target.instance().engine().id(),
                        "compression", compression.id(),
                        "format", format));
        if (!kmsKeyId.isEmpty()) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        if (objectLockMode != null) {
            // locked from the moment the object exists, until the expiry the journal records
            request.objectLockMode(ObjectLockMode.fromValue(objectLockMode))
                    .objectLockRetainUntilDate(target.expiresAt());
        }
        return request.build();
    }

    private void abort(String bucket, String key, String uploadId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            LOG.warn("Aborted the upload of s3://{}/{}: nothing was stored", bucket, key);
        } catch (RuntimeException e) {
            LOG.error("Could not abort the multipart upload {} of s3://{}/{}; the bucket's lifecycle rule "
                    + "removes it: {}", uploadId, bucket, key, e.getMessage());
        }
    }
}
