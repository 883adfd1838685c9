package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.run.RunIds;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.ApplicationProcess;
import org.coldarchiving.support.CuttableProxy;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Faults in the middle of an archive, against the real stack: the archiver process killed, the journal
 * or S3 unreachable (a proxy in front of moto, cut mid-upload), the database server restarted. Each
 * case checks exit code, journal, dead letters, objects and multipart uploads, and that the next run
 * settles what was left. The database holds ~300 MB of random bytes (a ~600 MB dump), so a fault lands
 * while the dump streams.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"camel.management.enabled=false", "archive.stale-after-minutes=0"})
class FaultSuiteTest extends InProcessArchiveTest {

    static final String DATABASE = "fault_random";
    static final String DATABASE_ID = "fault-pg/" + DATABASE;
    static final String PREFIX = "postgresql/fault-pg/" + DATABASE + "/";
    static final int MOTO_PORT = Integer.parseInt(LocalServices.env("AWS_ENDPOINT_URL").replaceAll(".*:", ""));
    @BeforeAll
    static void randomDatabase() throws Exception {
        LocalServices.randomBlobs(DATABASE, 150_000);
        LocalServices.postgresBackupUser("fault_backup", "fault-pw");
    }

    @AfterAll
    static void dropIt() throws Exception {
        LocalServices.dropPostgresDatabase(DATABASE);
    }

