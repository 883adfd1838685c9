package org.coldarchiving.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.coldarchiving.support.Settings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The retention decision, with the defaults of application.properties. */
class RetentionRulesTest {

    static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");
    RetentionRules rules;

    @BeforeEach
    void defaults() {
        rules = new RetentionRules();
        rules.setEarlyDelete(Boolean.parseBoolean(Settings.get("archive.retention.early-delete")));
        rules.setKeepLast(Settings.integer("archive.retention.keep-last"));
        rules.setDryRun(Boolean.parseBoolean(Settings.get("archive.retention.dry-run")));
        rules.setPrices(Settings.get("archive.retention.prices"));
    }

    static RetentionCandidate archive(String runId, String storageClass, long storedDaysAgo, Instant lockedUntil) {
        return new RetentionCandidate("t", "db-1/sales", runId, "b", "k-" + runId, "v1", storageClass,
                1024L * 1024 * 1024, NOW.minus(storedDaysAgo, ChronoUnit.DAYS), NOW.minus(1, ChronoUnit.DAYS), 365,
                lockedUntil == null ? null : "COMPLIANCE", lockedUntil, null);
    }

    static NewestArchives newest(String... runIds) {
        NewestArchives newest = new NewestArchives("db-1/sales", runIds.length);
        newest.add(java.util.Arrays.stream(runIds).map(r -> Map.of("RunId", AttributeValue.fromS(r),
                "Status", AttributeValue.fromS("ARCHIVED"))).toList(), null);
        return newest;
    }

    @Test
    void anExpiredArchivePastItsClassMinimumIsDeleted() {
        RetentionDecision d = rules.decide(archive("r1", "GLACIER_IR", 366, null), newest("r9"), NOW);
        assertTrue(d.act(), d.reason());
        assertTrue(d.reason().contains("retention of 365 days ended"), d.reason());
    }

    @Test
    void theMinimumStorageDurationOfEachClassKeepsYoungerArchivesUnlessEarlyDelete() {
        assertFalse(rules.decide(archive("r1", "GLACIER_IR", 89, null), null, NOW).delete());
        assertTrue(rules.decide(archive("r1", "GLACIER_IR", 91, null), null, NOW).delete());
        assertFalse(rules.decide(archive("r1", "GLACIER", 89, null), null, NOW).delete());
        assertFalse(rules.decide(archive("r1", "DEEP_ARCHIVE", 179, null), null, NOW).delete());
        assertTrue(rules.decide(archive("r1", "DEEP_ARCHIVE", 181, null), null, NOW).delete());
        assertTrue(rules.decide(archive("r1", "STANDARD", 1, null), null, NOW).delete());
        String reason = rules.decide(archive("r1", "DEEP_ARCHIVE", 100, null), null, NOW).reason();
        assertTrue(reason.contains("DEEP_ARCHIVE bills 180 days minimum") && reason.contains("early-delete"), reason);
        rules.setEarlyDelete(true);
        assertTrue(rules.decide(archive("r1", "DEEP_ARCHIVE", 100, null), null, NOW).act());
    }

    @Test
    void keepLastAndAnUnendedLockKeepTheArchive() {
        assertFalse(rules.decide(archive("r9", "GLACIER_IR", 400, null), newest("r9"), NOW).delete());
        RetentionDecision locked = rules.decide(archive("r1", "GLACIER_IR", 400, NOW.plusSeconds(60)), null, NOW);
        assertFalse(locked.delete());
        assertTrue(locked.reason().contains("Object Lock (COMPLIANCE)"), locked.reason());
        assertTrue(rules.decide(archive("r1", "GLACIER_IR", 400, NOW.minusSeconds(60)), null, NOW).delete());
    }

    @Test
    void aDryRunOnlyLists() {
        rules.setDryRun(true);
        RetentionDecision d = rules.decide(archive("r1", "GLACIER_IR", 400, null), null, NOW);
        assertTrue(d.delete() && d.listOnly() && !d.act());
    }

    @Test
    void theMonthlyCostIsTheSizeTimesTheClassPrice() {
        assertEquals(0, new BigDecimal("0.004").compareTo(rules.monthlyCost(archive("r1", "GLACIER_IR", 400, null))));
        assertEquals(0, new BigDecimal("0.00099").compareTo(rules.monthlyCost(archive("r1", "DEEP_ARCHIVE", 400, null))));
        assertEquals(0, BigDecimal.ZERO.compareTo(rules.monthlyCost(archive("r1", "REDUCED_REDUNDANCY", 400, null))));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> rules.setPrices("GLACIER_IR=0.004"));
        assertTrue(bad.getMessage().contains("archive.retention.prices"), bad.getMessage());
    }

    @Test
    void newestArchivesCountOnlyArchivedRuns() {
        NewestArchives newest = new NewestArchives("db-1/sales", 2);
        newest.add(List.of(Map.of("RunId", AttributeValue.fromS("r3"), "Status", AttributeValue.fromS("FAILED")),
                Map.of("RunId", AttributeValue.fromS("r2"), "Status", AttributeValue.fromS("ARCHIVED"))),
                Map.of("RunId", AttributeValue.fromS("r2")));
        assertTrue(newest.isIncomplete(), "one ARCHIVED seen, another page to read");
        newest.add(List.of(Map.of("RunId", AttributeValue.fromS("r1"), "Status", AttributeValue.fromS("ARCHIVED"))), null);
        assertFalse(newest.isIncomplete());
        assertTrue(newest.contains("r2") && newest.contains("r1") && !newest.contains("r3"));
    }
}
