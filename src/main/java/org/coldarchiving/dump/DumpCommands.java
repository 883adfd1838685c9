package org.coldarchiving.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.coldarchiving.credentials.ClientOptions;
import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.database.SeparateEvents;
import org.coldarchiving.database.SystemVersioning;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.run.ArchiveTarget;

/**
 * Builds the native dump tool's command line for one database. Untrusted strings (database names,
 * hosts and users from secrets or tags) become single arguments of the argument vector, never shell
 * text: PostgreSQL's go inside a quoted libpq conninfo, MySQL/MariaDB's after {@code --}. The password
 * goes into the child's environment only.
 */
public class DumpCommands {

    private static final String DUMP_HISTORY = "--dump-history";
    private static final String SYSTEM_USERS = "--system=users";

    private final DumpTools tools;
    private String postgresqlCommand;
    private String postgresqlClients;
    private String postgresqlFormat;
    private String mysqlCommand;
    private String mariadbCommand;
    private String mysqlOptions;
    private boolean includePasswordHashes;

    public DumpCommands(DumpTools tools) {
        this.tools = tools;
    }

    public void setPostgresqlCommand(String postgresqlCommand) {
        this.postgresqlCommand = postgresqlCommand;
    }

    public void setPostgresqlClients(String postgresqlClients) {
        this.postgresqlClients = postgresqlClients;
    }

    public void setPostgresqlFormat(String postgresqlFormat) {
        if (!"custom".equals(postgresqlFormat) && !"plain".equals(postgresqlFormat)) {
            throw new IllegalArgumentException("archive.dump.postgresql-format=" + postgresqlFormat
                    + " is not valid: use custom (for pg_restore) or plain (SQL)");
        }
        this.postgresqlFormat = postgresqlFormat;
    }

    public void setMysqlCommand(String mysqlCommand) {
        this.mysqlCommand = mysqlCommand;
    }

    public void setMariadbCommand(String mariadbCommand) {
        this.mariadbCommand = mariadbCommand;
    }

    public void setMysqlOptions(String mysqlOptions) {
        this.mysqlOptions = mysqlOptions;
    }

    /** archive.include-password-hashes: PostgreSQL's role passwords too (needs a superuser: not on RDS). */
    public void setIncludePasswordHashes(boolean includePasswordHashes) {
        this.includePasswordHashes = includePasswordHashes;
    }

    /**
     * The dump of one database. System-versioned tables (MariaDB) are dumped with their history whenever
     * the client can ({@code --dump-history}); where it cannot, the command says why in its
     * {@link HistoryCoverage}.
     */
    public DumpCommand build(ArchiveTarget target, DbConnection connection, SystemVersioning versioning) {
        if (target.isInstanceArchive()) {
            return connection.engine() == Engine.POSTGRESQL ? postgresGlobals(target, connection)
                    : mysqlUsers(connection, connection.engine() == Engine.MARIADB ? mariadbCommand : mysqlCommand);
        }
        return connection.engine() == Engine.POSTGRESQL
                ? postgres(target, connection)
                : mysql(target, connection, connection.engine() == Engine.MARIADB ? mariadbCommand : mysqlCommand,
                        versioning);
    }

    /**
     * The pg_dump for this server: chosen among the installed majors ({@code auto}), or the configured
     * one, refused before it runs when it is older than the server.
     */
    private String pgDump(ArchiveTarget target) {
        String instanceId = target.instance().instanceId();
        if ("auto".equals(postgresqlCommand)) {
            return PgDumpSelector.choose(target.serverMajor(), PgDumpSelector.installed(postgresqlClients), instanceId);
        }
        int toolMajor = tools.postgresMajor(postgresqlCommand);
        if (target.serverMajor() > toolMajor) {
            throw new IllegalStateException("Instance " + instanceId + " runs PostgreSQL " + target.serverMajor()
                    + " but " + postgresqlCommand + " is version " + toolMajor
                    + ": pg_dump cannot dump a newer server; point archive.dump.postgresql-command at pg_dump "
                    + target.serverMajor() + " or newer (or set it to auto)");
        }
        return postgresqlCommand;
    }

    private DumpCommand postgres(ArchiveTarget target, DbConnection c) {
        boolean custom = "custom".equals(postgresqlFormat);
        String pgDump = pgDump(target);
        List<String> argv = new ArrayList<>(List.of(pgDump,
                custom ? "--format=custom" : "--format=plain", "--no-password", "--dbname=" + ClientOptions.postgresConninfo(c, target.database())));
        if (custom) {
            argv.add(2, "--compress=0");
        }
        Map<String, String> env = ClientOptions.postgresEnvironment(c);
        return new DumpCommand(List.copyOf(argv), env,
                new DumpInfo(custom ? "pgdump" : "sql", tools.version(pgDump), HistoryCoverage.NONE));
    }

