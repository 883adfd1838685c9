package org.coldarchiving.restore;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.database.ServerConnections;
import org.coldarchiving.database.SqlNames;
import org.coldarchiving.discovery.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases a restore creates on the target server, so that nothing ever looks restored that is not:
 * a target that exists and is not empty is refused (unless replaced on purpose); PostgreSQL loads under
 * a temporary name and renames it when the load is complete; MariaDB and MySQL cannot rename a database,
 * so they load into the target itself with a marker table {@value #INCOMPLETE_MARKER} that is dropped
 * only when the load is complete. A failed load drops what it made.
 */
public class TargetDatabases {

    /** The table that marks a MariaDB/MySQL database whose restore has not completed. */
    public static final String INCOMPLETE_MARKER = "cold_archiving_restore_incomplete";
    private static final Logger LOG = LoggerFactory.getLogger(TargetDatabases.class);
    private static final int PG_NAME_BYTES = 63;
    private static final int MYSQL_NAME_CHARS = 64;

    /** A plan for restoring into {@code target}: refused when target exists, is not empty and may not be replaced. */
    public RestorePlan prepare(DbConnection server, String target, boolean replace) throws SQLException {
        checkName(server.engine(), target, "archive.restore.target-database");
        boolean exists;
        boolean empty;
        try (Connection c = ServerConnections.open(server)) {
            exists = exists(c, server.engine(), target);
        }
        empty = !exists || isEmpty(server, target);
        if (exists && !empty && !replace) {
            throw new IllegalArgumentException("Database " + target + " already exists on " + server.host() + ":"
                    + server.port() + " and is not empty: choose another archive.restore.target-database, or set "
                    + "archive.restore.replace=true to replace it once the restore is complete");
        }
        RestorePlan plan = new RestorePlan(server, target,
                server.engine() == Engine.POSTGRESQL ? temporaryName("cold_archiving_restore_") : target,
                exists && !empty, false);
        create(plan, exists);
        return plan;
    }

    /** A scratch database for a verification: a fresh name, dropped by {@link #discard} whatever happens. */
    public RestorePlan scratch(DbConnection server) throws SQLException {
        String name = temporaryName("cold_archiving_verify_");
        RestorePlan plan = new RestorePlan(server, name, name, false, true);
        create(plan, false);
        return plan;
    }

    private void create(RestorePlan plan, boolean targetExists) throws SQLException {
        try (Connection c = ServerConnections.open(plan.server()); Statement st = c.createStatement()) {
            if (plan.server().engine() == Engine.POSTGRESQL) {
                st.execute("CREATE DATABASE " + SqlNames.postgres(plan.loadInto()) + " TEMPLATE template0");
                return;
            }
            if (targetExists && plan.replaces()) {
                LOG.warn("archive.restore.replace=true: dropping the existing database {} before loading into it "
                        + "(MariaDB/MySQL cannot rename a database, so it cannot be replaced after the load)",
                        plan.target());
            }
            if (targetExists) {
                st.execute("DROP DATABASE " + SqlNames.mysql(plan.target()));
            }
            st.execute("CREATE DATABASE " + SqlNames.mysql(plan.loadInto()));
            st.execute("CREATE TABLE " + SqlNames.mysql(plan.loadInto()) + "." + SqlNames.mysql(INCOMPLETE_MARKER)
                    + " (note VARCHAR(200) NOT NULL)");
            st.execute("INSERT INTO " + SqlNames.mysql(plan.loadInto()) + "." + SqlNames.mysql(INCOMPLETE_MARKER)
                    + " VALUES ('a cold-archiving restore is loading this database, or failed: do not use it')");
        }
    }

    /** The load is complete: the target takes its place (PostgreSQL rename; MariaDB/MySQL marker dropped). */
    public void complete(RestorePlan plan) throws SQLException {
        try (Connection c = ServerConnections.open(plan.server()); Statement st = c.createStatement()) {
            if (plan.server().engine() != Engine.POSTGRESQL) {
                st.execute("DROP TABLE " + SqlNames.mysql(plan.loadInto()) + "." + SqlNames.mysql(INCOMPLETE_MARKER));
                return;
            }
            if (exists(c, Engine.POSTGRESQL, plan.target())) {
                try {
                    st.execute("DROP DATABASE " + SqlNames.postgres(plan.target()));
                } catch (SQLException e) {
                    throw new SQLException("The restore is complete in " + plan.loadInto() + " but the existing "
                            + "database " + plan.target() + " cannot be dropped to make room (" + e.getMessage()
                            + "): close its connections and run the restore again", e);
                }
            }
            st.execute("ALTER DATABASE " + SqlNames.postgres(plan.loadInto()) + " RENAME TO " + SqlNames.postgres(plan.target()));
        }
    }

    /** Drops what a failed (or a verification's) load made; never a database this restore did not create. */
    public void discard(RestorePlan plan) {
        if (plan == null) {
            return;
        }
        try (Connection c = ServerConnections.open(plan.server()); Statement st = c.createStatement()) {
            if (plan.server().engine() == Engine.POSTGRESQL) {
                st.execute("DROP DATABASE IF EXISTS " + SqlNames.postgres(plan.loadInto())
                        + (c.getMetaData().getDatabaseMajorVersion() >= 13 ? " WITH (FORCE)" : ""));
            } else {
                st.execute("DROP DATABASE IF EXISTS " + SqlNames.mysql(plan.loadInto()));
            }
            LOG.info("Dropped {} database {}", plan.scratch() ? "the scratch" : "the partly restored", plan.loadInto());
        } catch (SQLException e) {
            LOG.error("Could not drop database {} on {}:{} ({}): drop it by hand, it is not a complete restore",
                    plan.loadInto(), plan.server().host(), plan.server().port(), e.getMessage());
        }
    }

    private static boolean exists(Connection c, Engine engine, String name) throws SQLException {
        String sql = engine == Engine.POSTGRESQL ? "SELECT 1 FROM pg_database WHERE datname = ?"
                : "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** No table, view, sequence, routine or type of its own (PostgreSQL), no table, routine or event (MySQL). */
    private static boolean isEmpty(DbConnection server, String name) throws SQLException {
        if (server.engine() == Engine.POSTGRESQL) {
            try (Connection c = ServerConnections.open(server, name); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM pg_class k JOIN pg_namespace n ON "
                            + "n.oid = k.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                            + "AND n.nspname NOT LIKE 'pg_toast%') + (SELECT count(*) FROM pg_proc p JOIN "
                            + "pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', "
                            + "'information_schema')) + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN "
                            + "('pg_catalog', 'information_schema', 'public') AND nspname NOT LIKE 'pg_t%')")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
        try (Connection c = ServerConnections.open(server); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?) + (SELECT count(*) "
                        + "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?) + (SELECT count(*) FROM "
                        + "information_schema.EVENTS WHERE EVENT_SCHEMA = ?)")) {
            ps.setString(1, name);
            ps.setString(2, name);
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    private static void checkName(Engine engine, String name, String setting) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty: name the database to restore into");
        }
        if (engine == Engine.POSTGRESQL && name.getBytes(StandardCharsets.UTF_8).length > PG_NAME_BYTES) {
            throw new IllegalArgumentException(setting + "='" + name + "' is longer than PostgreSQL's "
                    + PG_NAME_BYTES + "-byte limit for names: set a shorter archive.restore.target-database");
        }
        if (engine != Engine.POSTGRESQL && (name.length() > MYSQL_NAME_CHARS || name.endsWith(" "))) {
            throw new IllegalArgumentException(setting + "='" + name + "' is not a valid MariaDB/MySQL database name "
                    + "(at most " + MYSQL_NAME_CHARS + " characters, no trailing space): set another "
                    + "archive.restore.target-database");
        }
    }

    private static String temporaryName(String prefix) {
        byte[] random = new byte[5];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }
}
