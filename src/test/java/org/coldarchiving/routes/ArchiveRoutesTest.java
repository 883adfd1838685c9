package org.coldarchiving.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.report.Failure;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.store.StoredArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The branches of the archive flow, through the real route files, in seconds: archived, skipped, a
 * failure in each step named by that step, and each report channel going when the others fail.
 */
@CamelMainTest(mainClass = Application.class,
        propertyPlaceholderLocations = {"classpath:route-test.properties", "file:application.properties"},
        mockEndpointsAndSkip = "(aws2-|aws-secrets-manager).*")
class ArchiveRoutesTest extends RouteTestSupport {

    static final String RUN = "2026-12-01T01:30:00Z";

    @BeforeEach
    void oneInstanceWithTwoDatabases() {
        discovery().instances.add(instance("pg-1", Map.of()));
        servicesAnswer();
    }

    @Test
    void everyDatabaseIsArchivedCheckedTaggedAndJournaled() {
        RunSummary summary = run(RUN);

        assertEquals(new RunSummary(RUN, 3, 0, 0), summary, "two databases and the instance archive");
        assertEquals(Map.of("pg-1/sales@" + RUN, "ARCHIVED", "pg-1/billing@" + RUN, "ARCHIVED", "pg-1@" + RUN, "ARCHIVED"),
                memoryJournal().status);
        assertEquals(List.of("headObject", "putObjectTagging", "headObject", "putObjectTagging", "headObject",
                "putObjectTagging"), s3Operations());
        assertEquals(Map.of("sha256", "sha-sales"), s3().getReceivedExchanges().get(1).getMessage()
                .getHeader("CamelAwsS3ObjectTags"));
        assertTrue(deadLetters().getReceivedExchanges().isEmpty(), "no dead letter");
        assertEquals(1, alerts().getReceivedCounter(), "one run summary e-mail");
        assertEquals("cold-archiving/pg-1",
                secrets().getReceivedExchanges().get(0).getMessage().getHeader("CamelAwsSecretsManagerSecretId"));
        s3().getReceivedExchanges().forEach(e -> {
            assertEquals(null, e.getVariable("secret"), "the secret does not travel with the archive");
            assertFalse(String.valueOf(e.getMessage().getBody()).contains(PASSWORD), "nor in its body");
        });
    }

    @Test
    void aDatabaseAlreadyInTheJournalForTheRunIsSkipped() {
        run(RUN);
        s3().reset();
        servicesAnswer();

        RunSummary again = run(RUN);

        assertEquals(new RunSummary(RUN, 0, 0, 3), again, "both databases and the instance archive");
        assertTrue(s3Operations().isEmpty(), "nothing stored again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check-tags", "read-secret", "list-databases", "journal-running", "dump-and-upload",
        "verify-upload", "journal-archived"})
    void aFailureIsReportedAtTheStepThatFailed(String step) {
        String database = failAt(step);
        // a journal or S3 fault hits the instance archive (key pg-1) too, and is reported for it alike
        List<String> failed = List.of("journal-running", "verify-upload", "journal-archived").contains(step)
                ? List.of("pg-1/" + database, "pg-1") : List.of("pg-1/" + database);

        RunSummary summary = run(RUN);

        assertEquals(failed.size(), summary.failed(), summary::toString);
        List<Failure> journaled = memoryJournal().failures;
        // a stored archive whose journal write failed stays RUNNING: recovery records it ARCHIVED
        assertEquals(step.equals("journal-archived") ? List.of() : failed,
                journaled.stream().map(Failure::databaseId).toList(), journaled::toString);
        assertTrue(journaled.stream().allMatch(f -> step.equals(f.step())), journaled::toString);
        List<String> letters = bodies(deadLetters()).stream().filter(m -> m.contains("ArchiveFailed")).toList();
        assertEquals(failed.size(), letters.size(), letters::toString);
        for (int i = 0; i < failed.size(); i++) {
            String databaseId = failed.get(i);
            assertTrue(letters.get(i).contains("\"step\":\"" + step + "\""), letters.get(i));
            assertTrue(letters.get(i).contains("\"databaseId\":\"" + databaseId + "\""), letters.get(i));
            assertEquals(1, alerts().getReceivedExchanges().stream().filter(e -> (databaseId + " failed at " + step)
                    .equals(e.getMessage().getHeader("CamelAwsSnsSubject", String.class).replace("cold-archiving: ", "")))
                    .count(), () -> bodies(alerts()).toString());
        }
        for (String place : List.of(bodies(deadLetters()).toString(), bodies(alerts()).toString(), journaled.toString())) {
            assertFalse(place.contains(PASSWORD), "password leaked into: " + place);
        }
    }

