package org.coldarchiving.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.coldarchiving.Application;
import org.coldarchiving.journal.Journal;
import org.coldarchiving.retention.ArchiveVersions;
import org.coldarchiving.retention.RetentionCandidate;
import org.coldarchiving.retention.RetentionSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The branches of the retention flow through the real route files, in seconds: the journal's index and
 * table Queries, the version deletes and the reports are mock endpoints answering as DynamoDB and S3
 * would; the journal is in memory. Deleted, kept by keep-last, already gone, and a refused delete that is
 * reported while the run goes on.
 */
@CamelMainTest(mainClass = Application.class,
        propertyPlaceholderLocations = {"classpath:route-test.properties", "file:application.properties"},
        mockEndpointsAndSkip = "(aws2-|aws-secrets-manager).*")
class RetentionRoutesTest extends RouteTestSupport {

    static final String RUN = "2026-12-02T03:00:00Z";
    static final String DB = "pg-1/sales";

    /** The object versions "in S3": an archive's key maps to its versions (none: already gone). */
    static final class FakeVersions extends ArchiveVersions {
        final Map<String, List<String>> versions = new HashMap<>();

        FakeVersions() {
            super(null);
        }

        @Override
        public List<DeleteObjectRequest> toDelete(RetentionCandidate archive) {
            return versions.getOrDefault(archive.key(), List.of()).stream()
                    .map(v -> DeleteObjectRequest.builder().bucket(archive.bucket()).key(archive.key()).versionId(v)
                            .build()).toList();
        }
    }

    @ReplaceInRegistry
    ArchiveVersions archiveVersions = new FakeVersions();

    /** Journal items of the database, newest first. */
    final List<Map<String, AttributeValue>> journalItems = new ArrayList<>();
    final List<String> refusedKeys = new ArrayList<>();

    @BeforeEach
    void answer() {
        servicesAnswer();
        mock("aws2-ddb").whenAnyExchangeReceived(this::query);
        s3().whenAnyExchangeReceived(e -> {
            DeleteObjectRequest request = e.getMessage().getBody(DeleteObjectRequest.class);
            if (refusedKeys.contains(request.key())) {
                throw S3Exception.builder().message("Access Denied (fake Object Lock)").statusCode(403).build();
            }
        });
    }

    /** ExpiryIndex: the ARCHIVED items whose ExpiresAt passed; the table: every item of the database. */
    void query(Exchange e) {
        boolean expiryIndex = "ExpiryIndex".equals(e.getMessage().getHeader("CamelAwsDdbIndexName"));
        long now = Instant.now().getEpochSecond();
        e.getMessage().setHeader("CamelAwsDdbItems", journalItems.stream()
                .filter(i -> !expiryIndex || ("ARCHIVED".equals(i.get("Status").s())
                        && Long.parseLong(i.get("ExpiresAt").n()) < now))
                // the index in ExpiresAt order, the table newest first (ScanIndexForward=false)
                .sorted(expiryIndex ? java.util.Comparator.comparing((Map<String, AttributeValue> i) ->
                        Long.parseLong(i.get("ExpiresAt").n())) : (a, b) -> 0)
                .toList());
        e.getMessage().setHeader("CamelAwsDdbLastEvaluatedKey", null);
    }

    /** An ARCHIVED archive of the database, stored 400 days ago, expired {@code expiredDaysAgo} ago. */
    void archive(String runId, long expiredDaysAgo, long sizeBytes, boolean inS3) {
        Instant now = Instant.now();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("DatabaseId", AttributeValue.fromS(DB));
        item.put("RunId", AttributeValue.fromS(runId));
        item.put("Status", AttributeValue.fromS("ARCHIVED"));
        item.put("Bucket", AttributeValue.fromS("cold-archiving-archives"));
        item.put("Key", AttributeValue.fromS("key-" + runId));
        item.put("VersionId", AttributeValue.fromS("v-" + runId));
        item.put("StorageClass", AttributeValue.fromS("GLACIER_IR"));
        item.put("SizeBytes", AttributeValue.fromN(Long.toString(sizeBytes)));
        item.put("FinishedAt", AttributeValue.fromS(now.minus(400, ChronoUnit.DAYS).toString()));
        item.put("ExpiresAt", AttributeValue.fromN(Long.toString(now.getEpochSecond() - expiredDaysAgo * 86_400)));
        item.put("RetentionDays", AttributeValue.fromN("365"));
        journalItems.add(0, item);
        memoryJournal().status.put(DB + "@" + runId, Journal.ARCHIVED);
        if (inS3) {
            ((FakeVersions) archiveVersions).versions.put("key-" + runId, List.of("v-" + runId));
        }
    }

