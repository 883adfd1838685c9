package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.DatabaseToArchive;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.fleet.WorkItem;
import org.coldarchiving.run.RunIds;
import org.coldarchiving.support.ApplicationProcess;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A fleet against the real stack: application processes (one-shot tasks, as ECS runs them) sharing the
 * local SQS FIFO work queue and one run id. The databases are real ones, dumped by the real tools into
 * moto's S3; three "instances" are RDS registrations in moto, two on the local PostgreSQL server and one
 * on the local MariaDB server (arch:DB_name says which databases each has).
 */
class FleetTest {

    static final String WORK_QUEUE = LocalServices.env("STACK_WORK_QUEUE_URL");
    static final String WORK_DLQ = LocalServices.env("STACK_WORK_DLQ_URL");
    static final String PASSWORD = "fleet-pw";
    static final String BIG = "fleet_big";
    final LocalServices aws = new LocalServices();

    @BeforeEach
    void onlyThisTestsInstances() throws Exception {
        aws.forgetAllInstances();
        aws.purge("cold-archiving-work.fifo");
        aws.purge("cold-archiving-work-dlq.fifo");
        aws.purge("cold-archiving-dlq");
        aws.purge("cold-archiving-alerts-inbox");
        LocalServices.postgresBackupUser("fleet_backup", PASSWORD);
        LocalServices.mariadbBackupUser("fleet_backup", PASSWORD);
    }

    @AfterAll
    static void dropTheBigOne() throws Exception {
        LocalServices.dropPostgresDatabase(BIG);
    }

