package org.coldarchiving.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An output stream that becomes the parts of one S3 multipart upload. Memory is fixed: {@code inFlight}
 * parts may be uploading while one more fills; a writer that gets ahead waits for a free buffer. Each
 * part carries a CRC32C checksum that S3 checks on arrival.
 */
final class MultipartSink extends OutputStream {

    /** S3's limit on parts per upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final int partSize;
    private final BlockingQueue<byte[]> freeBuffers;
    private final ExecutorService uploaders;
    private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
    private final int buffers;
    private int allocated;
    private volatile Throwable failure;
    private byte[] current;
    private int filled;

    MultipartSink(S3Client s3, String bucket, String key, String uploadId, int partSize, int inFlight) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.partSize = partSize;
        this.buffers = inFlight + 1;
        this.freeBuffers = new ArrayBlockingQueue<>(buffers);
        this.uploaders = Executors.newFixedThreadPool(inFlight, r -> {
            Thread t = new Thread(r, "s3-part-upload");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        while (length > 0) {
            if (current == null) {
                current = takeBuffer();
            }
            int n = Math.min(length, partSize - filled);
            System.arraycopy(data, offset, current, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == partSize) {
                submitCurrent();
            }
        }
    }

    /** Sends the last part and waits for every part; returns them in part order for CompleteMultipartUpload. */
    List<CompletedPart> finish() throws IOException {
        if (current == null && parts.isEmpty()) {
            current = takeBuffer(); // nothing was written: the object is one empty part
        }
        if (current != null) {
            submitCurrent();
        }
        List<CompletedPart> done = new ArrayList<>();
        try {
            for (CompletableFuture<CompletedPart> part : parts) {
                done.add(part.join());
            }
        } catch (CompletionException e) {
            throw new IOException("Uploading a part of s3://" + bucket + "/" + key + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } finally {
            uploaders.shutdown();
        }
        return done;
    }

    /** Stops the part uploaders after a failure elsewhere. */
    void cancel() {
        uploaders.shutdownNow();
    }

    /** A free part buffer: allocated while fewer than inFlight + 1 exist, else the next one returned. */
    private byte[] takeBuffer() throws IOException {
        checkFailure();
        byte[] buffer = freeBuffers.poll();
        if (buffer == null && allocated < buffers) {
            allocated++;
            return new byte[partSize];
        }
        try {
            while (buffer == null) {
                buffer = freeBuffers.poll(1, TimeUnit.SECONDS);
                checkFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for a part upload", e);
        }
        return buffer;
    }

    private void submitCurrent() throws IOException {
        checkFailure();
        int partNumber = parts.size() + 1;
        if (partNumber > MAX_PARTS) {
            throw new IOException("s3://" + bucket + "/" + key + " needs more than " + MAX_PARTS + " parts of "
                    + partSize + " bytes: raise archive.upload.part-size-mb");
        }
        byte[] buffer = current;
        int length = filled;
        current = null;
        filled = 0;
        parts.add(CompletableFuture.supplyAsync(() -> {
            try {
                UploadPartResponse response = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(partNumber).contentLength((long) length)
                        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length));
                return CompletedPart.builder().partNumber(partNumber).eTag(response.eTag())
                        .checksumCRC32C(response.checksumCRC32C()).build();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                freeBuffers.offer(buffer);
            }
        }, uploaders));
    }

    private void checkFailure() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw new IOException("Uploading to s3://" + bucket + "/" + key + " failed: " + f.getMessage(), f);
        }
    }
}
