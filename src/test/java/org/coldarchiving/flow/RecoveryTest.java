package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.discovery.ArchiveKind;
import org.coldarchiving.fleet.Worker;
import org.coldarchiving.journal.Journal;
import org.coldarchiving.report.Failure;
import org.coldarchiving.store.ArchiveKeys;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;

/**
 * Recovery of archives left RUNNING, against the real stack, with a journal table and a versioned bucket of
 * its own (so that it settles only its own items, and moto's ListObjectVersions copies only its objects):
 * an archive whose owner still renews its heartbeat is left alone however long it runs, a settled archive's
 * manifest is kept or deleted with its object (by version), and a FAILED write never takes another
 * process's item. archive.stale-after-minutes is 1 here (the default, a day, is in application.properties).
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"camel.management.enabled=false", "archive.stale-after-minutes=1",
            "archive.journal-table=" + RecoveryTest.TABLE, "archive.bucket=" + RecoveryTest.BUCKET})
class RecoveryTest extends InProcessArchiveTest {

    static final String TABLE = "cold-archiving-recovery";
    static final String BUCKET = "cold-archiving-recovery";
    static final String INSTANCE = "rec-pg";
    static final String OTHER_PROCESS = "other-host:4242:deadbeef";

    @BeforeAll
    static void ownJournalAndBucket() {
        LocalServices aws = new LocalServices();
        aws.ownJournal(TABLE);
        RetentionTest.versionedBucket(aws, BUCKET);
    }

    /** A RUNNING item as an archiver writes it (Journal.begin), with its heartbeat and owner. */
    Map<String, AttributeValue> running(String database, String runId, Instant startedAt, Instant heartbeatAt,
            String owner) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("DatabaseId", s(INSTANCE + "/" + database));
        item.put("RunId", s(runId));
        item.put("Status", s("RUNNING"));
        item.put("Running", s("RUNNING"));
        item.put("Engine", s("postgresql"));
        item.put("InstanceId", s(INSTANCE));
        item.put("Kind", s("DATABASE"));
        item.put("Database", s(database));
        item.put("Bucket", s(BUCKET));
        item.put("StorageClass", s("GLACIER_IR"));
        item.put("RetentionDays", AttributeValue.fromN("30"));
        item.put("StartedAt", s(startedAt.truncatedTo(ChronoUnit.MILLIS).toString()));
        item.put("HeartbeatAt", s(heartbeatAt.truncatedTo(ChronoUnit.MILLIS).toString()));
        item.put("Owner", s(owner));
        aws.ddb.putItem(r -> r.tableName(TABLE).item(item));
        return item;
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    Map<String, AttributeValue> row(String database, String runId) {
        return aws.journalRow(TABLE, INSTANCE + "/" + database, runId);
    }

    /** The archive key of a database in a run, as the archiver names it (custom format, zstd). */
    String archiveKey(String database, String runId) {
        return context.getRegistry().lookupByNameAndType("archiveKeys", ArchiveKeys.class)
                .runPrefix("postgresql", INSTANCE, database, runId) + ".pgdump.zst";
    }

    boolean uploadUnder(String key) {
        return aws.s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix(key)).uploads().stream()
                .anyMatch(u -> u.key().equals(key));
    }

    void recover() {
        context.createProducerTemplate().sendBody("direct:recover-interrupted", null);
    }

    @Test
    void anArchiveRunningLongerThanTheStaleTimeIsLeftToItsLiveOwnerAndKeepsItsUpload() throws Exception {
        Instant twoDaysAgo = Instant.now().minus(2, ChronoUnit.DAYS);
        String runId = TestData.uniqueRunId();
        running("live_db", runId, twoDaysAgo, twoDaysAgo, OTHER_PROCESS);
        running("dead_db", runId, twoDaysAgo, twoDaysAgo, OTHER_PROCESS);
        String liveKey = archiveKey("live_db", runId);
        String deadKey = archiveKey("dead_db", runId);
        aws.s3.createMultipartUpload(r -> r.bucket(BUCKET).key(liveKey));
        aws.s3.createMultipartUpload(r -> r.bucket(BUCKET).key(deadKey));
        Thread.sleep(62_000); // both uploads are now older than archive.stale-after-minutes
        // the live archive's owner renews its heartbeat (ArchiveLeases), the dead one's does not
        aws.ddb.updateItem(r -> r.tableName(TABLE).key(Map.of("DatabaseId", s(INSTANCE + "/live_db"),
                "RunId", s(runId))).updateExpression("SET HeartbeatAt = :now")
                .expressionAttributeValues(Map.of(":now", s(Instant.now().toString()))));

        recover();

        assertEquals("RUNNING", row("live_db", runId).get("Status").s(), "a live archive is not settled");
        assertTrue(uploadUnder(liveKey), "nor is its upload aborted");
        Map<String, AttributeValue> dead = row("dead_db", runId);
        assertEquals("FAILED", dead.get("Status").s(), dead::toString);
        assertEquals("interrupted", dead.get("FailedStep").s());
        assertTrue(!uploadUnder(deadKey), "the dead archive's upload is aborted");
        aws.s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads().forEach(u -> aws.s3.abortMultipartUpload(
                r -> r.bucket(BUCKET).key(u.key()).uploadId(u.uploadId())));
    }

    @Test
    void aSettledArchiveKeepsItsManifestAndAnUnfinishedOneLosesBothByVersion() throws Exception {
        Instant twoDaysAgo = Instant.now().minus(2, ChronoUnit.DAYS);
        String runId = TestData.uniqueRunId();
        running("finished_db", runId, twoDaysAgo, twoDaysAgo, OTHER_PROCESS);
        running("unfinished_db", runId, twoDaysAgo, twoDaysAgo, OTHER_PROCESS);
        // finished: the object tagged with its SHA-256 (so complete), its manifest beside it; the journal
        // write never happened
        String finished = archiveKey("finished_db", runId);
        aws.s3.putObject(r -> r.bucket(BUCKET).key(finished).tagging("sha256=abc123")
                .metadata(Map.of("format", "pgdump", "compression", "zstd")), RequestBody.fromString("complete dump"));
        byte[] manifest = "{\"tables\":[]}".getBytes(StandardCharsets.UTF_8);
        String manifestVersion = aws.s3.putObject(r -> r.bucket(BUCKET).key(finished + ".manifest.json"),
                RequestBody.fromBytes(manifest)).versionId();
        // unfinished: stored and its manifest too, but stopped before the object got its tag
        String unfinished = archiveKey("unfinished_db", runId);
        aws.s3.putObject(r -> r.bucket(BUCKET).key(unfinished), RequestBody.fromString("never checked"));
        aws.s3.putObject(r -> r.bucket(BUCKET).key(unfinished + ".manifest.json"), RequestBody.fromBytes(manifest));

        recover();

        Map<String, AttributeValue> reconciled = row("finished_db", runId);
        assertEquals("ARCHIVED", reconciled.get("Status").s(), reconciled::toString);
        assertEquals(Boolean.TRUE, reconciled.get("Reconciled").bool());
        assertEquals(finished + ".manifest.json", reconciled.get("ManifestKey").s());
        assertEquals(LocalServices.sha256(manifest), reconciled.get("ManifestSha256").s());
        assertEquals(manifestVersion, reconciled.get("ManifestVersionId").s());
        assertEquals(List.of("version"), versions(finished + ".manifest.json"), "the manifest is kept, no marker");
        assertEquals(List.of("version"), versions(finished));
        Map<String, AttributeValue> failed = row("unfinished_db", runId);
        assertEquals("FAILED", failed.get("Status").s(), failed::toString);
        assertEquals(List.of(), versions(unfinished), "the unchecked object is deleted by version: no marker");
        assertEquals(List.of(), versions(unfinished + ".manifest.json"), "and so is its manifest");
    }

    /** What S3 has of exactly this key: "version" per object version, "marker" per delete marker. */
    List<String> versions(String key) {
        ListObjectVersionsResponse listed = aws.s3.listObjectVersions(r -> r.bucket(BUCKET).prefix(key));
        return java.util.stream.Stream.concat(
                listed.versions().stream().filter(v -> v.key().equals(key)).map(v -> "version"),
                listed.deleteMarkers().stream().filter(m -> m.key().equals(key)).map(m -> "marker")).toList();
    }

    @Test
    void aFailureNeverTurnsAnotherProcesssItemFailed() {
        Journal journal = context.getRegistry().lookupByNameAndType("journal", Journal.class);
        String runId = TestData.uniqueRunId();
        running("taken_over", runId, Instant.now(), Instant.now(), OTHER_PROCESS);
        running("own", runId, Instant.now(), Instant.now(), Worker.ID);

        for (String database : List.of("taken_over", "own")) {
            journal.failed(new Failure(runId, INSTANCE + "/" + database, INSTANCE, database, "postgresql", TABLE,
                    BUCKET, 30, "dump-and-upload", "IOException: broken pipe", Instant.now(), null,
                    ArchiveKind.DATABASE));
        }

        Map<String, AttributeValue> takenOver = row("taken_over", runId);
        assertEquals("RUNNING", takenOver.get("Status").s(), "the process that took it over keeps it");
        assertNull(takenOver.get("Error"));
        Map<String, AttributeValue> own = row("own", runId);
        assertEquals("FAILED", own.get("Status").s());
        assertNotNull(own.get("Error"));
    }
}
