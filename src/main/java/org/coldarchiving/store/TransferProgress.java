package org.coldarchiving.store;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how far a transfer has got every interval, and a final line with totals: an archive (dump tool
 * to S3) or a restore (S3 to the restore tool).
 */
public final class TransferProgress {

    private static final Logger LOG = LoggerFactory.getLogger(TransferProgress.class);

    private final String what;
    private final String readFrom;
    private final String writtenTo;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long nextReport;

    TransferProgress(String what, long intervalSeconds) {
        this(what, intervalSeconds, "read from the dump tool", "stored");
    }

    /** A transfer whose progress lines say "{read} {readFrom}, {written} {writtenTo}". */
    public TransferProgress(String what, long intervalSeconds, String readFrom, String writtenTo) {
        this.what = what;
        this.readFrom = readFrom;
        this.writtenTo = writtenTo;
        this.intervalNanos = intervalSeconds * 1_000_000_000L;
        this.nextReport = start + intervalNanos;
    }

    public void update(long read, long stored) {
        long now = System.nanoTime();
        if (intervalNanos > 0 && now >= nextReport) {
            nextReport = now + intervalNanos;
            LOG.info("{}: {} {}, {} {}, {}", what, mb(read), readFrom, mb(stored), writtenTo, rate(read, now));
        }
    }

    /** The final line of an archive. */
    void done(long read, long stored) {
        long now = System.nanoTime();
        LOG.info("{}: archived {} of dump as {} (ratio {}) in {} s, {}", what, mb(read), mb(stored),
                stored == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) read / stored),
                String.format(Locale.ROOT, "%.1f", (now - start) / 1e9), rate(read, now));
    }

    /** The final line of a restore: the object's bytes read and the dump's bytes loaded. */
    public void restored(long objectBytes, long dumpBytes) {
        long now = System.nanoTime();
        LOG.info("{}: restored {} of archive ({} of dump) in {} s, {}", what, mb(objectBytes), mb(dumpBytes),
                String.format(Locale.ROOT, "%.1f", (now - start) / 1e9), rate(dumpBytes, now));
    }

    private String rate(long bytes, long now) {
        double seconds = Math.max((now - start) / 1e9, 1e-3);
        return String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6 / seconds);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