    /** Makes one step fail; returns the database the failure is reported against. */
    String failAt(String step) {
        switch (step) {
            case "check-tags" -> discovery().instances.set(0, instance("pg-1", Map.of("arch:RetentionDays", "forever")));
            case "read-secret" -> secrets().whenAnyExchangeReceived(e -> {
                throw new IllegalStateException("Secrets Manager can't find the specified secret (fake)");
            });
            case "list-databases" -> lister().names.add("list-fails");
            case "journal-running" -> memoryJournal().failingWrites.add("begin");
            case "dump-and-upload" -> commands().failing.add("sales");
            case "verify-upload" -> s3().whenAnyExchangeReceived(e -> {
                if (operation(e).contains("headObject")) {
                    StoredArchive uploaded = e.getVariable("uploaded", StoredArchive.class);
                    e.getMessage().setBody(HeadObjectResponse.builder().contentLength(uploaded.sizeBytes() - 1)
                            .build());
                }
            });
            case "journal-archived" -> memoryJournal().failingWrites.add("archived");
            default -> throw new IllegalArgumentException(step);
        }
        boolean instanceLevel = List.of("check-tags", "read-secret", "list-databases").contains(step);
        if (!instanceLevel) {
            lister().names.remove("billing"); // one database, so the failure is that database's
        }
        return instanceLevel ? "*" : "sales";
    }

    @Test
    void anObjectThatFailsItsCheckIsDeleted() {
        failAt("verify-upload");

        run(RUN);

        assertEquals(List.of("headObject", "deleteObject", "headObject", "deleteObject"), s3Operations(),
                "the database's object and the instance archive's");
        String letter = bodies(deadLetters()).get(0);
        assertFalse(letter.contains("storedObject"), "a deleted object is not reported as kept: " + letter);
        assertTrue(letter.contains("bytes, but"), "the reason is the check's, not the clean-up's: " + letter);
    }

    @Test
    void anArchiveStoredButNotJournaledIsReportedWithItsObjectAndLeftRunningForRecovery() {
        failAt("journal-archived");

        run(RUN);

        String letter = bodies(deadLetters()).get(0);
        assertTrue(letter.contains("\"storedObject\"") && letter.contains("sha-sales"), letter);
        assertTrue(bodies(alerts()).get(0).contains("The archive is kept, and its journal item stays RUNNING"),
                bodies(alerts()).get(0));
        // not FAILED: a FAILED row would hide the complete object from restore, verify and retention for ever
        assertEquals("RUNNING", memoryJournal().status.get("pg-1/sales@" + RUN));
        assertTrue(memoryJournal().failures.isEmpty(), memoryJournal().failures::toString);
    }

    @Test
    void aJournalArchivedWriteThatFailsForAMomentIsRetried() {
        memoryJournal().failingNext.put("archived", 3);

        RunSummary summary = run(RUN);

        assertEquals(new RunSummary(RUN, 3, 0, 0), summary, "every archive journaled, none reported");
        assertEquals(Map.of("pg-1/sales@" + RUN, "ARCHIVED", "pg-1/billing@" + RUN, "ARCHIVED", "pg-1@" + RUN, "ARCHIVED"),
                memoryJournal().status);
        assertTrue(bodies(deadLetters()).stream().noneMatch(m -> m.contains("ArchiveFailed")), "no dead letter");
    }

    @Test
    void theAlertGoesWhenTheJournalAndTheDeadLetterQueueFail() {
        commands().failing.add("sales");
        memoryJournal().failingWrites.add("failed");
        deadLetters().whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("SQS unreachable (fake)");
        });

        RunSummary summary = run(RUN);

        assertEquals(new RunSummary(RUN, 2, 1, 0), summary, "the run goes on with the next database");
        assertEquals(1, alerts().getReceivedExchanges().stream()
                .filter(e -> e.getMessage().getHeader("CamelAwsSnsSubject", String.class).contains("failed at")).count());
    }

    @Test
    void theJournalAndTheDeadLetterGoWhenTheAlertFails() {
        commands().failing.add("sales");
        alerts().whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("SNS unreachable (fake)");
        });

        RunSummary summary = run(RUN);

        assertEquals(new RunSummary(RUN, 2, 1, 0), summary);
        assertEquals("FAILED", memoryJournal().status.get("pg-1/sales@" + RUN));
        assertEquals(2, deadLetters().getReceivedCounter(), "the failure and the run summary");
    }
}
