package org.coldarchiving.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** Run identifiers: the ISO-8601 UTC second of the scheduled fire time, or of a one-shot start. */
public class RunIds {

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Run id of a scheduled cycle: same fire time, same id, so a repeated fire never archives twice. */
    public String scheduled(Date scheduledFireTime) {
        return format(scheduledFireTime == null ? Instant.now() : scheduledFireTime.toInstant());
    }

    /** Run id of a one-shot cycle: its start time. */
    public String now() {
        return format(Instant.now());
    }

    static String format(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 2026-01-01T01:30:00Z} as {@code 20260101T013000Z}, for object keys. */
    public static String compact(String runId) {
        return COMPACT.format(Instant.parse(runId));
    }
}
