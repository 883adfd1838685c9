package org.coldarchiving.dump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains a child's error output (a dump or restore tool's) on its own thread and keeps only the last few kilobytes. */
public final class ErrorTail {

    private static final int KEEP = 4096;

    private final byte[] ring = new byte[KEEP];
    private long total;
    private final Thread drainer;

    public ErrorTail(InputStream stderr, String name) {
        drainer = new Thread(() -> drain(stderr), name + "-stderr");
        drainer.setDaemon(true);
        drainer.start();
    }

    private void drain(InputStream stderr) {
        byte[] buffer = new byte[1024];
        try (stderr) {
            int n;
            while ((n = stderr.read(buffer)) >= 0) {
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        ring[(int) (total++ % KEEP)] = buffer[i];
                    }
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        }
    }

    /** The last error output, trimmed, or a note that there was none. */
    public String text() {
        try {
            drainer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            int length = (int) Math.min(total, KEEP);
            byte[] tail = new byte[length];
            for (int i = 0; i < length; i++) {
                tail[i] = ring[(int) ((total - length + i) % KEEP)];
            }
            String text = new String(tail, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "(no error output)" : (total > KEEP ? "..." : "") + text;
        }
    }
}
