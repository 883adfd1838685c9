package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.support.CapturedLogs;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.coldarchiving.verify.VerifyPicks;
import org.coldarchiving.verify.VerifyServers;
import org.coldarchiving.verify.VerifySummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Restore tests (the verify run) on the real stack: a good archive restores into a scratch database of the
 * verification server and PASSES, and the scratch database is gone afterwards; a changed object FAILS with
 * "checksum mismatch", is dead-lettered and alerted once, and stays ARCHIVED. The test has a journal table
 * of its own, since a verify run reads every database's newest archive.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"camel.management.enabled=false", "archive.journal-table=" + VerifyTaskTest.TABLE})
class VerifyTaskTest extends InProcessArchiveTest {

    static final String TABLE = "cold-archiving-verify-journal";
    static final String UNVERSIONED_BUCKET = "cold-archiving-restore-unversioned";
    static final String INBOX = "cold-archiving-alerts-inbox";

    @BeforeEach
    void ownJournalAndVerificationServers() throws Exception {
        aws.forgetAllInstances();
        aws.ownJournal(TABLE);
        aws.purge("cold-archiving-dlq");
        aws.purge(INBOX);
        LocalServices.postgresBackupUser("verify_backup", "verify-pw");
        LocalServices.mariadbBackupUser("verify_backup", "verify-pw");
        aws.putSecret("cold-archiving/verification-pg", "postgres", LocalServices.ADMIN_PASSWORD, LocalServices.PG_PORT);
        aws.putSecret("cold-archiving/verification-maria", "root", LocalServices.ADMIN_PASSWORD, LocalServices.MARIADB_PORT);
        context.getRegistry().findSingleByType(VerifyServers.class)
                .setTargetSecret("postgresql:cold-archiving/verification-pg, mariadb:cold-archiving/verification-maria");
    }

    VerifySummary verify() {
        return context.createProducerTemplate().requestBody("direct:verify-run", TestData.uniqueRunId(),
                VerifySummary.class);
    }

    void instance(String id, String engine, String database, int port, String... extraTags) {
        Map<String, String> tags = new java.util.HashMap<>(Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", database));
        for (int i = 0; i < extraTags.length; i += 2) {
            tags.put(extraTags[i], extraTags[i + 1]);
        }
        aws.registerInstance(id, engine, tags);
        aws.putSecret("cold-archiving/" + id, "verify_backup", "verify-pw", port);
    }

    static List<String> scratchDatabases() throws SQLException {
        try (Connection pg = LocalServices.postgres("postgres"); Connection maria = LocalServices.mariadb("")) {
            List<String> left = new java.util.ArrayList<>(LocalServices.strings(pg,
                    "SELECT datname FROM pg_database WHERE datname LIKE 'cold_archiving_verify_%'"));
            left.addAll(LocalServices.strings(maria, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                    + "WHERE SCHEMA_NAME LIKE 'cold_archiving_verify_%'"));
            return left;
        }
    }

    /**
     * A verification first drops the scratch databases that killed verifications and restores left on
     * its server more than a day ago, each logged; never one of a verification still running.
     */
    @Test
    void aVerificationSweepsScratchDatabasesOlderThanADay() throws Exception {
        String young = "cold_archiving_verify_" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()) + "_0123456789";
        String old = "cold_archiving_verify_20200101000000_abcdef0123";
        String oldRestore = "cold_archiving_restore_20200101000000_abcdef0123";
        for (String name : List.of(young, old, oldRestore)) {
            LocalServices.recreateMariadbDatabase(name);
        }
        TestData.mariadbInventory("verify_sweep", 20);
        instance("verify-sweep", "mariadb", "verify_sweep", LocalServices.MARIADB_PORT);
        assertEquals(2, run(TestData.uniqueRunId()).archived());
        try {
            VerifySummary summary;
            String log;
            try (CapturedLogs logs = new CapturedLogs()) {
                summary = verify();
                log = logs.text();
            }

            assertTrue(summary.failed().isEmpty(), summary::toString);
            assertTrue(log.contains("Dropped the leftover database " + old)
                    && log.contains("Dropped the leftover database " + oldRestore), log);
            assertEquals(List.of(young), scratchDatabases(), "the young one (a running verification's) stays");
        } finally {
            try (Connection c = LocalServices.mariadb("")) {
                LocalServices.execute(c, "DROP DATABASE IF EXISTS `" + young + "`", "DROP DATABASE IF EXISTS `"
                        + old + "`", "DROP DATABASE IF EXISTS `" + oldRestore + "`");
            }
        }
    }

