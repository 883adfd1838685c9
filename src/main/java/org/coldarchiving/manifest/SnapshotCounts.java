package org.coldarchiving.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * PostgreSQL: pg_dump's output while, on a thread of its own, the rows of every table are counted in the
 * snapshot pg_dump dumps ({@link ExportedSnapshot}). The counts run beside the dump rather than before it,
 * so the archive does not wait for them; the stream ends only when both are done. The snapshot's
 * transaction stays open until then (pg_dump imports the snapshot at its start), and is closed when the
 * stream ends or is closed, whatever happened.
 */
final class SnapshotCounts extends CountedDump {

    private final ExportedSnapshot snapshot;
    private final CompletableFuture<List<TableRows>> counting;
    private List<TableRows> tables;

    SnapshotCounts(InputStream pgDump, ExportedSnapshot snapshot) {
        super(pgDump);
        this.snapshot = snapshot;
        this.counting = new CompletableFuture<>();
        Thread counter = new Thread(() -> {
            try {
                counting.complete(snapshot.countTables());
            } catch (Exception e) {
                counting.completeExceptionally(e);
            }
        }, "row-counts");
        counter.setDaemon(true);
        counter.start();
    }

    @Override
    protected void passed(byte[] buffer, int offset, int length) {
        // the rows are counted in the snapshot, not in the stream
    }

    @Override
    protected void dumpEnded() throws IOException {
        try {
            tables = counting.get();
        } catch (ExecutionException e) {
            throw new IOException("Counting the rows of the dumped snapshot failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while counting the rows of the dumped snapshot", e);
        } finally {
            snapshot.close();
        }
    }

    @Override
    public String counted() {
        return Manifest.EXPORTED_SNAPSHOT;
    }

    @Override
    protected List<TableRows> counts() {
        return tables;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            if (!counting.isDone()) {
                snapshot.cancel();
            }
            counting.handle((t, e) -> null).join();
            snapshot.close();
        }
    }
}
