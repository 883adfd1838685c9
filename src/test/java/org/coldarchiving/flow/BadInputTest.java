package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.credentials.DbConnections;
import org.coldarchiving.dump.DumpCommands;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.store.ArchiveKeys;
import org.coldarchiving.support.ApplicationProcess;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad input from tags, secrets, names and settings, end to end: each fails only its own database or
 * instance with an error that names the input and the fix, touches nothing already archived, and no
 * string ever reaches a shell.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class BadInputTest extends InProcessArchiveTest {

    static final String HOSTILE = "-h evil'; $(touch /tmp/cold-archiving-pwned) `id` \"x\"";
    @BeforeEach
    void clean() throws Exception {
        aws.forgetAllInstances();
        aws.purge("cold-archiving-dlq");
        aws.purge("cold-archiving-alerts-inbox");
        LocalServices.postgresBackupUser("bad_backup", "bad-pw");
        LocalServices.mariadbBackupUser("bad_backup", "bad-pw");
        Files.deleteIfExists(Path.of("/tmp/cold-archiving-pwned"));
    }

    void postgres(String id, Map<String, String> extraTags) {
        Map<String, String> tags = new java.util.HashMap<>(extraTags);
        tags.put("arch:AutomatedArchiving", "Active");
        aws.registerInstance(id, "postgres", tags);
        aws.putSecret("cold-archiving/" + id, "bad_backup", "bad-pw", LocalServices.PG_PORT);
    }

    String failedError(String databaseId, String runId, String step) {
        Map<String, AttributeValue> row = aws.journalRow(databaseId, runId);
        assertEquals("FAILED", row.get("Status").s(), () -> databaseId + ": " + row);
        assertEquals(step, row.get("FailedStep").s());
        return row.get("Error").s();
    }

    @Test
    void hostileDatabaseNamesAreArchivedAsDataNeverAsCommands() throws Exception {
        TestData.postgresShop(HOSTILE, 50);
        TestData.mariadbInventory("-h evil'; $(touch /tmp/cold-archiving-pwned) `id`", 50);
        postgres("bad-names-pg", Map.of("arch:DB_name", HOSTILE));
        aws.registerInstance("bad-names-maria", "mariadb", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", "-h evil'; $(touch /tmp/cold-archiving-pwned) `id`"));
        aws.putSecret("cold-archiving/bad-names-maria", "bad_backup", "bad-pw", LocalServices.MARIADB_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(0, summary.failed(), () -> aws.deadLetters("ArchiveFailed").toString());
        Map<String, AttributeValue> pg = aws.journalRow("bad-names-pg/" + HOSTILE, runId);
        assertEquals("ARCHIVED", pg.get("Status").s());
        assertTrue(pg.get("Key").s().contains("/" + ArchiveKeys.segment(HOSTILE) + "/"), pg.get("Key").s());
        LocalServices.restorePostgres(LocalServices.unzstd(aws.objectBytes(pg.get("Key").s())), "bad_names_restored");
        assertEquals(TestData.postgresFingerprint(HOSTILE), TestData.postgresFingerprint("bad_names_restored"));
        String mariaName = "-h evil'; $(touch /tmp/cold-archiving-pwned) `id`";
        Map<String, AttributeValue> maria = aws.journalRow("bad-names-maria/" + mariaName, runId);
        assertEquals("ARCHIVED", maria.get("Status").s());
        LocalServices.restoreMariadb(LocalServices.unzstd(aws.objectBytes(maria.get("Key").s())), "bad_names_restored");
        assertEquals(TestData.mariadbFingerprint(mariaName), TestData.mariadbFingerprint("bad_names_restored"));
        assertFalse(Files.exists(Path.of("/tmp/cold-archiving-pwned")), "a name reached a shell");
        LocalServices.dropPostgresDatabase(HOSTILE);
    }

    @Test
    void anUnreachableHostFailsWithTheConnectionError() {
        aws.registerInstance("bad-host", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "x"));
        aws.putSecret("cold-archiving/bad-host", "bad_backup", "bad-pw", 1);
        String runId = TestData.uniqueRunId();

        run(runId);

        String error = failedError("bad-host/x", runId, "dump-and-upload");
        assertTrue(error.contains("127.0.0.1") && error.contains("port 1"), error);
    }

    @Test
    void aServerCertificateThatDoesNotVerifyIsRefused() {
        postgres("bad-tls", Map.of("arch:DB_name", "postgres"));
        DbConnections connections = context.getRegistry().findSingleByType(DbConnections.class);
        connections.setSslMode("verify-full");
        connections.setCaBundle("/etc/ssl/certs/ca-certificates.crt"); // public CAs: not the local server's CA
        String runId = TestData.uniqueRunId();
        try {
            run(runId);
        } finally {
            connections.setCaBundle(LocalServices.env("ARCHIVE_DB_CA_BUNDLE"));
        }
        String error = failedError("bad-tls/postgres", runId, "dump-and-upload");
        assertTrue(error.contains("certificate"), error);
    }

    @Test
    void aBucketThatDoesNotExistFailsTheArchiveAndLeavesOtherBucketsAlone() {
        postgres("bad-bucket", Map.of("arch:DB_name", "postgres", "arch:AutomatedDBDumpS3Bucket", "no-such-bucket-4711"));
        String runId = TestData.uniqueRunId();

        run(runId);

        String error = failedError("bad-bucket/postgres", runId, "dump-and-upload");
        assertTrue(error.contains("NoSuchBucket") || error.contains("does not exist"), error);
    }

    @Test
    void aJournalTableThatDoesNotExistIsStillReportedByDeadLetterAndAlert() {
        postgres("bad-table", Map.of("arch:DB_name", "postgres", "arch:DynamoDBtable", "no-such-table"));
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(2, summary.failed(), "the database and the instance archive");
        List<String> dlq = aws.deadLetters("ArchiveFailed").stream()
                .filter(m -> m.contains("\"databaseId\":\"bad-table/postgres\"")).toList();
        assertEquals(1, dlq.size(), dlq::toString);
        assertTrue(dlq.get(0).contains("\"step\":\"journal-running\"") && dlq.get(0).contains("no-such-table"),
                dlq.get(0));
        assertEquals(1, aws.alerts("bad-table/postgres failed at journal-running").size());
        assertTrue(aws.objects("postgresql/bad-table/").isEmpty(), "nothing dumped without a journal");
    }

    @Test
    void aMissingDumpToolNamesTheSettingToFix() {
        postgres("bad-tool", Map.of("arch:DB_name", "postgres"));
        DumpCommands commands = context.getRegistry().findSingleByType(DumpCommands.class);
        commands.setPostgresqlCommand("/nonexistent/pg_dump");
        String runId = TestData.uniqueRunId();
        try {
            run(runId);
        } finally {
            commands.setPostgresqlCommand("auto");
        }
        String error = failedError("bad-tool/postgres", runId, "dump-and-upload");
        assertTrue(error.contains("/nonexistent/pg_dump") && error.contains("archive.dump"), error);
    }

    @Test
    void aSecretWithoutPasswordIsRefusedWithoutShowingIt() {
        aws.registerInstance("bad-secret", "postgres", Map.of("arch:AutomatedArchiving", "Active"));
        aws.putSecretString("cold-archiving/bad-secret", "{\"username\":\"bad_backup\",\"pass\":\"s3cr3t-value\"}");
        String runId = TestData.uniqueRunId();

        run(runId);

        String error = failedError("bad-secret/*", runId, "read-secret");
        assertTrue(error.contains("cold-archiving/bad-secret has no 'password'"), error);
        assertFalse(error.contains("s3cr3t-value"));
    }

    @Test
    void anUnknownEngineTagNamesTheValuesToUse() {
        postgres("bad-engine", Map.of("arch:DbEngine", "oracle"));
        String runId = TestData.uniqueRunId();

        run(runId);

        String error = failedError("bad-engine/*", runId, "check-tags");
        assertTrue(error.contains("'oracle'") && error.contains("postgres, mysql or mariadb"), error);
    }

    @Test
    void anInvalidScheduleStopsTheStartWithTheSettingNamed() throws Exception {
        Path log = Files.createTempFile("bad-cron", ".log");

        int exit = ApplicationProcess.runOnce(log, Map.of("ARCHIVE_ONCE", "false", "ARCHIVE_SCHEDULE", "every monday"));

        assertNotEquals(0, exit);
        String output = Files.readString(log);
        assertTrue(output.contains("archive.schedule") && output.contains("every monday"), ApplicationProcess.tail(log));
    }
}
