package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.ArchiveRestore;
import org.coldarchiving.support.DatabaseComparison;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The fidelity corpus: a database per engine that holds what real ones hold (src/test/resources/corpus),
 * under a hostile name, archived by the application as a backup user with the privileges the README asks
 * for, restored from S3 into a new database, and compared with its source object by object and row by row
 * (DatabaseComparison): any difference fails the test and is named. The comparison is shown to see a
 * difference, too.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class FidelityCorpusTest extends InProcessArchiveTest {

    static final String PG_NAME = "corpus -h 'q\"; $(touch /tmp/cold-archiving-pwned) ✓";
    static final String MARIA_NAME = "corpus -h 'q\"b\\s $(x) ✓";
    static final String PASSWORD = "corpus-backup-pw";
    /** The README's grant of every large object of a database to the backup user. */
    static final String LARGE_OBJECTS_GRANT = "DO $$DECLARE o oid; BEGIN FOR o IN SELECT oid FROM pg_largeobject_metadata "
            + "LOOP EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO cold_archiver', o); END LOOP; END$$";

    @BeforeEach
    void onlyTheCorpusInstances() {
        aws.forgetAllInstances();
        aws.purge("cold-archiving-dlq");
    }

    /** Other tests archive every database of the server: the corpus (row-level security) is not theirs. */
    @AfterEach
    void dropTheCorpus() throws Exception {
        LocalServices.dropPostgresDatabase(PG_NAME);
        LocalServices.dropPostgresDatabase("corpus_pg_restored");
        try (Connection c = LocalServices.mariadb("")) {
            LocalServices.execute(c, "DROP DATABASE IF EXISTS `" + MARIA_NAME.replace("`", "``") + "`",
                    "DROP DATABASE IF EXISTS corpus_maria_restored");
        }
    }

    static String corpus(String file) throws Exception {
        return Files.readString(Path.of("src/test/resources/corpus", file));
    }

    /** The PostgreSQL corpus, with its database-level settings, comment and privileges. */
    static void postgresCorpus() throws Exception {
        try (Connection c = LocalServices.postgres("postgres")) {
            for (String role : List.of("corpus_owner", "corpus_reader")) {
                LocalServices.execute(c, "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
                        + "') THEN CREATE ROLE " + role + " NOLOGIN; END IF; END$$");
            }
        }
        LocalServices.recreatePostgresDatabase(PG_NAME);
        String quoted = "\"" + PG_NAME.replace("\"", "\"\"") + "\"";
        LocalServices.restore(corpus("postgresql.sql").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("PGPASSWORD", LocalServices.ADMIN_PASSWORD), "psql", "-q", "-v", "ON_ERROR_STOP=1",
                "--dbname=host=127.0.0.1 port=" + LocalServices.PG_PORT + " user=postgres dbname='"
                        + PG_NAME.replace("\\", "\\\\").replace("'", "\\'") + "'");
        try (Connection c = LocalServices.postgres("postgres")) {
            LocalServices.execute(c, "ALTER DATABASE " + quoted + " SET search_path = '\"Sales & Ops\", public'",
                    "ALTER DATABASE " + quoted + " SET statement_timeout = '5min'",
                    "ALTER ROLE corpus_reader IN DATABASE " + quoted + " SET work_mem = '3MB'",
                    "COMMENT ON DATABASE " + quoted + " IS 'the corpus: it''s all here'",
                    "GRANT CONNECT, TEMPORARY ON DATABASE " + quoted + " TO corpus_reader");
        }
    }

    @Test
    void postgresCorpusComesBackTheSame() throws Exception {
        LocalServices.dropPostgresDatabase("corpus_pg_restored"); // an earlier run's: it holds grants to corpus_backup
        postgresCorpus();
        LocalServices.postgresBackupUser("corpus_backup", PASSWORD);
        try (Connection c = LocalServices.postgres("postgres")) {
            // pg_dump cannot read a table with row-level security without it (README: the backup user)
            LocalServices.execute(c, "ALTER ROLE corpus_backup BYPASSRLS");
        }
        try (Connection c = LocalServices.postgres(PG_NAME)) {
            // nor a large object it may not SELECT (pg_read_all_data does not cover them): README
            LocalServices.execute(c, LARGE_OBJECTS_GRANT.replace("cold_archiver", "corpus_backup"));
        }
        aws.registerInstance("corpus-pg", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", PG_NAME));
        aws.putSecret("cold-archiving/corpus-pg", "corpus_backup", PASSWORD, LocalServices.PG_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        Map<String, AttributeValue> row = aws.journalRow("corpus-pg/" + PG_NAME, runId);
        ArchiveRestore.restoreArchive(context, aws, row, "corpus_pg_restored");
        DatabaseComparison.assertSamePostgres(PG_NAME, "corpus_pg_restored");

        // the comparison sees a changed value, a missing trigger and a moved sequence
        try (Connection c = LocalServices.postgres("corpus_pg_restored")) {
            LocalServices.execute(c, "UPDATE \"Sales & Ops\".orders SET amount = amount + 0.01 WHERE id = 7",
                    "DROP TRIGGER customers_stamp ON \"Sales & Ops\".customers",
                    "SELECT nextval('\"Sales & Ops\".invoice_no')");
        }
        List<String> differences = DatabaseComparison.postgresDifferences(PG_NAME, "corpus_pg_restored");
        assertEquals(3, differences.size(), differences::toString);
        assertTrue(differences.get(0).startsWith("relation \"Sales & Ops\".customers triggers"), differences::toString);
        assertTrue(differences.get(1).startsWith("relation \"Sales & Ops\".orders_2024 rows"), differences::toString);
        assertTrue(differences.get(2).startsWith("sequences"), differences::toString);
    }

    /** The MariaDB corpus, in a database with its own character set, collation and comment. */
    static void mariadbCorpus() throws Exception {
        try (Connection c = LocalServices.mariadb("")) {
            String quoted = "`" + MARIA_NAME.replace("`", "``") + "`";
            LocalServices.execute(c, "DROP DATABASE IF EXISTS " + quoted, "CREATE DATABASE " + quoted
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci COMMENT 'the corpus: it''s all here'");
        }
        LocalServices.restore(corpus("mariadb.sql").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("MYSQL_PWD", LocalServices.ADMIN_PASSWORD), "mariadb", "--no-defaults", "-h", "127.0.0.1",
                "-P", Integer.toString(LocalServices.MARIADB_PORT), "-u", "root", "--ssl", MARIA_NAME);
    }

    @Test
    void mariadbCorpusComesBackTheSame() throws Exception {
        mariadbCorpus();
        LocalServices.mariadbBackupUser("corpus_backup", PASSWORD);
        aws.registerInstance("corpus-maria", "mariadb", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", MARIA_NAME));
        aws.putSecret("cold-archiving/corpus-maria", "corpus_backup", PASSWORD, LocalServices.MARIADB_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        Map<String, AttributeValue> row = aws.journalRow("corpus-maria/" + MARIA_NAME, runId);
        assertEquals("INCLUDED", row.get("History").s(), row::toString);
        ArchiveRestore.restoreArchive(context, aws, row, "corpus_maria_restored");
        DatabaseComparison.assertSameMariadb(MARIA_NAME, "corpus_maria_restored");

        // the comparison sees a changed history row, a dropped event and a changed column default
        try (Connection c = LocalServices.mariadb("corpus_maria_restored")) {
            LocalServices.execute(c, "DELETE HISTORY FROM accounts BEFORE SYSTEM_TIME NOW(6)", "DROP EVENT purge_log",
                    "ALTER TABLE empty_table ALTER note SET DEFAULT 'x'");
        }
        List<String> differences = DatabaseComparison.mariadbDifferences(MARIA_NAME, "corpus_maria_restored");
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("system versioned `accounts` rows")), differences::toString);
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("event `purge_log`: missing")), differences::toString);
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("base table `empty_table` columns")), differences::toString);
    }
}
