package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.journal.JournalTtlCheck;
import org.coldarchiving.retention.RetentionRules;
import org.coldarchiving.retention.RetentionSummary;
import org.coldarchiving.store.ArchiveKeys;
import org.coldarchiving.support.CapturedLogs;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.Settings;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Retention against the real stack: real archives (pg_dump into moto's versioned S3, the journal in moto's
 * DynamoDB), their journal dates set back as time would have, then one retention run. Checks what is left
 * in S3 (no version, no delete marker), the journal rows, the run's totals and its e-mail.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class RetentionTest extends InProcessArchiveTest {

    static final String INSTANCE = "ret-pg";
    static final String DATABASE = "ret_shop";
    static final String DATABASE_ID = INSTANCE + "/" + DATABASE;
    static final String INBOX = "cold-archiving-alerts-inbox";
    static final long DAY = 86_400L;
    /**
     * A versioned bucket of the retention tests' own: moto's ListObjectVersions deep-copies every object of
     * the bucket it lists (the default bucket holds the fault tests' 600 MB dumps: seconds per call).
     */
    static final String BUCKET = "cold-archiving-retention";

    RetentionRules rules;

    @BeforeAll
    static void ownVersionedBucket() {
        versionedBucket(new LocalServices(), BUCKET);
    }

    static void versionedBucket(LocalServices aws, String bucket) {
        try {
            aws.s3.createBucket(r -> r.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // from an earlier run
        }
        aws.s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    }

    @BeforeEach
    void oneInstanceAndNoOtherExpiredArchive() throws Exception {
        aws.forgetAllInstances();
        aws.purge("cold-archiving-dlq");
        aws.purge(INBOX);
        forgetExpiredArchives();
        forgetDatabase();
        TestData.postgresShop(DATABASE, 200);
        LocalServices.postgresBackupUser("ret_backup", "ret-pw");
        aws.registerInstance(INSTANCE, "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", DATABASE,
                "arch:AutomatedDBDumpS3Bucket", BUCKET));
        aws.putSecret("cold-archiving/" + INSTANCE, "ret_backup", "ret-pw", LocalServices.PG_PORT);
        rules = context.getRegistry().lookupByNameAndType("retentionRules", RetentionRules.class);
    }

    @AfterEach
    void defaultRules() {
        rules.setDryRun(Boolean.parseBoolean(Settings.get("archive.retention.dry-run")));
        rules.setEarlyDelete(Boolean.parseBoolean(Settings.get("archive.retention.early-delete")));
        rules.setKeepLast(Settings.integer("archive.retention.keep-last"));
    }

    /** Expired ARCHIVED rows of earlier test runs would be in this run's totals: the journal forgets them. */
    void forgetExpiredArchives() {
        aws.ddb.queryPaginator(r -> r.tableName(LocalServices.TABLE).indexName("ExpiryIndex")
                .keyConditions(Map.of("Status", cond(ComparisonOperator.EQ, AttributeValue.fromS("ARCHIVED")),
                        "ExpiresAt", cond(ComparisonOperator.LT, AttributeValue.fromN(
                                Long.toString(Instant.now().getEpochSecond() + DAY))))))
                .items().forEach(i -> aws.ddb.deleteItem(r -> r.tableName(LocalServices.TABLE)
                        .key(Map.of("DatabaseId", i.get("DatabaseId"), "RunId", i.get("RunId")))));
    }

    /**
     * This test's database and its instance archive start with no archive in the journal (keep-last counts
     * their newest).
     */
    void forgetDatabase() {
        for (String databaseId : List.of(DATABASE_ID, INSTANCE)) {
            aws.forgetRuns(databaseId);
        }
    }

    static Condition cond(ComparisonOperator op, AttributeValue value) {
        return Condition.builder().comparisonOperator(op).attributeValueList(value).build();
    }

    /** Archives the database once per run id, oldest first; returns the run ids. */
    List<String> archives(int count) {
        List<String> runIds = new ArrayList<>();
        Instant base = Instant.parse(TestData.uniqueRunId()).truncatedTo(ChronoUnit.DAYS);
        for (int i = 0; i < count; i++) {
            String runId = base.plus(i, ChronoUnit.HOURS).toString();
            assertEquals(2, run(runId).archived(), () -> aws.deadLetters("ArchiveFailed").toString());
            runIds.add(runId);
        }
        return runIds;
    }

    /** Sets a row's dates back: expired {@code expiredDaysAgo} ago, stored {@code storedDaysAgo} ago. */
    void age(String runId, long expiredDaysAgo, long storedDaysAgo) {
        age(DATABASE_ID, runId, expiredDaysAgo, storedDaysAgo);
    }

    /** The same for a row of any archive ({@code <instance-id>} for an instance archive). */
    void age(String databaseId, String runId, long expiredDaysAgo, long storedDaysAgo) {
        long now = Instant.now().getEpochSecond();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":e", AttributeValue.fromN(Long.toString(now - expiredDaysAgo * DAY)));
        values.put(":f", AttributeValue.fromS(Instant.now().minus(storedDaysAgo, ChronoUnit.DAYS).toString()));
        aws.ddb.updateItem(r -> r.tableName(LocalServices.TABLE).key(Map.of("DatabaseId", AttributeValue.fromS(databaseId),
                "RunId", AttributeValue.fromS(runId)))
                .updateExpression("SET ExpiresAt = :e, FinishedAt = :f").expressionAttributeValues(values));
    }

    static Map<String, AttributeValue> key(String runId) {
        return Map.of("DatabaseId", AttributeValue.fromS(DATABASE_ID), "RunId", AttributeValue.fromS(runId));
    }

    Map<String, AttributeValue> row(String runId) {
        return aws.journalRow(DATABASE_ID, runId);
    }

    /** Every version and delete marker S3 still has of an object's key. */
    int versionsLeft(String bucket, String key) {
        ListObjectVersionsResponse versions = aws.s3.listObjectVersions(r -> r.bucket(bucket).prefix(key));
        return (int) (versions.versions().stream().filter(v -> v.key().equals(key)).count()
                + versions.deleteMarkers().stream().filter(v -> v.key().equals(key)).count());
    }

    RetentionSummary retention(String runId) {
        return context.createProducerTemplate().requestBody("direct:retention-run", runId, RetentionSummary.class);
    }

    @Test
    void expiredArchivesAreDeletedWithNoVersionLeftAndJournaledExpired() {
        List<String> runs = archives(3);
        age(runs.get(0), 10, 400);
        age(runs.get(1), 1, 400);
        Map<String, AttributeValue> first = row(runs.get(0));
        Map<String, AttributeValue> second = row(runs.get(1));
        assertNotNull(first.get("VersionId"), "the archive's version is journaled: " + first);
        long bytes = Long.parseLong(first.get("SizeBytes").n()) + Long.parseLong(second.get("SizeBytes").n());

        RetentionSummary summary = retention(TestData.uniqueRunId());

        assertEquals(2, summary.deleted(), summary::toString);
        assertEquals(0, summary.failed(), summary::toString);
        assertEquals(bytes, summary.bytesFreed());
        BigDecimal expected = new BigDecimal("0.004").multiply(BigDecimal.valueOf(bytes / (1024d * 1024 * 1024)));
        assertTrue(expected.subtract(summary.monthlySaved()).abs().compareTo(new BigDecimal("1e-15")) < 0,
                summary.monthlySaved() + " vs " + expected);
        for (Map<String, AttributeValue> before : List.of(first, second)) {
            assertEquals(0, versionsLeft(BUCKET, before.get("Key").s()), "no version or marker left");
            assertEquals(before.get("Key").s() + ".manifest.json", before.get("ManifestKey").s());
            assertEquals(0, versionsLeft(BUCKET, before.get("ManifestKey").s()), "its manifest went with it");
            Map<String, AttributeValue> after = row(before.get("RunId").s());
            assertEquals("EXPIRED", after.get("Status").s());
            assertNotNull(after.get("DeletedAt"));
            long purge = Long.parseLong(after.get("PurgeAt").n());
            assertTrue(purge > Instant.now().getEpochSecond() + 364 * DAY, "PurgeAt journal-days after deletion");
            assertEquals(before.get("Sha256"), after.get("Sha256"), "the audit trail stays");
        }
        assertEquals("ARCHIVED", row(runs.get(2)).get("Status").s(), "the unexpired archive stays");
        assertEquals(1, versionsLeft(BUCKET, row(runs.get(2)).get("Key").s()));
        assertEquals(1, versionsLeft(BUCKET, row(runs.get(2)).get("ManifestKey").s()), "the kept archive's manifest stays");
        String mail = String.join("\n", aws.alerts("retention"));
        assertTrue(mail.contains("Archives deleted:      2"), mail);
        assertTrue(mail.contains("Bytes freed:           " + bytes), mail);
    }

    @Test
    void instanceArchivesExpireAndKeepTheirNewestLikeADatabasesArchives() {
        List<String> runs = archives(2);
        age(INSTANCE, runs.get(0), 5, 400);
        age(INSTANCE, runs.get(1), 1, 400);
        String oldKey = aws.journalRow(INSTANCE, runs.get(0)).get("Key").s();

        RetentionSummary summary = retention(TestData.uniqueRunId());

        assertEquals(1, summary.deleted(), summary::toString);
        assertEquals(1, summary.kept().size(), summary::toString);
        Map<String, AttributeValue> expired = aws.journalRow(INSTANCE, runs.get(0));
        assertEquals("EXPIRED", expired.get("Status").s());
        assertEquals("INSTANCE", expired.get("Kind").s());
        assertEquals(0, versionsLeft(BUCKET, oldKey), "its object version is deleted");
        assertEquals("ARCHIVED", aws.journalRow(INSTANCE, runs.get(1)).get("Status").s(),
                "keep-last keeps the newest instance archive, counted apart from the database's archives");
        for (String runId : runs) {
            assertEquals("ARCHIVED", row(runId).get("Status").s(), "the database's archives are not expired");
        }
    }

    /**
     * An archive whose restore test FAILED is not one keep-last counts: the newest archive not known bad
     * is kept, and the newest one that PASSED is kept beside it.
     */
    @Test
    void keepLastNeverCountsAnArchiveThatFailedItsRestoreTestAndKeepsTheNewestPassed() {
        List<String> runs = archives(3);
        for (String runId : runs) {
            age(runId, 5, 400);
        }
        verifyResult(runs.get(0), "PASSED");
        verifyResult(runs.get(2), "FAILED: checksum mismatch (test)");

        RetentionSummary summary = retention(TestData.uniqueRunId());

        assertEquals("EXPIRED", row(runs.get(2)).get("Status").s(), "the archive known bad is not kept by keep-last");
        assertEquals("ARCHIVED", row(runs.get(1)).get("Status").s(), "the newest archive not known bad is kept");
        assertEquals("ARCHIVED", row(runs.get(0)).get("Status").s(), "the newest PASSED archive is kept");
        assertEquals(1, summary.deleted(), summary::toString);
        assertTrue(summary.kept().toString().contains("whose restore test PASSED"), summary.kept()::toString);
    }

    void verifyResult(String runId, String result) {
        aws.ddb.updateItem(r -> r.tableName(LocalServices.TABLE).key(key(runId))
                .updateExpression("SET VerifyResult = :r, VerifiedAt = :a").expressionAttributeValues(Map.of(
                        ":r", AttributeValue.fromS(result), ":a", AttributeValue.fromS(Instant.now().toString()))));
    }

    @Test
    void keepLastKeepsTheNewestArchiveOfADatabaseWhateverItsExpiry() {
        List<String> runs = archives(2);
        age(runs.get(0), 5, 400);
        age(runs.get(1), 1, 400);

        RetentionSummary summary = retention(TestData.uniqueRunId());

        assertEquals(1, summary.deleted(), summary::toString);
        assertEquals("EXPIRED", row(runs.get(0)).get("Status").s());
        assertEquals("ARCHIVED", row(runs.get(1)).get("Status").s(), "the last archive survives its expiry");
        assertEquals(1, summary.kept().size(), summary::toString);
        assertTrue(summary.kept().get(0).contains(runs.get(1)) && summary.kept().get(0).contains("keep-last"),
                summary.kept()::toString);
    }

    @Test
    void archivesYoungerThanTheClassMinimumAreKeptUnlessEarlyDelete() {
        List<String> runs = archives(3);
        age(runs.get(0), 2, 10);
        age(runs.get(1), 1, 10);

        RetentionSummary kept = retention(TestData.uniqueRunId());

        assertEquals(0, kept.deleted(), kept::toString);
        assertEquals(2, kept.kept().size(), kept::toString);
        assertTrue(kept.kept().stream().allMatch(k -> k.contains("GLACIER_IR bills 90 days minimum")),
                kept.kept()::toString);
        assertEquals("ARCHIVED", row(runs.get(0)).get("Status").s());

        rules.setEarlyDelete(true);
        RetentionSummary early = retention(TestData.uniqueRunId());

        assertEquals(2, early.deleted(), early::toString);
        assertEquals("EXPIRED", row(runs.get(0)).get("Status").s());
        assertEquals("EXPIRED", row(runs.get(1)).get("Status").s());
    }

    @Test
    void aDryRunChangesNothingAndNamesEachArchiveAndWhy() {
        List<String> runs = archives(3);
        age(runs.get(0), 3, 400);
        age(runs.get(1), 2, 400);
        String key0 = row(runs.get(0)).get("Key").s();
        String key1 = row(runs.get(1)).get("Key").s();
        rules.setDryRun(true);

        RetentionSummary summary = retention(TestData.uniqueRunId());

        assertTrue(summary.dryRun());
        assertEquals(0, summary.deleted());
        assertEquals(2, summary.listed().size(), summary::toString);
        assertTrue(summary.listed().stream().anyMatch(l -> l.contains(key0) && l.contains("retention of 365 days ended")),
                summary.listed()::toString);
        assertTrue(summary.listed().stream().anyMatch(l -> l.contains(key1)), summary.listed()::toString);
        for (String runId : runs) {
            assertEquals("ARCHIVED", row(runId).get("Status").s());
            assertEquals(1, versionsLeft(BUCKET, row(runId).get("Key").s()));
        }
        String mail = String.join("\n", aws.alerts("retention"));
        assertTrue(mail.contains("DRY RUN") && mail.contains(key0.replace("/", "\\/")) || mail.contains(key0), mail);
    }

    @Test
    void anArchiveWhoseObjectIsAlreadyGoneIsExpiredWithANoteNotAFailure() {
        List<String> runs = archives(2);
        age(runs.get(0), 3, 400);
        Map<String, AttributeValue> before = row(runs.get(0));
        aws.s3.deleteObject(r -> r.bucket(BUCKET).key(before.get("Key").s())
                .versionId(before.get("VersionId").s()));

        RetentionSummary summary = retention(TestData.uniqueRunId());

        assertEquals(0, summary.failed(), summary::toString);
        assertEquals(1, summary.alreadyGone(), summary::toString);
        Map<String, AttributeValue> after = row(runs.get(0));
        assertEquals("EXPIRED", after.get("Status").s());
        assertTrue(after.get("ExpiryNote").s().contains("already gone"), after.toString());
        assertEquals(0, versionsLeft(BUCKET, before.get("ManifestKey").s()), "the orphaned manifest is deleted");
        assertTrue(aws.deadLetters("RetentionFailed").isEmpty());
    }

    @Test
    void onlyTheJournaledVersionsAreDeletedSoAnOlderVersionNeverBecomesCurrent() {
        Instant base = Instant.parse(TestData.uniqueRunId()).truncatedTo(ChronoUnit.DAYS);
        String expiring = base.toString();
        String key = context.getRegistry().lookupByNameAndType("archiveKeys", ArchiveKeys.class)
                .runPrefix("postgresql", INSTANCE, DATABASE, expiring) + ".pgdump.zst";
        // an older version of the archive's key that no journal row names, hidden by a delete marker (as an
        // interrupted attempt deleted without a version id left it)
        aws.s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("never journaled"));
        aws.s3.deleteObject(r -> r.bucket(BUCKET).key(key));
        assertEquals(2, run(expiring).archived(), () -> aws.deadLetters("ArchiveFailed").toString());
        assertEquals(key, row(expiring).get("Key").s());
        assertEquals(2, run(base.plus(1, ChronoUnit.HOURS).toString()).archived(), "a newer one, for keep-last");
        age(expiring, 3, 400);
        String manifestKey = row(expiring).get("ManifestKey").s();
        assertNotNull(row(expiring).get("ManifestVersionId"), "the manifest's version is journaled");

        RetentionSummary summary = retention(TestData.uniqueRunId());

        assertEquals(1, summary.deleted(), summary::toString);
        assertEquals("EXPIRED", row(expiring).get("Status").s());
        assertThrows(S3Exception.class, () -> aws.s3.headObject(r -> r.bucket(BUCKET).key(key)),
                "the never-journaled version did not become the current object");
        ListObjectVersionsResponse left = aws.s3.listObjectVersions(r -> r.bucket(BUCKET).prefix(key));
        assertEquals(1, left.versions().stream().filter(v -> v.key().equals(key) && !v.isLatest()).count(),
                "it stays a noncurrent version (the bucket's lifecycle rule expires it): " + left);
        assertEquals(1, left.deleteMarkers().stream().filter(m -> m.key().equals(key) && m.isLatest()).count(),
                "under the delete marker that hid it: " + left);
        assertEquals(0, versionsLeft(BUCKET, manifestKey), "the manifest's journaled version is deleted");
    }

    @Test
    void aJournalWhoseTtlIsStillOnExpiresAtIsWarnedAboutWithTheCommandThatFixesIt() {
        String table = "ttl-legacy-" + System.nanoTime();
        aws.ddb.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("DatabaseId").attributeType("S"))
                .keySchema(k -> k.attributeName("DatabaseId").keyType("HASH")));
        try {
            aws.ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.enabled(true)
                    .attributeName("ExpiresAt")));
            JournalTtlCheck check = new JournalTtlCheck(aws.ddb);
            check.setTable(table);
            try (CapturedLogs logs = new CapturedLogs()) {
                check.check();
                assertTrue(logs.text().contains("WARN") && logs.text().contains("aws dynamodb update-time-to-live "
                        + "--table-name " + table) && logs.text().contains("AttributeName=PurgeAt"), logs.text());
            }
            check.setTable(LocalServices.TABLE);
            try (CapturedLogs logs = new CapturedLogs()) {
                check.check();
                assertFalse(logs.text().contains("update-time-to-live"), "the stack's table is on PurgeAt: " + logs.text());
            }
        } finally {
            aws.ddb.deleteTable(r -> r.tableName(table));
        }
    }

    @Test
    void theJournalTablesTtlIsPurgeAtNotExpiresAt() {
        TimeToLiveDescription ttl = aws.ddb.describeTimeToLive(r -> r.tableName(LocalServices.TABLE))
                .timeToLiveDescription();
        assertEquals("PurgeAt", ttl.attributeName());
        assertFalse("ExpiresAt".equals(ttl.attributeName()));
    }
}
