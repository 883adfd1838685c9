package org.coldarchiving.manifest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A running dump's output together with the exact row counts of what it dumps. The stream reports its
 * end only once the counts are complete (a count that failed fails the read, so the upload is aborted
 * like for a failed dump tool); {@link #tables()} is read after that.
 */
public abstract class CountedDump extends FilterInputStream {

    private boolean ended;

    protected CountedDump(InputStream dump) {
        super(dump);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        int n = in.read(buffer, offset, length);
        if (n < 0) {
            dumpEnded();
            ended = true;
        } else {
            passed(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a counted dump is read, not skipped");
    }

    /** Bytes of the dump on their way. */
    protected abstract void passed(byte[] buffer, int offset, int length);

    /** The dump tool exited 0 and its output is at its end: the counts must be complete now. */
    protected abstract void dumpEnded() throws IOException;

    /** How the rows were counted: {@link Manifest#EXPORTED_SNAPSHOT} or {@link Manifest#DUMP_STREAM}. */
    public abstract String counted();

    /** The tables and their exact rows, sorted by schema and name; only after the stream ended. */
    public final List<TableRows> tables() {
        if (!ended) {
            throw new IllegalStateException("the dump has not ended: its row counts are not complete");
        }
        return counts();
    }

    protected abstract List<TableRows> counts();
}