    @Test
    void goodArchivesPassOnceAndTheirScratchDatabasesAreGone() throws Exception {
        TestData.postgresShop("verify_shop", 200);
        TestData.mariadbInventory("verify_inventory", 200);
        instance("verify-pg", "postgres", "verify_shop", LocalServices.PG_PORT);
        instance("verify-maria", "mariadb", "verify_inventory", LocalServices.MARIADB_PORT);
        String runId = TestData.uniqueRunId();
        assertEquals(4, run(runId).archived(), "two databases and their instance archives");

        VerifySummary first = verify();

        assertEquals(2, first.passed().size(), first::toString);
        assertEquals(0, first.failed().size(), first::toString);
        for (String databaseId : List.of("verify-pg/verify_shop", "verify-maria/verify_inventory")) {
            Map<String, AttributeValue> row = aws.journalRow(TABLE, databaseId, runId);
            assertEquals("PASSED", row.get("VerifyResult").s(), databaseId);
            assertTrue(row.containsKey("VerifiedAt"), databaseId);
            assertEquals("ARCHIVED", row.get("Status").s());
        }
        assertEquals(List.of(), scratchDatabases(), "every scratch database was dropped");
        assertTrue(aws.alerts("2 archives restored and passed").size() == 1, "one summary e-mail");

        VerifySummary second = verify();

        assertEquals(0, second.verified(), second::toString);
        assertEquals(2, second.skipped().size(), second::toString);
        assertTrue(second.skipped().get(0).contains("was verified at"), second::toString);
    }

