package org.coldarchiving.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The restore task's settings are checked before anything is read, each error naming its setting. */
class RestoreRequestTest {

    static RestoreRequest valid() {
        RestoreRequest request = new RestoreRequest();
        request.setDatabase("prod-db-1/sales");
        request.setTargetSecret("cold-archiving/restore-target");
        request.setClock(Clock.fixed(Instant.parse("2026-11-25T23:59:00Z"), ZoneOffset.UTC));
        return request;
    }

    static String refusal(RestoreRequest request) {
        return assertThrows(IllegalArgumentException.class, request::check).getMessage();
    }

    @Test
    void defaultsToTheDatabaseRestoredTodayAndTheStandardTier() {
        RestoreRequest request = valid().check();
        assertEquals("sales_restored_20261125", request.targetDatabase("sales"));
        assertEquals("Standard", request.checkedTier());
        assertEquals("", request.runId());
    }

    @Test
    void eachBadSettingIsNamed() {
        RestoreRequest noInstance = valid();
        noInstance.setDatabase("sales");
        assertTrue(refusal(noInstance).startsWith("archive.restore.database='sales'"));
        RestoreRequest badRun = valid();
        badRun.setRunId("last tuesday");
        assertTrue(refusal(badRun).startsWith("archive.restore.run-id='last tuesday'"));
        RestoreRequest otherSecret = valid();
        otherSecret.setTargetSecret("prod/admin");
        assertTrue(refusal(otherSecret).startsWith("archive.restore.target-secret='prod/admin'"));
        RestoreRequest badTier = valid();
        badTier.setTier("Fast");
        assertTrue(refusal(badTier).startsWith("archive.restore.tier='Fast'"));
        RestoreRequest noDays = valid();
        noDays.setDays(0);
        assertTrue(refusal(noDays).startsWith("archive.restore.days=0"));
    }
}
