package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.retention.RetentionSummary;
import org.coldarchiving.store.ArchiveUploader;
import org.coldarchiving.support.ApplicationProcess;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * S3 Object Lock against moto, which enforces it: archives uploaded under archive.object-lock.mode carry
 * a retain-until date equal to their journal ExpiresAt; a delete before that date is refused by S3, and
 * the retention run reports it (dead letter, alert, exit status) and goes on with the next archive; the
 * application refuses to start with a lock mode on a bucket without Object Lock.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class ObjectLockTest extends InProcessArchiveTest {

    static final String LOCKED_BUCKET = "cold-archiving-locked";
    static final String LOCKED = "lock-pg";
    static final String FREE = "free-pg";
    static final String DATABASE = "lock_shop";
    static final long DAY = 86_400L;

    ArchiveUploader uploader;

    @BeforeAll
    static void lockedBucket() {
        LocalServices aws = new LocalServices();
        try {
            aws.s3.createBucket(r -> r.bucket(LOCKED_BUCKET).objectLockEnabledForBucket(true));
        } catch (BucketAlreadyOwnedByYouException e) {
            // from an earlier run
        }
        RetentionTest.versionedBucket(aws, RetentionTest.BUCKET);
    }

    @BeforeEach
    void noOtherExpiredArchive() throws Exception {
        aws.forgetAllInstances();
        aws.purge("cold-archiving-dlq");
        aws.purge("cold-archiving-alerts-inbox");
        forget(Map.of("Status", cond(ComparisonOperator.EQ, AttributeValue.fromS("ARCHIVED")),
                "ExpiresAt", cond(ComparisonOperator.LT, AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() + DAY)))),
                "ExpiryIndex");
        forget(Map.of("DatabaseId", cond(ComparisonOperator.EQ, AttributeValue.fromS(LOCKED + "/" + DATABASE))), null);
        forget(Map.of("DatabaseId", cond(ComparisonOperator.EQ, AttributeValue.fromS(FREE + "/" + DATABASE))), null);
        TestData.postgresShop(DATABASE, 100);
        LocalServices.postgresBackupUser("lock_backup", "lock-pw");
        uploader = context.getRegistry().findSingleByType(ArchiveUploader.class);
    }

    @AfterEach
    void noLock() {
        uploader.setObjectLockMode("none");
    }

    void forget(Map<String, Condition> conditions, String index) {
        aws.ddb.queryPaginator(r -> r.tableName(LocalServices.TABLE).indexName(index).keyConditions(conditions))
                .items().forEach(i -> aws.ddb.deleteItem(r -> r.tableName(LocalServices.TABLE)
                        .key(Map.of("DatabaseId", i.get("DatabaseId"), "RunId", i.get("RunId")))));
    }

    static Condition cond(ComparisonOperator op, AttributeValue value) {
        return Condition.builder().comparisonOperator(op).attributeValueList(value).build();
    }

    /** Two archives of one instance's database (only that instance registered); returns the run ids. */
    List<String> twoArchives(String instance, Map<String, String> extraTags) {
        aws.forgetAllInstances();
        Map<String, String> tags = new HashMap<>(extraTags);
        tags.put("arch:AutomatedArchiving", "Active");
        tags.put("arch:DB_name", DATABASE);
        aws.registerInstance(instance, "postgres", tags);
        aws.putSecret("cold-archiving/" + instance, "lock_backup", "lock-pw", LocalServices.PG_PORT);
        List<String> runs = new ArrayList<>();
        Instant base = Instant.parse(TestData.uniqueRunId()).truncatedTo(ChronoUnit.DAYS);
        for (int i = 0; i < 2; i++) {
            String runId = base.plus(i, ChronoUnit.HOURS).toString();
            assertEquals(2, run(runId).archived(), () -> aws.deadLetters("ArchiveFailed").toString());
            runs.add(runId);
        }
        return runs;
    }

    /** The journal believes the archive expired (and its lock ended) days ago; S3 knows better. */
    void ageInTheJournal(String databaseId, String runId, boolean lockToo) {
        long past = Instant.now().getEpochSecond() - 3 * DAY;
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":e", AttributeValue.fromN(Long.toString(past)),
                ":f", AttributeValue.fromS(Instant.now().minus(400, ChronoUnit.DAYS).toString())));
        String update = "SET ExpiresAt = :e, FinishedAt = :f";
        if (lockToo) {
            update += ", LockedUntil = :e";
        }
        String expression = update;
        aws.ddb.updateItem(r -> r.tableName(LocalServices.TABLE).key(Map.of("DatabaseId", AttributeValue.fromS(databaseId),
                "RunId", AttributeValue.fromS(runId))).updateExpression(expression).expressionAttributeValues(values));
    }

    RetentionSummary retention() {
        return context.createProducerTemplate().requestBody("direct:retention-run", TestData.uniqueRunId(),
                RetentionSummary.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GOVERNANCE", "COMPLIANCE"})
    void lockedArchivesCarryTheirExpiryAndARefusedDeleteIsReportedWithoutStoppingTheRun(String mode) {
        uploader.setObjectLockMode(mode);
        List<String> locked = twoArchives(LOCKED, Map.of("arch:AutomatedDBDumpS3Bucket", LOCKED_BUCKET));
        uploader.setObjectLockMode("none");
        List<String> free = twoArchives(FREE, Map.of("arch:AutomatedDBDumpS3Bucket", RetentionTest.BUCKET));

        Map<String, AttributeValue> row = aws.journalRow(LOCKED + "/" + DATABASE, locked.get(0));
        HeadObjectResponse head = aws.s3.headObject(r -> r.bucket(LOCKED_BUCKET).key(row.get("Key").s())
                .versionId(row.get("VersionId").s()));
        assertEquals(mode, head.objectLockModeAsString());
        assertEquals(Instant.ofEpochSecond(Long.parseLong(row.get("ExpiresAt").n())), head.objectLockRetainUntilDate(),
                "retain-until is the journal's ExpiresAt");
        assertEquals(mode, row.get("LockMode").s());
        assertEquals(row.get("ExpiresAt").n(), row.get("LockedUntil").n());

        ageInTheJournal(LOCKED + "/" + DATABASE, locked.get(0), true);
        ageInTheJournal(FREE + "/" + DATABASE, free.get(0), false);
        RetentionSummary summary = retention();

        assertEquals(1, summary.failed(), summary::toString);
        assertEquals(1, summary.deleted(), "the run went on: " + summary);
        assertFalse(summary.succeeded());
        assertEquals("ARCHIVED", aws.journalRow(LOCKED + "/" + DATABASE, locked.get(0)).get("Status").s());
        assertEquals("EXPIRED", aws.journalRow(FREE + "/" + DATABASE, free.get(0)).get("Status").s());
        assertEquals(mode, aws.s3.headObject(r -> r.bucket(LOCKED_BUCKET).key(row.get("Key").s())
                .versionId(row.get("VersionId").s())).objectLockModeAsString(), "the locked version is still there");
        List<String> dead = aws.deadLetters("RetentionFailed");
        assertEquals(1, dead.size(), dead::toString);
        assertTrue(dead.get(0).contains(row.get("Key").s().replace("/", "\\/")) || dead.get(0).contains(row.get("Key").s()),
                dead.get(0));
        assertTrue(dead.get(0).contains("delete-archive"), dead.get(0));
        assertEquals(1, aws.alerts("retention could not delete").size());
    }

    @Test
    void aLockTheJournalKnowsKeepsTheArchiveWithItsReason() {
        uploader.setObjectLockMode("GOVERNANCE");
        List<String> locked = twoArchives(LOCKED, Map.of("arch:AutomatedDBDumpS3Bucket", LOCKED_BUCKET));
        ageInTheJournal(LOCKED + "/" + DATABASE, locked.get(0), false);

        RetentionSummary summary = retention();

        assertEquals(0, summary.failed(), summary::toString);
        assertEquals(0, summary.deleted(), summary::toString);
        assertTrue(summary.kept().stream().anyMatch(k -> k.contains(locked.get(0)) && k.contains("Object Lock (GOVERNANCE)")),
                summary.kept()::toString);
    }

    @Test
    void aLockModeOnABucketWithoutObjectLockStopsTheStartNamingTheSettingAndTheBucket() throws Exception {
        Path log = Files.createTempFile("lock-refused", ".log");

        int exit = ApplicationProcess.runOnce(log, Map.of("ARCHIVE_OBJECT_LOCK_MODE", "COMPLIANCE"));

        assertNotEquals(0, exit);
        String output = Files.readString(log);
        assertTrue(output.contains("archive.object-lock.mode=COMPLIANCE") && output.contains(LocalServices.BUCKET),
                ApplicationProcess.tail(log));
    }
}
