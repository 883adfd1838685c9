package org.coldarchiving.store;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs how far an archive has got every interval, and a final line with totals. */
final class TransferProgress {

    private static final Logger LOG = LoggerFactory.getLogger(TransferProgress.class);

    private final String what;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long nextReport;

    TransferProgress(String what, long intervalSeconds) {
        this.what = what;
        this.intervalNanos = intervalSeconds * 1_000_000_000L;
        this.nextReport = start + intervalNanos;
    }

    void update(long read, long stored) {
        long now = System.nanoTime();
        if (intervalNanos > 0 && now >= nextReport) {
            nextReport = now + intervalNanos;
            LOG.info("{}: {} read from the dump tool, {} stored, {}", what, mb(read), mb(stored), rate(read, now));
        }
    }

    void done(long read, long stored) {
        long now = System.nanoTime();
        LOG.info("{}: archived {} of dump as {} (ratio {}) in {} s, {}", what, mb(read), mb(stored),
                stored == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) read / stored),
                String.format(Locale.ROOT, "%.1f", (now - start) / 1e9), rate(read, now));
    }

    private String rate(long bytes, long now) {
        double seconds = Math.max((now - start) / 1e9, 1e-3);
        return String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6 / seconds);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
