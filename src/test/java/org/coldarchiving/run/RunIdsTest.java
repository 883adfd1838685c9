package org.coldarchiving.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** archive.run-id: the run a one-shot task joins, or its start time. */
class RunIdsTest {

    @Test
    void aConfiguredRunIdIsTheOneShotRun() {
        RunIds ids = new RunIds();
        ids.setRunId("2026-01-01T01:30:00Z");
        assertEquals("2026-01-01T01:30:00Z", ids.oneShot());
        ids.setRunId("2026-01-01T01:30:00.250Z"); // to the second, as every run id
        assertEquals("2026-01-01T01:30:00Z", ids.oneShot());
    }

    @Test
    void noneConfiguredIsTheStartTime() {
        RunIds ids = new RunIds();
        ids.setRunId("");
        Instant before = Instant.now().minusSeconds(1);
        assertTrue(Instant.parse(ids.oneShot()).isAfter(before));
    }

    @Test
    void aRunIdThatIsNoTimeIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunIds().setRunId("monthly"));
        assertTrue(e.getMessage().contains("archive.run-id=monthly"), e.getMessage());
    }
}
