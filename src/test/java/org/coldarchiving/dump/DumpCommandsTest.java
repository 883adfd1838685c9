package org.coldarchiving.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.ArchiveKind;
import org.coldarchiving.database.SystemVersioning;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.support.Settings;
import org.junit.jupiter.api.Test;

/** Command lines of the real dump tools installed here (their --version is asked). */
class DumpCommandsTest {

    static final String PASSWORD = "s3cret-pw";
    final DumpCommands commands = new DumpCommands(new DumpTools());

    DumpCommandsTest() {
        commands.setPostgresqlCommand(Settings.get("archive.dump.postgresql-command"));
        commands.setPostgresqlClients(Settings.get("archive.dump.postgresql-clients"));
        commands.setPostgresqlFormat(Settings.get("archive.dump.postgresql-format"));
        commands.setMysqlCommand(Settings.get("archive.dump.mysql-command"));
        commands.setMariadbCommand(Settings.get("archive.dump.mariadb-command"));
        commands.setMysqlOptions(Settings.get("archive.dump.mysql-options"));
    }

    static ArchiveTarget target(Engine engine, String database) {
        return new ArchiveTarget("2026-01-01T01:30:00Z", new ArchiveInstance("db-1", engine, "rds.example", 5432,
                "cold-archiving/db-1", List.of(), "b", "t", 365, "GLACIER_IR", 0), database, Instant.now(), 0, 0);
    }

    static DbConnection connection(Engine engine) {
        return new DbConnection("db-1", engine, "127.0.0.1", 5432, "backup", PASSWORD, "require", "");
    }

    @Test
    void postgresDatabaseNameIsQuotedInsideTheConninfo() {
        DumpCommand command = commands.build(target(Engine.POSTGRESQL, "sales' host='evil"), connection(Engine.POSTGRESQL),
                SystemVersioning.NONE);
        assertTrue(command.argv().get(0).endsWith("/bin/pg_dump"), "auto: an installed pg_dump " + command.argv());
        assertEquals(List.of("--format=custom", "--compress=0", "--no-password",
                "--dbname=host='127.0.0.1' port='5432' dbname='sales\\' host=\\'evil' user='backup' sslmode='require' "
                        + "application_name='cold-archiving'"), command.argv().subList(1, command.argv().size()));
        assertEquals("pgdump", command.info().format());
        assertTrue(command.info().toolVersion().startsWith("pg_dump"), command.info().toolVersion());
    }

    @Test
    void aPgDumpOlderThanTheServerIsRefusedBeforeItRunsWithBothVersionsNamed() {
        commands.setPostgresqlCommand("pg_dump");
        ArchiveTarget target = target(Engine.POSTGRESQL, "db");
        ArchiveTarget newerServer = new ArchiveTarget(target.runId(), target.instance(), "db", target.startedAt(), 0, 99);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> commands.build(newerServer, connection(Engine.POSTGRESQL), SystemVersioning.NONE));
        assertTrue(e.getMessage().contains("PostgreSQL 99") && e.getMessage().contains("pg_dump is version 1"),
                e.getMessage());
    }

    @Test
    void mariadbDatabaseNameComesAfterEndOfOptions() {
        DumpCommand command = commands.build(target(Engine.MARIADB, "-h evil"), connection(Engine.MARIADB),
                SystemVersioning.NONE);
        List<String> argv = command.argv();
        assertEquals("--no-defaults", argv.get(1), "no option file of this machine is read");
        assertEquals(List.of("--", "-h evil"), argv.subList(argv.size() - 2, argv.size()));
        assertTrue(argv.contains("--single-transaction"));
        assertTrue(argv.contains("--ssl"));
        assertEquals("sql", command.info().format());
    }

    @Test
    void eventsOfADatabaseWhoseNameMariadbDumpCannotSelectAreLeftToSeparateEvents() {
        assertTrue(commands.build(target(Engine.MARIADB, "plain"), connection(Engine.MARIADB), SystemVersioning.NONE)
                .argv().contains("--events"));
        for (String name : List.of("q'uote", "d\"quote", "back\\slash")) {
            List<String> argv = commands.build(target(Engine.MARIADB, name), connection(Engine.MARIADB),
                    SystemVersioning.NONE).argv();
            assertFalse(argv.contains("--events"), name + ": " + argv);
            assertTrue(argv.contains("--routines") && argv.contains("--triggers"), name + ": " + argv);
        }
    }

    @Test
    void thePasswordIsInTheEnvironmentOnly() {
        for (Engine engine : Engine.values()) {
            DumpCommand command = commands.build(target(engine, "db"), connection(engine), SystemVersioning.NONE);
            assertTrue(command.environment().containsValue(PASSWORD), engine + " gets the password");
            assertFalse(String.join(" ", command.argv()).contains(PASSWORD), engine + " argv");
            assertFalse(command.toString().contains(PASSWORD), engine + " toString");
        }
    }

    static ArchiveTarget instanceArchive(Engine engine) {
        ArchiveTarget db = target(engine, null);
        return new ArchiveTarget(db.runId(), db.instance(), null, db.startedAt(), 0, 0, ArchiveKind.INSTANCE);
    }

    @Test
    void postgresInstanceArchiveIsPgDumpallGlobalsWithoutPasswordsBesideTheChosenPgDump() {
        DumpCommand command = commands.build(instanceArchive(Engine.POSTGRESQL), connection(Engine.POSTGRESQL),
                SystemVersioning.NONE);
        assertTrue(command.argv().get(0).endsWith("/bin/pg_dumpall"), command.argv().toString());
        assertEquals(List.of("--globals-only", "--no-role-passwords", "--no-password",
                "--dbname=host='127.0.0.1' port='5432' user='backup' sslmode='require' application_name='cold-archiving'"),
                command.argv().subList(1, command.argv().size()));
        assertEquals("sql", command.info().format());
        assertFalse(command.toString().contains(PASSWORD));

        commands.setIncludePasswordHashes(true);
        assertFalse(commands.build(instanceArchive(Engine.POSTGRESQL), connection(Engine.POSTGRESQL),
                SystemVersioning.NONE).argv().contains("--no-role-passwords"), "opted in: role passwords too");
    }

    @Test
    void mariadbInstanceArchiveIsTheUsersOfTheServer() {
        DumpCommand command = commands.build(instanceArchive(Engine.MARIADB), connection(Engine.MARIADB),
                SystemVersioning.NONE);
        List<String> argv = command.argv();
        assertEquals(List.of("--system=users", "--insert-ignore"), argv.subList(argv.size() - 2, argv.size()));
        assertFalse(argv.contains("--single-transaction") || argv.contains("--"), "no database is dumped: " + argv);
        assertEquals("MYSQL_PWD", String.join(",", command.environment().keySet()));
    }

    @Test
    void anInstanceArchiveWithoutAMariadbClientIsRefusedNamingTheSetting() {
        commands.setMysqlCommand("pg_dump"); // any tool that is not a MariaDB client
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> commands.build(instanceArchive(Engine.MYSQL), connection(Engine.MYSQL), SystemVersioning.NONE));
        assertTrue(e.getMessage().contains("--system=users") && e.getMessage().contains("archive.dump.mysql-command"),
                e.getMessage());
    }
}
