package org.coldarchiving.manifest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.database.ServerConnections;
import org.coldarchiving.database.SqlNames;
import org.coldarchiving.discovery.Quoted;

/**
 * A PostgreSQL transaction (REPEATABLE READ, read only) that exports its snapshot
 * ({@code pg_export_snapshot()}) for {@code pg_dump --snapshot} and counts, in that same snapshot, the
 * rows of every table whose data pg_dump dumps: so the counts are exactly the dump's rows, whatever is
 * written meanwhile. It must stay open until pg_dump has imported the snapshot: it is closed once the
 * dump ended.
 *
 * <p>Counted: ordinary and unlogged tables, each partition of a partitioned table on its own (pg_dump
 * dumps the partitions' rows; a partitioned table has none of its own), each table of an inheritance tree
 * {@code FROM ONLY} itself. Not counted: views, materialized views (pg_dump stores their query and
 * {@code REFRESH}es them on restore: their rows are recomputed, not archived), foreign tables, sequences,
 * temporary tables, system schemas and the tables of extensions (recreated by {@code CREATE EXTENSION}).
 * Row-level security is off, as in pg_dump: a policy cannot hide rows from the count without failing it.
 */
final class ExportedSnapshot implements AutoCloseable {

    private static final String TABLES = "SELECT n.nspname, c.relname FROM pg_catalog.pg_class c "
            + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE c.relkind = 'r' AND c.relpersistence <> 't' "
            + "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' "
            + "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass "
            + "AND d.objid = c.oid AND d.deptype = 'e')";

    private final Connection db;
    private final String id;
    private volatile Statement running;
    private volatile boolean cancelled;

    private ExportedSnapshot(Connection db, String id) {
        this.db = db;
        this.id = id;
    }

    /** Opens the transaction on the database and exports its snapshot. */
    static ExportedSnapshot export(DbConnection server, String database) throws SQLException {
        Connection db;
        try {
            db = ServerConnections.open(server, database);
        } catch (SQLException e) {
            throw new SQLException("Cannot connect to database " + Quoted.of(database) + " on " + server.host()
                    + " port " + server.port() + " to count its rows (sslmode " + server.sslMode() + "): "
                    + (tlsFailure(e) ? "the server's TLS certificate does not verify against archive.db-ca-bundle ("
                            + e.getMessage() + ")" : e.getMessage()), e.getSQLState(), e);
        }
        try {
            try (Statement st = db.createStatement()) {
                // as pg_dump does: no policy filters rows, and nothing times out the open transaction
                st.execute("SET row_security = off");
                st.execute("SET statement_timeout = 0");
                st.execute("SET idle_in_transaction_session_timeout = 0");
            }
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            db.setReadOnly(true);
            db.setAutoCommit(false);
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                return new ExportedSnapshot(db, rs.getString(1));
            }
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new SQLException("Cannot export a snapshot of database " + Quoted.of(database) + " to count its rows: "
                    + e.getMessage(), e);
        }
    }

    private static boolean tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    /** The snapshot's id, for {@code pg_dump --snapshot}. */
    String id() {
        return id;
    }

    /** The exact rows of every dumped table in the snapshot, sorted by schema and name. */
    List<TableRows> countTables() throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (Statement st = statement(); ResultSet rs = st.executeQuery(TABLES)) {
            while (rs.next()) {
                tables.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        List<TableRows> counted = new ArrayList<>();
        for (String[] table : tables) {
            if (cancelled) {
                throw new SQLException("row count cancelled: the dump ended without it");
            }
            try (Statement st = statement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM ONLY "
                    + SqlNames.postgres(table[0]) + "." + SqlNames.postgres(table[1]))) {
                rs.next();
                counted.add(new TableRows(table[0], table[1], rs.getLong(1), false));
            }
        }
        counted.sort(Comparator.comparing(TableRows::schema).thenComparing(TableRows::table));
        return counted;
    }

    private Statement statement() throws SQLException {
        Statement st = db.createStatement();
        running = st;
        return st;
    }

    /** Stops a count in progress (the dump failed: nobody needs it). */
    void cancel() {
        cancelled = true;
        Statement st = running;
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException e) {
                // the connection is closed next anyway
            }
        }
    }

    /** Ends the transaction (nothing was written) and the connection. */
    @Override
    public void close() {
        try {
            db.rollback();
        } catch (SQLException e) {
            // closing ends the transaction too
        }
        try {
            db.close();
        } catch (SQLException e) {
            // nothing left to release
        }
    }
}