    /**
     * The instance archive of a PostgreSQL server: {@code pg_dumpall --globals-only} (roles, memberships,
     * role settings, tablespaces), by the pg_dumpall beside the pg_dump chosen for the server.
     * {@code --no-role-passwords} reads pg_roles instead of pg_authid, which only a superuser may read: so it
     * runs as the backup user on RDS, and no password hash is archived.
     */
    private DumpCommand postgresGlobals(ArchiveTarget target, DbConnection c) {
        String pgDump = pgDump(target);
        int slash = pgDump.lastIndexOf('/');
        String pgDumpAll = slash < 0 ? "pg_dumpall" : pgDump.substring(0, slash + 1) + "pg_dumpall";
        List<String> argv = new ArrayList<>(List.of(pgDumpAll, "--globals-only", "--no-password",
                "--dbname=" + ClientOptions.postgresConninfo(c, null)));
        if (!includePasswordHashes) {
            argv.add(2, "--no-role-passwords");
        }
        Map<String, String> env = ClientOptions.postgresEnvironment(c);
        return new DumpCommand(List.copyOf(argv), env, new DumpInfo("sql", tools.version(pgDumpAll), HistoryCoverage.NONE));
    }

    /**
     * The instance archive of a MySQL/MariaDB server: its users, roles and grants as CREATE USER IF NOT EXISTS
     * and GRANT statements ({@code mariadb-dump --system=users --insert-ignore}, so that loading them on a
     * server that has some of the accounts goes on). Password hashes are removed from the stream unless
     * archive.include-password-hashes (PasswordHashes).
     */
    private DumpCommand mysqlUsers(DbConnection c, String tool) {
        if (!tools.isMariaDbClient(tool) || !tools.hasOption(tool, "--system")) {
            throw new IllegalStateException("The instance archive (users and grants) of " + c.instanceId()
                    + " needs a MariaDB client with " + SYSTEM_USERS + ", but " + tools.version(tool)
                    + " has none: point archive.dump.mysql-command / archive.dump.mariadb-command at mariadb-dump");
        }
        List<String> argv = ClientOptions.mysqlClient(tool, c, true);
        argv.add(SYSTEM_USERS);
        argv.add("--insert-ignore");
        Map<String, String> env = ClientOptions.mysqlEnvironment(c);
        return new DumpCommand(List.copyOf(argv), env, new DumpInfo("sql", tools.version(tool), HistoryCoverage.NONE));
    }

    private DumpCommand mysql(ArchiveTarget target, DbConnection c, String tool, SystemVersioning versioning) {
        HistoryCoverage history = history(tool, versioning);
        List<String> argv = ClientOptions.mysqlClient(tool, c, tools.isMariaDbClient(tool));
        for (String option : mysqlOptions.trim().split("\\s+")) {
            // mariadb-dump --events fails on such a name: SeparateEvents appends the events instead
            if (!("--events".equals(option) && SeparateEvents.needed(c.engine(), target.database()))) {
                argv.add(option);
            }
        }
        if (history == HistoryCoverage.INCLUDED) {
            argv.add(DUMP_HISTORY);
        }
        argv.add("--");
        argv.add(target.database());
        Map<String, String> env = ClientOptions.mysqlEnvironment(c);
        return new DumpCommand(List.copyOf(argv), env, new DumpInfo("sql", tools.version(tool), history));
    }

    /**
     * Timestamp-based history is dumped by MariaDB 10.11+ clients; transaction-precise history by none
     * (mariadb-dump refuses the whole dump), so then every table is dumped without history and the
     * archive says so.
     */
    private HistoryCoverage history(String tool, SystemVersioning versioning) {
        if (!versioning.hasVersionedTables()) {
            return HistoryCoverage.NONE;
        }
        if (!tools.hasOption(tool, DUMP_HISTORY)) {
            return HistoryCoverage.notIncluded(tools.version(tool) + " cannot dump the history of system-versioned "
                    + "tables " + versioning.timestampTables() + versioning.transactionPreciseTables()
                    + ": use a MariaDB 10.11 or newer client (archive.dump.mariadb-command)");
        }
        if (!versioning.transactionPreciseTables().isEmpty()) {
            return HistoryCoverage.notIncluded("tables " + versioning.transactionPreciseTables()
                    + " use transaction-precise system versioning, whose history mariadb-dump cannot dump; so no "
                    + "table's history is in this archive (only current rows). Convert them to timestamp-based "
                    + "versioning to archive their history");
        }
        return HistoryCoverage.INCLUDED;
    }
}
