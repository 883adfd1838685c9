package org.coldarchiving.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes into a database without pause, one committed statement after the other, from before an archive
 * starts until after it ended: whatever a dump and a row count see of them, they must see the same.
 */
public final class ConcurrentInserts implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong committed = new AtomicLong();
    private final Thread writer;
    private volatile Exception failure;

    /** Runs the statements in turn, each committed on its own, until closed. */
    public ConcurrentInserts(Callable<Connection> connection, List<String> statements) {
        writer = new Thread(() -> {
            try (Connection c = connection.call(); Statement st = c.createStatement()) {
                while (!stop.get()) {
                    for (String sql : statements) {
                        st.execute(sql);
                        committed.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }, "concurrent-inserts");
        writer.start();
    }

    /** Statements committed so far. */
    public long committed() {
        return committed.get();
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        stop.set(true);
        writer.join(30_000);
        if (failure != null) {
            throw new SQLException("the concurrent inserts failed: " + failure.getMessage(), failure);
        }
    }
}
