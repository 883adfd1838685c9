package org.coldarchiving.restore;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.database.ServerConnections;
import org.coldarchiving.database.SqlNames;
import org.coldarchiving.discovery.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases a restore creates on the target server, so that nothing ever looks restored that is not
 * and no database is dropped that nobody asked to drop: a target that exists and is not empty is refused
 * (unless replaced on purpose, archive.restore.replace=true). PostgreSQL loads under a temporary name and
 * takes the target's name when the load is complete (a replaced database is renamed aside first and
 * dropped only once the new one holds the name). MariaDB and MySQL cannot rename a database: they load
 * into the target itself with a marker table {@value #INCOMPLETE_MARKER} that is dropped only when the
 * load is complete; replacing an existing database, they first load into a temporary database, and only
 * when that load is complete (checksum verified) drop the old database and load the archive again into
 * the target, keeping the proven copy until that second load is complete. A failed load drops what it
 * made. Temporary and scratch databases are named {@code <prefix><yyyyMMddHHmmss>_<random>} (UTC), so
 * that those a killed restore or verification left behind are swept, older than a day, by the next one.
 */
public class TargetDatabases {

    /** The table that marks a MariaDB/MySQL database whose restore has not completed. */
    public static final String INCOMPLETE_MARKER = "cold_archiving_restore_incomplete";
    /** A restore's temporary database. */
    private static final String RESTORE_PREFIX = "cold_archiving_restore_";
    /** A verification's scratch database. */
    private static final String VERIFY_PREFIX = "cold_archiving_verify_";
    /** Where a PostgreSQL restore with archive.restore.replace=true puts the old database until the new one is in. */
    private static final String REPLACED_PREFIX = "cold_archiving_replaced_";
    private static final Pattern LEFTOVER = Pattern.compile("cold_archiving_(?:restore|verify)_(\\d{14})_[0-9a-f]{10}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Duration LEFTOVER_AGE = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(TargetDatabases.class);
    private static final int PG_NAME_BYTES = 63;
    private static final int MYSQL_NAME_CHARS = 64;

    /** A plan for restoring into {@code target}: refused when target exists, is not empty and may not be replaced. */
    public RestorePlan prepare(DbConnection server, String target, boolean replace) throws SQLException {
        checkName(server.engine(), target, "archive.restore.target-database");
        sweep(server);
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
        boolean temporary = server.engine() == Engine.POSTGRESQL || (exists && !empty);
        RestorePlan plan = new RestorePlan(server, target, temporary ? temporaryName(RESTORE_PREFIX) : target,
                exists, replace, false, null, false);
        create(plan, exists && !temporary);
        return plan;
    }

    /** A scratch database for a verification: a fresh name, dropped by {@link #discard} whatever happens. */
    public RestorePlan scratch(DbConnection server) throws SQLException {
        sweep(server);
        String name = temporaryName(VERIFY_PREFIX);
        RestorePlan plan = new RestorePlan(server, name, name, false, false, true, null, false);
        create(plan, false);
        return plan;
    }

    private static void create(RestorePlan plan, boolean dropEmptyTarget) throws SQLException {
        try (Connection c = ServerConnections.open(plan.server()); Statement st = c.createStatement()) {
            if (plan.server().engine() == Engine.POSTGRESQL) {
                st.execute("CREATE DATABASE " + SqlNames.postgres(plan.loadInto()) + " TEMPLATE template0");
                return;
            }
            if (dropEmptyTarget) {
                st.execute("DROP DATABASE " + SqlNames.mysql(plan.target()));
            }
            st.execute("CREATE DATABASE " + SqlNames.mysql(plan.loadInto()));
            st.execute("CREATE TABLE " + SqlNames.mysql(plan.loadInto()) + "." + SqlNames.mysql(INCOMPLETE_MARKER)
                    + " (note VARCHAR(200) NOT NULL)");
            st.execute("INSERT INTO " + SqlNames.mysql(plan.loadInto()) + "." + SqlNames.mysql(INCOMPLETE_MARKER)
                    + " VALUES ('a cold-archiving restore is loading this database, or failed: do not use it')");
        }
    }

    /**
     * The load of {@code plan} is complete. PostgreSQL: the loaded database takes the target's name. MariaDB/
     * MySQL: the marker is dropped; when the load was the proving load of a replacement, the old database is
     * dropped now and the plan returned is the second load, into the target (the route loads it and calls
     * this again). The plan returned is done when the target holds the restore.
     */
    public RestorePlan complete(RestorePlan plan) throws SQLException {
        try (Connection c = ServerConnections.open(plan.server()); Statement st = c.createStatement()) {
            if (plan.server().engine() == Engine.POSTGRESQL) {
                takeName(c, st, plan);
                return plan.completed();
            }
            st.execute("DROP TABLE " + SqlNames.mysql(plan.loadInto()) + "." + SqlNames.mysql(INCOMPLETE_MARKER));
            if (plan.renamesOnSuccess()) {
                return replaceProven(c, st, plan);
            }
            if (plan.proven() != null) {
                dropQuietly(st, plan, plan.proven(), "the proven copy of this restore");
            }
            return plan.completed();
        }
    }

    /** MariaDB/MySQL: the archive loaded completely into a temporary database; the old target goes now. */
    private static RestorePlan replaceProven(Connection c, Statement st, RestorePlan plan) throws SQLException {
        if (exists(c, plan.server().engine(), plan.target())) {
            LOG.warn("archive.restore.replace=true: the archive loaded completely into {} (checksum verified); "
                    + "dropping the existing database {} to load it again there (MariaDB/MySQL cannot rename a "
                    + "database); {} is kept until that load is complete", plan.loadInto(), plan.target(),
                    plan.loadInto());
            try {
                st.execute("DROP DATABASE " + SqlNames.mysql(plan.target()));
            } catch (SQLException e) {
                throw kept(plan, "the existing database " + plan.target() + " cannot be dropped (" + e.getMessage()
                        + ")", e);
            }
        }
        RestorePlan second = new RestorePlan(plan.server(), plan.target(), plan.target(), plan.existed(),
                plan.replace(), false, plan.loadInto(), false);
        create(second, false);
        return second;
    }

    /**
     * PostgreSQL: the loaded database takes the target's name. A target that is there now is replaced only
     * with archive.restore.replace=true or when it was there, empty, before the load (and still is); it is
     * renamed aside, the new one renamed in, and only then is the old one dropped (renamed back when the
     * new one cannot take the name). Whatever stops it, the loaded database is kept.
     */
    private static void takeName(Connection c, Statement st, RestorePlan plan) throws SQLException {
        String target = SqlNames.postgres(plan.target());
        String loaded = SqlNames.postgres(plan.loadInto());
        if (!exists(c, Engine.POSTGRESQL, plan.target())) {
            try {
                st.execute("ALTER DATABASE " + loaded + " RENAME TO " + target);
                return;
            } catch (SQLException e) {
                throw kept(plan, "it cannot be renamed to " + plan.target() + " (" + e.getMessage() + ")", e);
            }
        }
        if (!plan.replace() && !(plan.existed() && isEmpty(plan.server(), plan.target()))) {
            throw kept(plan, "a database " + plan.target() + " appeared on the server while the archive loaded, "
                    + "and archive.restore.replace=false does not replace it", null);
        }
        String aside = temporaryName(REPLACED_PREFIX);
        try {
            st.execute("ALTER DATABASE " + target + " RENAME TO " + SqlNames.postgres(aside));
        } catch (SQLException e) {
            throw kept(plan, "the existing database " + plan.target() + " cannot be renamed aside to make room ("
                    + e.getMessage() + "): close its connections", e);
        }
        try {
            st.execute("ALTER DATABASE " + loaded + " RENAME TO " + target);
        } catch (SQLException e) {
            try {
                st.execute("ALTER DATABASE " + SqlNames.postgres(aside) + " RENAME TO " + target);
            } catch (SQLException back) {
                e.addSuppressed(back);
                throw kept(plan, "it cannot be renamed to " + plan.target() + " (" + e.getMessage() + "), and the "
                        + "existing database, renamed aside to " + aside + ", cannot be renamed back ("
                        + back.getMessage() + "): rename it back by hand", e);
            }
            throw kept(plan, "it cannot be renamed to " + plan.target() + " (" + e.getMessage() + "); the existing "
                    + "database is back under its name", e);
        }
        dropQuietly(st, plan, aside, "the replaced database " + plan.target() + ", renamed aside");
    }

    private static RestoreKeptException kept(RestorePlan plan, String why, Throwable cause) {
        return new RestoreKeptException("The archive loaded completely into " + plan.loadInto() + " on "
                + plan.server().host() + ":" + plan.server().port() + ", but " + why + ": the loaded database is "
                + "kept as " + plan.loadInto() + " (rename it to use it, or drop it; a restore or verify run drops "
                + "it as a leftover once it is a day old)", cause);
    }

    private static void dropQuietly(Statement st, RestorePlan plan, String database, String what) {
        try {
            st.execute("DROP DATABASE " + (plan.server().engine() == Engine.POSTGRESQL ? SqlNames.postgres(database)
                    : SqlNames.mysql(database)));
            LOG.info("Dropped {} ({}) after the restore into {}", what, database, plan.target());
        } catch (SQLException e) {
            LOG.error("The restore into {} is complete, but {} ({}) could not be dropped ({}): drop it by hand",
                    plan.target(), what, database, e.getMessage());
        }
    }

    /** Drops what a failed (or a verification's) load made; never a database this restore did not create. */
    public void discard(RestorePlan plan) {
        discard(plan, null);
    }

    /**
     * Drops what a failed load made; a load that completed but could not take the target's place
     * ({@link RestoreKeptException}) is kept, and a failed second load of a MariaDB/MySQL replacement
     * leaves the proven copy that the first load made.
     */
    public void discard(RestorePlan plan, Throwable failure) {
        if (plan == null || plan.done()) {
            return;
        }
        if (failure instanceof RestoreKeptException) {
            LOG.error("Kept database {} on {}:{}: {}", plan.loadInto(), plan.server().host(), plan.server().port(),
                    failure.getMessage());
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
        if (plan.proven() != null) {
            LOG.error("The archive is complete in database {} on {}:{} (loaded and checksum-verified before the old "
                    + "{} was dropped); it is kept: rename its tables into {} or restore again (a restore or verify "
                    + "run drops it as a leftover once it is a day old)", plan.proven(), plan.server().host(),
                    plan.server().port(), plan.target(), plan.target());
        }
    }

    /**
     * Drops the temporary and scratch databases that restores and verifications killed before they could
     * clean up left on this server: only names of exactly the form {@code cold_archiving_restore_} or
     * {@code cold_archiving_verify_} + {@code yyyyMMddHHmmss_} + 10 hex digits, made more than a day ago (a
     * restore or verification still running made its database less than a day ago, or, when it runs longer,
     * has a session on it: such a database is left alone), each logged. A failure is logged and the restore
     * or verification goes on.
     */
    public void sweep(DbConnection server) {
        Instant before = Instant.now().minus(LEFTOVER_AGE);
        boolean postgres = server.engine() == Engine.POSTGRESQL;
        try (Connection c = ServerConnections.open(server); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(postgres
                    ? "SELECT datname FROM pg_database WHERE datname LIKE 'cold\\_archiving\\_%'"
                    : "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'cold\\_archiving\\_%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                Matcher m = LEFTOVER.matcher(name);
                if (!m.matches()) {
                    continue;
                }
                Instant made;
                try {
                    made = STAMP.parse(m.group(1), Instant::from);
                } catch (DateTimeException e) {
                    continue;
                }
                if (!made.isBefore(before)) {
                    continue;
                }
                if (inUse(c, postgres, name)) {
                    LOG.info("Leftover-looking database {} on {}:{} (made {}) has sessions: a restore or verification "
                            + "still using it; left alone", name, server.host(), server.port(), made);
                    continue;
                }
                try {
                    st.execute("DROP DATABASE IF EXISTS " + (postgres ? SqlNames.postgres(name) : SqlNames.mysql(name)));
                    LOG.warn("Dropped the leftover database {} on {}:{}: made {} by a restore or verification that "
                            + "did not finish (older than a day)", name, server.host(), server.port(), made);
                } catch (SQLException e) {
                    LOG.warn("Could not drop the leftover database {} on {}:{} ({}): drop it by hand", name,
                            server.host(), server.port(), e.getMessage());
                }
            }
        } catch (SQLException e) {
            LOG.warn("Could not look for leftover restore and verify databases on {}:{} ({}); going on",
                    server.host(), server.port(), e.getMessage());
        }
    }

    /** Sessions on the database (PostgreSQL: any user's; MariaDB/MySQL: those the user may see). */
    private static boolean inUse(Connection c, boolean postgres, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(postgres
                ? "SELECT 1 FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                : "SELECT 1 FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
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

    /** {@code <prefix><yyyyMMddHHmmss>_<10 hex digits>}, the time (UTC) telling the sweep its age. */
    private static String temporaryName(String prefix) {
        byte[] random = new byte[5];
        ThreadLocalRandom.current().nextBytes(random);
        return prefix + STAMP.format(Instant.now()) + "_" + HexFormat.of().formatHex(random);
    }
}
