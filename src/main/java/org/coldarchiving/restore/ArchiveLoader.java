package org.coldarchiving.restore;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

import com.github.luben.zstd.ZstdInputStream;
import org.coldarchiving.dump.ChildProcesses;
import org.coldarchiving.dump.ErrorTail;
import org.coldarchiving.journal.JournaledArchive;
import org.coldarchiving.store.TransferProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an archive object into its restore tool: S3 bytes → SHA-256 → decompress → (DEFINER rewrite) →
 * the tool's standard input, a buffer at a time (memory stays bounded whatever the archive's size), with
 * a progress line every archive.progress-interval. The load counts only if the tool exited 0 and the
 * object's SHA-256 is the journal's: a changed or truncated object fails with "checksum mismatch" even
 * when the tool accepted what it got, so the caller drops what was loaded.
 */
public class ArchiveLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveLoader.class);
    private static final int BUFFER = 256 * 1024;
    /** After a failed load, at most this much of the object is still read to tell a bad object from a bad load. */
    private static final long CHECK_AFTER_FAILURE_BYTES = 1L << 30;
    /** The head of a custom-format dump kept for its table of contents (DatabaseProperties): 64 MiB at most. */
    private static final int HEAD_BYTES = 64 << 20;

    private long progressIntervalSeconds = 30;

    public void setProgressIntervalSeconds(long progressIntervalSeconds) {
        this.progressIntervalSeconds = progressIntervalSeconds;
    }

    /**
     * Loads the object into the plan's database with the command.
     *
     * @return a pg_dump custom-format archive's head (its table of contents, for {@link DatabaseProperties}) in
     *         a temporary file; null for other formats
     * @throws RestoreFailedException naming the reason: checksum mismatch, an object that does not
     *                                decompress, or the tool's exit code and its own error output
     */
    public Path load(InputStream object, JournaledArchive archive, LoadCommand command)
            throws IOException, RestoreFailedException {
        Path head = "pgdump".equals(archive.format()) ? Files.createTempFile("cold-archiving-toc", ".pgdump") : null;
        try (OutputStream headCopy = head == null ? OutputStream.nullOutputStream() : Files.newOutputStream(head)) {
            load(object, archive, command, headCopy);
            return head;
        } catch (IOException | RestoreFailedException | RuntimeException e) {
            if (head != null) {
                Files.deleteIfExists(head);
            }
            throw e;
        }
    }

    private void load(InputStream object, JournaledArchive archive, LoadCommand command, OutputStream headCopy)
            throws IOException, RestoreFailedException {
        MessageDigest sha256 = sha256();
        CountingInputStream counted = new CountingInputStream(new DigestInputStream(object, sha256));
        Process process = start(command);
        ErrorTail errors = new ErrorTail(process.getErrorStream(), command.tool());
        TransferProgress progress = new TransferProgress(archive.describe(), progressIntervalSeconds,
                "read from S3", "loaded");
        String unreadable = null;
        String loadBroke = null;
        long loaded = 0;
        DefinerRewrite definers = null;
        try (object) {
            OutputStream stdin = process.getOutputStream();
            if (command.rewritesDefiners()) {
                definers = new DefinerRewrite(stdin);
                stdin = definers;
            }
            try (InputStream dump = decompress(counted, archive); OutputStream tool = stdin) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while (true) {
                    try {
                        n = dump.read(buffer);
                    } catch (IOException e) {
                        unreadable = e.getMessage();
                        break;
                    }
                    if (n < 0) {
                        break;
                    }
                    tool.write(buffer, 0, n);
                    if (loaded < HEAD_BYTES) {
                        headCopy.write(buffer, 0, (int) Math.min(n, HEAD_BYTES - loaded));
                    }
                    loaded += n;
                    progress.update(counted.count, loaded);
                }
            } catch (IOException e) {
                // the tool stopped reading (it exited): its exit code and error output say why
                loadBroke = e.getMessage();
            }
            long limit = unreadable == null && loadBroke == null ? Long.MAX_VALUE : CHECK_AFTER_FAILURE_BYTES;
            counted.skipRest(limit);
        }
        int exit = waitFor(process);
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (counted.complete && !actual.equals(archive.sha256())) {
            throw new RestoreFailedException("checksum mismatch: the object " + archive.key() + " read "
                    + counted.count + " bytes with SHA-256 " + actual + ", the journal recorded " + archive.sizeBytes()
                    + " bytes with SHA-256 " + archive.sha256() + " (the stored object was changed or truncated)");
        }
        if (unreadable != null) {
            throw new RestoreFailedException("the object " + archive.key() + " does not decompress as "
                    + archive.compression().id() + " (" + unreadable + ")");
        }
        if (exit != 0 || loadBroke != null) {
            throw new RestoreFailedException(command.tool() + " exited " + exit + ": " + errors.text());
        }
        if (definers != null && definers.rewritten() > 0) {
            LOG.info("{}: {} DEFINER clauses set to the restoring user (archive.restore.ownership=restoring-user)",
                    archive.describe(), definers.rewritten());
        }
        progress.restored(counted.count, loaded);
    }

    private static Process start(LoadCommand command) throws IOException {
        ProcessBuilder builder = ChildProcesses.builder(command.argv(), command.environment())
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IOException("Restore tool '" + command.tool() + "' cannot be started (" + e.getMessage()
                    + "): install it or set its archive.restore.*-command property", e);
        }
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while the restore tool ran; it was stopped", e);
        }
    }

    private static InputStream decompress(InputStream in, JournaledArchive archive) throws IOException {
        return switch (archive.compression()) {
            case ZSTD -> new ZstdInputStream(in);
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case NONE -> in;
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Counts the object's bytes, and reads what the decompressor left so the checksum covers all of it. */
    private static final class CountingInputStream extends java.io.FilterInputStream {

        private long count;
        private boolean complete;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            } else {
                complete = true;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            } else if (n < 0) {
                complete = true;
            }
            return n;
        }

        @Override
        public void close() {
            // closed with the object, after skipRest
        }

        /** Reads the rest of the object (at most limit bytes more) into the checksum. */
        void skipRest(long limit) throws IOException {
            byte[] buffer = new byte[BUFFER];
            long read = 0;
            int n;
            while (read < limit && (n = read(buffer, 0, BUFFER)) >= 0) {
                read += n;
            }
        }
    }
}