    @Test
    void aChangedArchiveFailsWithChecksumMismatchAndIsReportedOnce() throws Exception {
        try {
            aws.s3.createBucket(r -> r.bucket(UNVERSIONED_BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // from an earlier run
        }
        TestData.postgresShop("verify_corrupt", 200);
        instance("verify-corrupt", "postgres", "verify_corrupt", LocalServices.PG_PORT,
                "arch:AutomatedDBDumpS3Bucket", UNVERSIONED_BUCKET);
        String runId = TestData.uniqueRunId();
        assertEquals(2, run(runId).archived());
        String key = aws.journalRow(TABLE, "verify-corrupt/verify_corrupt", runId).get("Key").s();
        byte[] bytes = aws.s3.getObjectAsBytes(r -> r.bucket(UNVERSIONED_BUCKET).key(key)).asByteArray();
        bytes[bytes.length / 2] ^= 0x01;
        aws.s3.putObject(r -> r.bucket(UNVERSIONED_BUCKET).key(key).storageClass("GLACIER_IR"),
                RequestBody.fromBytes(bytes));
        aws.purge(INBOX);

        VerifySummary summary = verify();

        assertEquals(1, summary.failed().size(), summary::toString);
        Map<String, AttributeValue> row = aws.journalRow(TABLE, "verify-corrupt/verify_corrupt", runId);
        assertTrue(row.get("VerifyResult").s().startsWith("FAILED: checksum mismatch"), row.get("VerifyResult").s());
        assertEquals("ARCHIVED", row.get("Status").s(), "a failed test deletes nothing");
        List<String> letters = aws.deadLetters("VerifyFailed");
        assertEquals(1, letters.size(), letters::toString);
        assertTrue(letters.get(0).contains("checksum mismatch"), letters.get(0));
        assertEquals(1, aws.alerts("FAILED its restore test").size(), "one alert");
        assertEquals(List.of(), scratchDatabases(), "the scratch database was dropped");
    }

    /**
     * An archive whose restored rows differ from its manifest fails, naming the table. (To get one, the test
     * lowers a count in the stored manifest and records the new manifest's SHA-256 on the journal row, as
     * an archive that lost rows would look.)
     */
    @Test
    void aRestoreThatDiffersFromItsManifestFailsNamingTheTable() throws Exception {
        TestData.postgresShop("verify_manifest", 200);
        instance("verify-manifest", "postgres", "verify_manifest", LocalServices.PG_PORT);
        String runId = TestData.uniqueRunId();
        assertEquals(2, run(runId).archived());
        Map<String, AttributeValue> row = aws.journalRow(TABLE, "verify-manifest/verify_manifest", runId);
        String manifestKey = row.get("ManifestKey").s();
        String manifest = new String(aws.objectBytes(manifestKey), java.nio.charset.StandardCharsets.UTF_8);
        String changed = manifest.replaceFirst("(\"table\"\\s*:\\s*\"orders\",\\s*\"rows\"\\s*:\\s*)200", "$1199");
        assertTrue(!changed.equals(manifest), manifest);
        byte[] bytes = changed.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        aws.s3.putObject(r -> r.bucket(LocalServices.BUCKET).key(manifestKey), RequestBody.fromBytes(bytes));
        AttributeValue sha = AttributeValue.fromS(LocalServices.sha256(bytes));
        aws.ddb.updateItem(r -> r.tableName(TABLE).key(Map.of("DatabaseId", row.get("DatabaseId"),
                "RunId", row.get("RunId"))).updateExpression("SET ManifestSha256 = :sha")
                .expressionAttributeValues(Map.of(":sha", sha)));

        VerifySummary summary = verify();

        assertEquals(1, summary.failed().size(), summary::toString);
        String result = aws.journalRow(TABLE, "verify-manifest/verify_manifest", runId).get("VerifyResult").s();
        assertTrue(result.startsWith("FAILED: ") && result.contains("public.orders: 199 rows in the manifest, 200 restored"),
                result);
        assertEquals(1, aws.deadLetters("VerifyFailed").size());
        assertEquals(List.of(), scratchDatabases(), "the scratch database was dropped");
    }

    /**
     * A GLACIER archive is skipped (and said so) unless archive.verify.include-glacier=true; then the first
     * run requests its Bulk retrieval and the next run tests it. (moto completes a retrieval at once.)
     */
    @Test
    void aGlacierArchiveIsTestedOnlyWhenIncludedThroughARetrievalAndALaterRun() throws Exception {
        TestData.postgresShop("verify_cold", 100);
        instance("verify-cold", "postgres", "verify_cold", LocalServices.PG_PORT, "arch:StorageClass", "GLACIER");
        String runId = TestData.uniqueRunId();
        assertEquals(2, run(runId).archived());
        VerifyPicks picks = context.getRegistry().findSingleByType(VerifyPicks.class);

        VerifySummary excluded = verify();

        assertEquals(0, excluded.verified(), excluded::toString);
        assertTrue(excluded.skipped().get(0).contains("GLACIER (archive.verify.include-glacier=false)"), excluded::toString);
        try {
            picks.setIncludeGlacier(true);
            VerifySummary requested = verify();
            assertEquals(0, requested.verified(), requested::toString);
            assertTrue(requested.skipped().get(0).contains("Bulk retrieval requested"), requested::toString);
            assertTrue(aws.journalRow(TABLE, "verify-cold/verify_cold", runId).containsKey("RestoreRequestedAt"));

            VerifySummary tested = verify();

            assertEquals(1, tested.passed().size(), tested::toString);
        } finally {
            picks.setIncludeGlacier(false);
        }
    }
}
