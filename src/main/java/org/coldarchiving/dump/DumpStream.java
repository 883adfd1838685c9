package org.coldarchiving.dump;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * The live standard output of a running dump tool. End of stream is reported only after the tool
 * exited 0: if it exited otherwise, the last read throws {@link DumpFailedException} with the tool's
 * error output, so a truncated dump can never pass for a complete one. Closing the stream early
 * stops the tool.
 */
public class DumpStream extends InputStream {

    private static final long EXIT_WAIT_SECONDS = 60;

    private final Process process;
    private final InputStream stdout;
    private final ErrorTail stderr;
    private final String tool;
    private long bytesRead;
    private boolean finished;

    DumpStream(Process process, ErrorTail stderr, String tool) {
        this.process = process;
        this.stdout = process.getInputStream();
        this.stderr = stderr;
        this.tool = tool;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (finished) {
            return -1;
        }
        int n = stdout.read(buffer, offset, length);
        if (n < 0) {
            checkExit();
            finished = true;
            return -1;
        }
        bytesRead += n;
        return n;
    }

    private void checkExit() throws IOException {
        int exit;
        try {
            if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new DumpFailedException(tool + " closed its output but did not exit within "
                        + EXIT_WAIT_SECONDS + " s; stopped it");
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DumpFailedException("Interrupted while waiting for " + tool + " to exit");
        }
        if (exit != 0) {
            throw new DumpFailedException(tool + " exited with status " + exit + " after " + bytesRead
                    + " bytes: " + stderr.text());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stdout.close();
        } finally {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The dump tool failed; the message has its exit status and the end of its error output. */
    public static class DumpFailedException extends IOException {
        public DumpFailedException(String message) {
            super(message);
        }
    }
}