    RetentionSummary retention() {
        return context.createProducerTemplate().requestBody("direct:retention-run", RUN, RetentionSummary.class);
    }

    @Test
    void expiredArchivesAreDeletedByVersionAndTheNewestIsKept() {
        archive("2024-01-01T00:00:00Z", 30, 1000, true);
        archive("2024-02-01T00:00:00Z", 20, 2000, true);
        archive("2024-03-01T00:00:00Z", 10, 4000, true);

        RetentionSummary summary = retention();

        assertEquals(2, summary.deleted(), summary::toString);
        assertEquals(3000, summary.bytesFreed());
        assertEquals(1, summary.kept().size());
        assertTrue(summary.kept().get(0).contains("2024-03-01T00:00:00Z"), summary.kept()::toString);
        assertEquals(List.of("v-2024-01-01T00:00:00Z", "v-2024-02-01T00:00:00Z"), s3().getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody(DeleteObjectRequest.class).versionId()).toList());
        assertTrue(s3Operations().stream().allMatch("deleteObject"::equals), s3Operations()::toString);
        assertEquals("EXPIRED", memoryJournal().status.get(DB + "@2024-01-01T00:00:00Z"));
        assertEquals("ARCHIVED", memoryJournal().status.get(DB + "@2024-03-01T00:00:00Z"));
        assertEquals(1, alerts().getReceivedCounter(), "the summary e-mail");
        assertTrue(bodies(alerts()).get(0).contains("Archives deleted:      2"), bodies(alerts())::toString);
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        assertEquals(2.0, meters.get("cold_archiving_retention_deleted").counter().count());
        assertEquals(3000.0, meters.get("cold_archiving_retention_freed_bytes").counter().count());
        assertEquals(1.0, meters.get("cold_archiving_retention_kept").counter().count());
        assertTrue(deadLetters().getReceivedExchanges().isEmpty());
    }

    @Test
    void aRefusedDeleteIsReportedAndTheRunGoesOn() {
        archive("2024-01-01T00:00:00Z", 30, 1000, true);
        archive("2024-02-01T00:00:00Z", 20, 2000, true);
        archive("2024-03-01T00:00:00Z", 10, 4000, true);
        refusedKeys.add("key-2024-01-01T00:00:00Z");

        RetentionSummary summary = retention();

        assertEquals(1, summary.failed(), summary::toString);
        assertEquals(1, summary.deleted(), summary::toString);
        assertFalse(summary.succeeded());
        assertEquals("ARCHIVED", memoryJournal().status.get(DB + "@2024-01-01T00:00:00Z"), "not journaled EXPIRED");
        assertEquals("EXPIRED", memoryJournal().status.get(DB + "@2024-02-01T00:00:00Z"));
        List<String> dead = bodies(deadLetters());
        assertEquals(2, dead.size(), dead::toString);
        assertTrue(dead.get(0).contains("\"type\":\"RetentionFailed\"") && dead.get(0).contains("\"step\":\"delete-archive\"")
                && dead.get(0).contains("Access Denied"), dead.get(0));
        assertTrue(dead.get(1).contains("\"type\":\"RetentionSummary\""), dead.get(1));
        assertEquals(2, alerts().getReceivedCounter(), "the failure's alert and the summary");
    }

    @Test
    void anArchiveAlreadyGoneIsExpiredWithANote() {
        archive("2024-01-01T00:00:00Z", 30, 1000, false);
        archive("2024-03-01T00:00:00Z", 10, 4000, true);

        RetentionSummary summary = retention();

        assertEquals(1, summary.alreadyGone(), summary::toString);
        assertEquals(0, summary.failed());
        assertTrue(memoryJournal().status.get(DB + "@2024-01-01T00:00:00Z").startsWith("EXPIRED: object already gone"),
                memoryJournal().status::toString);
        assertTrue(s3().getReceivedExchanges().isEmpty(), "nothing to delete");
    }
}
