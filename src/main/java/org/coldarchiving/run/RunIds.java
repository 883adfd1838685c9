package org.coldarchiving.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    private String configured = "";

    /**
     * Set from archive.run-id: the run a one-shot task takes part in (an ISO-8601 UTC time, such as the
     * scheduled time EventBridge Scheduler passes), shared by every task started for that run.
     */
    public void setRunId(String runId) {
        String value = runId == null ? "" : runId.trim();
        if (!value.isEmpty()) {
            try {
                value = format(Instant.parse(value));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("archive.run-id=" + runId + " is not an ISO-8601 UTC time such as "
                        + "2026-01-01T01:30:00Z: set it to the run's scheduled time, or leave it empty (the start time)");
            }
        }
        this.configured = value;
    }

    /** Run id of a one-shot cycle: archive.run-id, or its start time. */
    public String oneShot() {
        return configured.isEmpty() ? now() : configured;
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
