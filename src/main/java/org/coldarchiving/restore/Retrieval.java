package org.coldarchiving.restore;

import java.time.Duration;
import java.time.Instant;

import org.coldarchiving.journal.JournaledArchive;

/**
 * Whether an archive's object can be read now. GLACIER (Flexible Retrieval) and DEEP_ARCHIVE objects are
 * read only from a temporary copy that a RestoreObject request makes, hours later; every other class is
 * read directly.
 *
 * @param archive     the archive
 * @param state       readable now, retrieval not requested yet, or requested and in progress
 * @param requestedAt when the retrieval was requested (journal RestoreRequestedAt), or null
 * @param tier        the retrieval tier asked for (archive.restore.tier)
 */
public record Retrieval(JournaledArchive archive, State state, Instant requestedAt, String tier) {

    public enum State {
        READABLE, NOT_REQUESTED, IN_PROGRESS
    }

    public boolean isReadable() {
        return state == State.READABLE;
    }

    public boolean isNotRequested() {
        return state == State.NOT_REQUESTED;
    }

    /** The retrieval was requested (now or by an earlier run) and has not finished. */
    public Retrieval requested(Instant at) {
        return new Retrieval(archive, State.IN_PROGRESS, at, tier);
    }

    /** How long S3 takes for this class and tier (the AWS documentation's figures). */
    public String typicalTime() {
        boolean deep = "DEEP_ARCHIVE".equals(archive.storageClass());
        return switch (tier) {
            case "Expedited" -> "1-5 minutes";
            case "Bulk" -> deep ? "up to 48 hours" : "5-12 hours";
            default -> deep ? "up to 12 hours" : "3-5 hours";
        };
    }

    /** When to run the restore again: the end of the typical time after the request. */
    public Instant runAgainAfter() {
        boolean deep = "DEEP_ARCHIVE".equals(archive.storageClass());
        Duration typical = switch (tier) {
            case "Expedited" -> Duration.ofMinutes(5);
            case "Bulk" -> Duration.ofHours(deep ? 48 : 12);
            default -> Duration.ofHours(deep ? 12 : 5);
        };
        return (requestedAt == null ? Instant.now() : requestedAt).plus(typical);
    }

    @Override
    public String toString() {
        return switch (state) {
            case READABLE -> archive.storageClass() + ", readable";
            case NOT_REQUESTED -> archive.storageClass() + ", not retrieved";
            case IN_PROGRESS -> archive.storageClass() + ", " + tier + " retrieval requested at " + requestedAt
                    + " (typically " + typicalTime() + "): run the restore again after " + runAgainAfter();
        };
    }
}