    @BeforeEach
    void onlyThisInstance() {
        aws.forgetAllInstances();
        aws.registerInstance("fault-pg", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", DATABASE));
        aws.putSecret("cold-archiving/fault-pg", "fault_backup", "fault-pw", LocalServices.PG_PORT);
        aws.purge("cold-archiving-dlq");
        aws.purge("cold-archiving-alerts-inbox");
    }

    RunSummary runInProcess() {
        return run(TestData.uniqueRunId());
    }

    void awaitUpload() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (aws.multipartUploads(PREFIX) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no upload of " + DATABASE + " started");
            }
            Thread.sleep(20);
        }
        Thread.sleep(500); // a few parts in
    }

    /** The journal item the archiver left for this database in a run started after {@code since}. */
    Map<String, AttributeValue> itemStartedAfter(Instant since) {
        return aws.ddb.scan(r -> r.tableName(LocalServices.TABLE)).items().stream()
                .filter(i -> i.get("DatabaseId").s().equals(DATABASE_ID)
                        && Instant.parse(i.get("StartedAt").s()).isAfter(since))
                .findFirst().orElseThrow(() -> new AssertionError("no journal item for " + DATABASE_ID));
    }

    void assertNoObjectFor(String runId) {
        assertTrue(aws.objects(PREFIX).stream().noneMatch(o -> o.key().contains(RunIds.compact(runId))),
                "no object for run " + runId);
    }

    void assertRearchivedBy(RunSummary next) {
        assertEquals(2, next.archived(), "the database and the instance archive: " + next);
        assertEquals("ARCHIVED", aws.journalRow(DATABASE_ID, next.runId()).get("Status").s());
    }

    /**
     * A one-shot archiver process that reaches one AWS service (named by its SDK endpoint variable)
     * through a proxy, cut once the upload is under way; the process must end by itself with exit code 1.
     */
    void archiveWithServiceCutMidUpload(String serviceEndpointVariable) throws Exception {
        Path log = Files.createTempFile("service-cut", ".log");
        int exit;
        try (CuttableProxy service = new CuttableProxy(MOTO_PORT)) {
            Process archiver = ApplicationProcess.start(log, Map.of(serviceEndpointVariable, service.url(),
                    "ARCHIVE_UPLOAD_PARTS_IN_FLIGHT", "1"));
            try {
                awaitUpload();
                service.cut();
                assertTrue(archiver.waitFor(5, TimeUnit.MINUTES), "the archiver ends by itself");
            } finally {
                archiver.destroyForcibly();
            }
            exit = archiver.exitValue();
        }
        assertEquals(1, exit, () -> ApplicationProcess.tail(log));
    }

    @Test
    void anArchiverKilledMidArchiveIsSettledAndArchivedAgainByTheNextRun() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        Path log = Files.createTempFile("killed", ".log");
        Process archiver = ApplicationProcess.start(log, Map.of("ARCHIVE_UPLOAD_PARTS_IN_FLIGHT", "1"));
        try {
            awaitUpload();
        } finally {
            archiver.destroyForcibly(); // SIGKILL: no shutdown hook, no abort, no journal write
        }
        assertTrue(archiver.waitFor(30, TimeUnit.SECONDS));
        Map<String, AttributeValue> left = itemStartedAfter(start);
        String killedRun = left.get("RunId").s();
        assertEquals("RUNNING", left.get("Status").s());
        assertTrue(aws.multipartUploads(PREFIX) > 0, "the killed archiver left its upload");

        RunSummary next = runInProcess();

        Map<String, AttributeValue> settled = aws.journalRow(DATABASE_ID, killedRun);
        assertEquals("FAILED", settled.get("Status").s());
        assertEquals("interrupted", settled.get("FailedStep").s());
        assertEquals(0, aws.ddb.scan(r -> r.tableName(LocalServices.TABLE)).items().stream()
                .filter(i -> i.get("RunId").s().equals(killedRun) && i.get("Status").s().equals("RUNNING")).count());
        assertNoObjectFor(killedRun);
        List<String> reported = aws.deadLetters("ArchiveFailed");
        assertEquals(1, reported.stream().filter(m -> m.contains(killedRun) && m.contains("\"step\":\"interrupted\""))
                .count(), reported::toString);
        assertRearchivedBy(next);
        assertEquals(0, aws.multipartUploads(PREFIX), "no upload left behind");
    }

    @Test
    void anUnreachableJournalAtTheEndKeepsTheArchiveAndTheNextRunReconcilesIt() throws Exception {
        Instant start = Instant.now().minusSeconds(1);

        archiveWithServiceCutMidUpload("AWS_ENDPOINT_URL_DYNAMODB");

        Map<String, AttributeValue> left = itemStartedAfter(start);
        String runId = left.get("RunId").s();
        assertEquals("RUNNING", left.get("Status").s(), "neither ARCHIVED nor FAILED could be written");
        // (the instance archive, next in the run, fails at journal-running: DynamoDB is gone)
        List<String> reported = aws.deadLetters("ArchiveFailed").stream()
                .filter(m -> m.contains("\"databaseId\":\"" + DATABASE_ID + "\"")).toList();
        assertEquals(1, reported.size(), reported::toString);
        String key = aws.objects(PREFIX).stream().map(o -> o.key()).filter(k -> k.contains(RunIds.compact(runId)))
                .findFirst().orElseThrow(() -> new AssertionError("the archive object was kept"));
        String sha256 = aws.s3.getObjectTagging(r -> r.bucket(LocalServices.BUCKET).key(key)).tagSet().get(0).value();
        assertTrue(reported.get(0).contains("\"key\":\"" + key + "\"") && reported.get(0).contains(sha256),
                "the dead letter carries what reconciliation needs: " + reported.get(0));

        RunSummary next = runInProcess();

        Map<String, AttributeValue> reconciled = aws.journalRow(DATABASE_ID, runId);
        assertEquals("ARCHIVED", reconciled.get("Status").s());
        assertEquals(key, reconciled.get("Key").s());
        assertEquals(sha256, reconciled.get("Sha256").s());
        assertEquals(Boolean.TRUE, reconciled.get("Reconciled").bool());
        assertEquals(key + ".manifest.json", reconciled.get("ManifestKey").s(), "its manifest is journaled too");
        assertEquals(LocalServices.sha256(aws.objectBytes(key + ".manifest.json")), reconciled.get("ManifestSha256").s(),
                "and kept as it was stored");
        assertRearchivedBy(next);
        aws.objects(PREFIX).forEach(o -> aws.s3.deleteObject(r -> r.bucket(LocalServices.BUCKET).key(o.key())));
    }

    @Test
    void anUnreachableS3MidUploadFailsAndTheNextRunAbortsTheOrphanedUpload() throws Exception {
        Instant start = Instant.now().minusSeconds(1);

        archiveWithServiceCutMidUpload("AWS_ENDPOINT_URL_S3");

        Map<String, AttributeValue> failed = itemStartedAfter(start);
        String runId = failed.get("RunId").s();
        assertEquals("FAILED", failed.get("Status").s());
        assertEquals("dump-and-upload", failed.get("FailedStep").s());
        assertNoObjectFor(runId);
        assertEquals(1, aws.deadLetters("ArchiveFailed").stream()
                .filter(m -> m.contains("\"databaseId\":\"" + DATABASE_ID + "\"")).count());
        assertTrue(aws.multipartUploads(PREFIX) > 0, "S3 was unreachable, so the upload could not be aborted");

        RunSummary next = runInProcess();

        assertEquals(0, aws.multipartUploads(PREFIX), "the next run aborted the orphaned upload");
        assertEquals("FAILED", aws.journalRow(DATABASE_ID, runId).get("Status").s(), "a final state stays");
        assertRearchivedBy(next);
    }

    @Test
    void transientConnectionResetsAreRetriedAndTheArchiveCompletes() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        Path log = Files.createTempFile("flaky", ".log");
        int exit;
        try (CuttableProxy s3 = new CuttableProxy(MOTO_PORT); CuttableProxy dynamoDb = new CuttableProxy(MOTO_PORT)) {
            s3.resetNext(2);
            dynamoDb.resetNext(2);
            exit = ApplicationProcess.runOnce(log, Map.of("AWS_ENDPOINT_URL_S3", s3.url(),
                    "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.url()));
            assertEquals(2, s3.resets(), "S3 connections were reset");
            assertEquals(2, dynamoDb.resets(), "DynamoDB connections were reset");
        }
        assertEquals(0, exit, () -> ApplicationProcess.tail(log));
        Map<String, AttributeValue> archived = itemStartedAfter(start);
        assertEquals("ARCHIVED", archived.get("Status").s());
        aws.objects(PREFIX).forEach(o -> aws.s3.deleteObject(r -> r.bucket(LocalServices.BUCKET).key(o.key())));
    }

    @Test
    void aDatabaseRestartedMidDumpIsArchivedByItsNextAttempt() throws Exception {
        String runId = TestData.uniqueRunId();
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() ->
                run(runId));
        awaitUpload();
        Process restart = new ProcessBuilder("dev/stack.sh", "restart-postgres").inheritIO().start();
        assertEquals(0, restart.waitFor(), "PostgreSQL restarted");

        RunSummary summary = run.get(5, TimeUnit.MINUTES);

        // the attempt the restart broke is tried again (archive.attempts): a transient failure is no failure;
        // the instance archive that follows it is archived too
        assertEquals(new RunSummary(runId, 2, 0, 0), summary);
        Map<String, AttributeValue> archived = aws.journalRow(DATABASE_ID, runId);
        assertEquals("ARCHIVED", archived.get("Status").s());
        List<String> objects = aws.objects(PREFIX).stream().map(o -> o.key())
                .filter(k -> k.contains(RunIds.compact(runId)) && !k.contains("/@instance/")
                        && !k.endsWith(".manifest.json")).toList();
        assertEquals(List.of(archived.get("Key").s()), objects, "one object: the broken attempt left none");
        assertEquals(0, aws.multipartUploads(PREFIX));
        assertTrue(aws.deadLetters("ArchiveFailed").isEmpty(), "no dead letter for a failure that was retried");
        aws.objects(PREFIX).forEach(o -> aws.s3.deleteObject(r -> r.bucket(LocalServices.BUCKET).key(o.key())));
    }
}