    void instance(String id, String engine, int port, List<String> databases) {
        aws.registerInstance(id, engine, Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", String.join(":", databases)));
        aws.putSecret("cold-archiving/" + id, "fleet_backup", PASSWORD, port);
    }

    /** A one-shot task of the fleet: the shared work queue and run id, and its own settings. */
    static Process task(Path log, String runId, Map<String, String> settings) throws Exception {
        Map<String, String> env = new HashMap<>(settings);
        env.put("ARCHIVE_WORK_QUEUE_URL", WORK_QUEUE);
        env.put("ARCHIVE_WORK_DLQ_URL", WORK_DLQ);
        env.put("ARCHIVE_RUN_ID", runId);
        // Short polling: moto's long polling ignores FIFO message groups (4 receivers waiting on a FIFO
        // queue each got a message of the same group); its short polling holds them, as SQS always does.
        env.put("ARCHIVE_WORK_QUEUE_WAIT_SECONDS", "0");
        return ApplicationProcess.start(log, env);
    }

    static int exitOf(Process task, Path log) throws Exception {
        if (!task.waitFor(10, TimeUnit.MINUTES)) {
            task.destroyForcibly();
            throw new AssertionError("task did not end: " + ApplicationProcess.tail(log));
        }
        return task.exitValue();
    }

    @Test
    void twoProcessesOnOneQueueArchiveEveryDatabaseExactlyOnceAndNeverTwoOfAnInstanceAtOnce() throws Exception {
        Map<String, List<String>> instances = Map.of(
                "fleet-pg-a", List.of("fleet_a1", "fleet_a2", "fleet_a3", "fleet_a4"),
                "fleet-pg-b", List.of("fleet_b1", "fleet_b2", "fleet_b3", "fleet_b4"),
                "fleet-maria", List.of("fleet_m1", "fleet_m2", "fleet_m3", "fleet_m4"));
        for (String db : instances.get("fleet-pg-a")) {
            TestData.postgresShop(db, 3000);
        }
        for (String db : instances.get("fleet-pg-b")) {
            TestData.postgresShop(db, 3000);
        }
        for (String db : instances.get("fleet-maria")) {
            TestData.mariadbInventory(db, 3000);
        }
        instance("fleet-pg-a", "postgres", LocalServices.PG_PORT, instances.get("fleet-pg-a"));
        instance("fleet-pg-b", "postgres", LocalServices.PG_PORT, instances.get("fleet-pg-b"));
        instance("fleet-maria", "mariadb", LocalServices.MARIADB_PORT, instances.get("fleet-maria"));
        String runId = TestData.uniqueRunId();
        Path firstLog = Files.createTempFile("fleet-1", ".log");
        Path secondLog = Files.createTempFile("fleet-2", ".log");

        Process first = task(firstLog, runId, Map.of("ARCHIVE_PARALLELISM", "2"));
        Process second = task(secondLog, runId, Map.of("ARCHIVE_PARALLELISM", "2"));

        assertEquals(0, exitOf(first, firstLog), () -> ApplicationProcess.tail(firstLog));
        assertEquals(0, exitOf(second, secondLog), () -> ApplicationProcess.tail(secondLog));
        List<Map<String, AttributeValue>> rows = aws.journalRows(runId);
        assertEquals(15, rows.size(), "12 databases and 3 instance archives: " + rows);
        Map<String, Integer> byOwner = new HashMap<>();
        for (Map<String, AttributeValue> row : rows) {
            assertEquals("ARCHIVED", row.get("Status").s(), row::toString);
            byOwner.merge(row.get("Owner").s(), 1, Integer::sum);
        }
        instances.forEach((instance, databases) -> databases.forEach(db -> {
            String engine = instance.equals("fleet-maria") ? "mariadb" : "postgresql";
            List<String> keys = aws.objects(engine + "/" + instance + "/" + db + "/").stream().map(o -> o.key())
                    .filter(k -> k.contains(RunIds.compact(runId)) && !k.endsWith(".manifest.json")).toList();
            assertEquals(List.of(aws.journalRow(instance + "/" + db, runId).get("Key").s()), keys,
                    instance + "/" + db + ": one object, the journaled one");
        }));
        assertEquals(2, byOwner.size(), () -> "both processes archived: " + byOwner);
        assertNoOverlapPerInstance(rows);
        assertEquals(0, queued("cold-archiving-work.fifo"), "the work queue is empty, nothing in flight");
        assertEquals(0, queued("cold-archiving-work-dlq.fifo"));
        String bothLogs = Files.readString(firstLog) + Files.readString(secondLog);
        assertEquals(1, bothLogs.lines().filter(l -> l.contains("event=\"run\"")).count(),
                "one process reported the run: " + bothLogs);
        List<String> summaries = aws.alerts("finished run " + runId);
        assertEquals(1, summaries.size(), summaries::toString);
        assertTrue(summaries.get(0).contains("Archived:  15"), summaries.get(0));
    }

    /** The journal's StartedAt-FinishedAt intervals of one instance never overlap. */
    static void assertNoOverlapPerInstance(List<Map<String, AttributeValue>> rows) {
        Map<String, List<Instant[]>> intervals = new HashMap<>();
        for (Map<String, AttributeValue> row : rows) {
            intervals.computeIfAbsent(row.get("InstanceId").s(), i -> new ArrayList<>()).add(new Instant[] {
                Instant.parse(row.get("StartedAt").s()), Instant.parse(row.get("FinishedAt").s())});
        }
        intervals.forEach((instance, list) -> {
            list.sort((a, b) -> a[0].compareTo(b[0]));
            for (int i = 1; i < list.size(); i++) {
                assertTrue(!list.get(i)[0].isBefore(list.get(i - 1)[1]), instance + ": archive started at "
                        + list.get(i)[0] + " while the one of " + list.get(i - 1)[0] + " ran until " + list.get(i - 1)[1]);
            }
        });
    }

    long queued(String queue) {
        return aws.sqs.getQueueAttributes(r -> r.queueUrl(aws.queueUrl(queue)).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().values().stream()
                .mapToLong(Long::parseLong).sum();
    }

    @Test
    void aProcessKilledMidArchiveIsTakenOverByAnotherThatCompletesIt() throws Exception {
        LocalServices.randomBlobs(BIG, 40_000);
        instance("fleet-big", "postgres", LocalServices.PG_PORT, List.of(BIG));
        String runId = TestData.uniqueRunId();
        String prefix = "postgresql/fleet-big/" + BIG + "/";
        Map<String, String> fastLease = Map.of("ARCHIVE_HEARTBEAT_SECONDS", "1", "ARCHIVE_TAKEOVER_AFTER_SECONDS", "3",
                "ARCHIVE_WORK_QUEUE_VISIBILITY_SECONDS", "4", "ARCHIVE_UPLOAD_PARTS_IN_FLIGHT", "1",
                "ARCHIVE_COMPRESSION_LEVEL", "9");
        Path killedLog = Files.createTempFile("fleet-killed", ".log");
        Process killed = task(killedLog, runId, fastLease);
        awaitUpload(prefix, killed);
        killed.destroyForcibly(); // SIGKILL: no shutdown, no abort, no journal write
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        assertEquals("RUNNING", aws.journalRow("fleet-big/" + BIG, runId).get("Status").s());

        Path log = Files.createTempFile("fleet-takeover", ".log");
        Process next = task(log, runId, fastLease);

        assertEquals(0, exitOf(next, log), () -> ApplicationProcess.tail(log));
        Map<String, AttributeValue> row = aws.journalRow("fleet-big/" + BIG, runId);
        assertEquals("ARCHIVED", row.get("Status").s(), row::toString);
        assertTrue(row.get("Owner").s().contains(":" + next.pid() + ":"), "archived by the second process: " + row);
        assertTrue(ApplicationProcess.tail(log).contains("Took over fleet-big/" + BIG), () -> ApplicationProcess.tail(log));
        List<String> keys = aws.objects(prefix).stream().map(o -> o.key())
                .filter(k -> k.contains(RunIds.compact(runId)) && !k.endsWith(".manifest.json")).toList();
        assertEquals(List.of(row.get("Key").s()), keys, "one object, the journaled one (and its manifest)");
        byte[] stored = aws.objectBytes(row.get("Key").s());
        assertEquals(LocalServices.sha256(stored), row.get("Sha256").s());
        assertEquals(0, aws.multipartUploads(prefix), "no orphan upload left by the killed process");
        assertEquals(0, queued("cold-archiving-work.fifo"));
        assertTrue(aws.deadLetters("ArchiveFailed").isEmpty(), "nothing failed");
        aws.objects(prefix).forEach(o -> aws.s3.deleteObject(r -> r.bucket(LocalServices.BUCKET).key(o.key())));
    }

    /**
     * The measured case of issue 17, with the default lease settings (heartbeat 30 s, takeover after 180 s,
     * visibility 120 s, the local work queue's maxReceiveCount 6): two tasks of one run (parallelism 2), the
     * one dumping the big database SIGKILLed mid-dump, a third task of the run two minutes later. The
     * database's message comes back after its visibility, finds the dead task's lease still fresh and waits
     * for the rest of the takeover time (not 1 s bounces that drove it to the work dead-letter queue while the
     * run reported SUCCEEDED), then is taken over and archived; no task exits before that.
     */
    @Test
    void aTaskKilledMidDumpWithTheDefaultLeaseSettingsLeavesNoDatabaseBehind() throws Exception {
        LocalServices.randomBlobs(BIG, 40_000);
        TestData.postgresShop("fleet_small", 100);
        instance("fleet-big", "postgres", LocalServices.PG_PORT, List.of(BIG));
        instance("fleet-small", "postgres", LocalServices.PG_PORT, List.of("fleet_small"));
        String runId = TestData.uniqueRunId();
        String prefix = "postgresql/fleet-big/" + BIG + "/";
        // slow enough to be mid-dump when killed; the lease and queue settings are the defaults
        Map<String, String> settings = Map.of("ARCHIVE_PARALLELISM", "2", "ARCHIVE_UPLOAD_PARTS_IN_FLIGHT", "1",
                "ARCHIVE_COMPRESSION_LEVEL", "9");
        Path firstLog = Files.createTempFile("fleet-default-1", ".log");
        Path secondLog = Files.createTempFile("fleet-default-2", ".log");
        Process first = task(firstLog, runId, settings);
        Process second = task(secondLog, runId, settings);
        awaitUpload(prefix, first, second);
        String owner = aws.journalRow("fleet-big/" + BIG, runId).get("Owner").s();
        Process killed = owner.contains(":" + first.pid() + ":") ? first : second;
        Process survivor = killed == first ? second : first;
        Path survivorLog = killed == first ? secondLog : firstLog;
        killed.destroyForcibly(); // SIGKILL: no shutdown, no abort, no journal write
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        assertEquals("RUNNING", aws.journalRow("fleet-big/" + BIG, runId).get("Status").s());
        assertTrue(!survivor.waitFor(120, TimeUnit.SECONDS), "the survivor waits for the killed task's database: "
                + ApplicationProcess.tail(survivorLog));
        Path thirdLog = Files.createTempFile("fleet-default-3", ".log");
        Process third = task(thirdLog, runId, settings);

        assertEquals(0, exitOf(survivor, survivorLog), () -> ApplicationProcess.tail(survivorLog));
        assertEquals(0, exitOf(third, thirdLog), () -> ApplicationProcess.tail(thirdLog));
        List<Map<String, AttributeValue>> rows = aws.journalRows(runId);
        assertEquals(4, rows.size(), "2 databases and 2 instance archives: " + rows);
        rows.forEach(row -> assertEquals("ARCHIVED", row.get("Status").s(), row::toString));
        Map<String, AttributeValue> big = aws.journalRow("fleet-big/" + BIG, runId);
        assertTrue(!big.get("Owner").s().contains(":" + killed.pid() + ":"), "archived by a live task: " + big);
        String logs = Files.readString(survivorLog) + Files.readString(thirdLog);
        assertTrue(logs.contains("Took over fleet-big/" + BIG), logs);
        assertTrue(logs.lines().filter(l -> l.contains("leaving it to that process")).count() <= 2,
                "waited for the dead task's lease, not bounced: " + logs);
        assertEquals(0, aws.multipartUploads(prefix), "no orphan upload left by the killed task");
        assertEquals(0, queued("cold-archiving-work.fifo"));
        assertEquals(0, queued("cold-archiving-work-dlq.fifo"), "nothing reached the work dead-letter queue");
        assertTrue(aws.deadLetters("ArchiveFailed").isEmpty(), "nothing failed");
        List<String> summaries = aws.alerts("finished run " + runId);
        assertEquals(1, summaries.size(), summaries::toString);
        assertTrue(summaries.get(0).contains("Archived:  4"), summaries.get(0));
        aws.objects(prefix).forEach(o -> aws.s3.deleteObject(r -> r.bucket(LocalServices.BUCKET).key(o.key())));
    }

    /**
     * A work message SQS moved to the work dead-letter queue (the local queue's maxReceiveCount) is a failure
     * of its database: journaled FAILED, dead-lettered and alerted once, counted in its run, whose task waits
     * for it and exits 1. The test stands in for the run's discoverer (the run record: discovered, one
     * database put on the queue) and for SQS's redrive (the message on the work dead-letter queue).
     */
    @Test
    void aDatabaseWhoseWorkMessageReachedTheWorkDeadLetterQueueIsReportedFailedAndCounted() throws Exception {
        String runId = TestData.uniqueRunId();
        aws.ddb.putItem(r -> r.tableName(LocalServices.TABLE).item(Map.of(
                "DatabaseId", AttributeValue.fromS("#runs"), "RunId", AttributeValue.fromS("run/" + runId),
                "Status", AttributeValue.fromS("DISCOVERED"), "Enqueued", AttributeValue.fromN("1"))));
        ArchiveInstance instance = new ArchiveInstance("fleet-dlq", Engine.POSTGRESQL, "127.0.0.1",
                LocalServices.PG_PORT, "cold-archiving/fleet-dlq", List.of("fleet_lost"), LocalServices.BUCKET,
                LocalServices.TABLE, 30, "DEEP_ARCHIVE", 0);
        String message = new ObjectMapper().writeValueAsString(
                new WorkItem(runId, instance, new DatabaseToArchive("fleet_lost", 1000, 16), 1));
        aws.sqs.sendMessage(r -> r.queueUrl(WORK_DLQ).messageBody(message).messageGroupId("fleet-dlq")
                .messageDeduplicationId(runId));
        Path log = Files.createTempFile("fleet-work-dlq", ".log");

        int exit = exitOf(task(log, runId, Map.of()), log);

        assertEquals(1, exit, () -> ApplicationProcess.tail(log));
        Map<String, AttributeValue> row = aws.journalRow("fleet-dlq/fleet_lost", runId);
        assertEquals("FAILED", row.get("Status").s(), row::toString);
        assertEquals("work-dead-letter", row.get("FailedStep").s(), row::toString);
        List<String> deadLetters = aws.deadLetters("ArchiveFailed");
        assertEquals(1, deadLetters.size(), deadLetters::toString);
        assertTrue(deadLetters.get(0).contains("fleet-dlq/fleet_lost"), deadLetters.get(0));
        List<String> alerts = aws.alerts(""); // read once: reading drains the inbox
        assertEquals(1, alerts.stream().filter(a -> a.contains("fleet-dlq/fleet_lost failed at work-dead-letter"))
                .count(), "one alert: " + alerts);
        List<String> summaries = alerts.stream().filter(a -> a.contains("finished run " + runId)).toList();
        assertEquals(1, summaries.size(), summaries::toString);
        assertTrue(summaries.get(0).contains("Failed:    1"), summaries.get(0));
        assertEquals(0, queued("cold-archiving-work-dlq.fifo"), "the dead-lettered message was handled");
    }

    /** A work queue that dead-letters after repeated receives, and no consumer of its dead-letter queue: refused. */
    @Test
    void aWorkQueueWithARedrivePolicyDoesNotStartWithoutItsDeadLetterQueue() throws Exception {
        Path log = Files.createTempFile("fleet-no-work-dlq", ".log");

        int exit = ApplicationProcess.runOnce(log, Map.of("ARCHIVE_WORK_QUEUE_URL", WORK_QUEUE,
                "ARCHIVE_RUN_ID", TestData.uniqueRunId()));

        assertTrue(exit != 0, () -> ApplicationProcess.tail(log));
        String output = Files.readString(log);
        assertTrue(output.contains("archive.work-dlq-url is not set") && output.contains("cold-archiving-work-dlq.fifo"),
                ApplicationProcess.tail(log));
    }

    void awaitUpload(String prefix, Process task) throws InterruptedException {
        awaitUpload(prefix, task, task);
    }

    void awaitUpload(String prefix, Process task, Process other) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (aws.multipartUploads(prefix) == 0) {
            if (System.nanoTime() > deadline || !task.isAlive() || !other.isAlive()) {
                throw new AssertionError("no upload under " + prefix + " started");
            }
            Thread.sleep(20);
        }
        Thread.sleep(500); // a few parts in
    }

    @Test
    void aDatabaseThatAlwaysFailsIsTriedEveryAttemptAndReportedOnce() throws Exception {
        TestData.postgresShop("fleet_ok", 100);
        instance("fleet-bad", "postgres", LocalServices.PG_PORT, List.of("fleet_ok", "fleet_no_such_db"));
        String runId = TestData.uniqueRunId();
        Path log = Files.createTempFile("fleet-failing", ".log");

        int exit = exitOf(task(log, runId, Map.of("ARCHIVE_ATTEMPTS", "3")), log);

        assertEquals(1, exit, () -> ApplicationProcess.tail(log));
        String output = Files.readString(log);
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertTrue(output.contains("Attempt " + attempt + " of 3 for fleet-bad/fleet_no_such_db failed"), output);
        }
        assertTrue(!output.contains("Attempt 3 of 3"), "the third attempt is the last: reported, not retried");
        assertTrue(output.contains("2 archived, 1 failed, 0 skipped"), "its message deleted once reported, not "
                + "received again and counted skipped: " + output);
        Map<String, AttributeValue> row = aws.journalRow("fleet-bad/fleet_no_such_db", runId);
        assertEquals("FAILED", row.get("Status").s());
        assertEquals("ARCHIVED", aws.journalRow("fleet-bad/fleet_ok", runId).get("Status").s());
        List<String> deadLetters = aws.deadLetters("ArchiveFailed");
        assertEquals(1, deadLetters.size(), deadLetters::toString);
        assertTrue(deadLetters.get(0).contains("fleet-bad/fleet_no_such_db"));
        assertEquals(1, aws.alerts("fleet-bad/fleet_no_such_db failed at").size(), "one alert for the database");
        assertEquals(0, queued("cold-archiving-work.fifo"), "its message was deleted after the last attempt");
        assertEquals(0, queued("cold-archiving-work-dlq.fifo"));
    }
}
