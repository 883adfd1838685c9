package org.coldarchiving.journal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.coldarchiving.discovery.ArchiveKind;

/**
 * A journal item as read back: enough to settle an archive that a stopped process left RUNNING.
 *
 * @param table         journal table it is in
 * @param databaseId    {@code <instance-id>/<database>}, or {@code <instance-id>} for the instance archive
 * @param runId         run it belongs to
 * @param instanceId    instance or cluster identifier
 * @param database      database name
 * @param engine        engine id
 * @param bucket        bucket the archive was going to
 * @param retentionDays retention of the archive
 * @param startedAt     when the archive started
 * @param kind          a database archive, or the instance archive (then {@code database} is null)
 * @param owner         the process that ran it (its {@code Owner}), or null on an item written before leases
 */
public record JournalEntry(String table, String databaseId, String runId, String instanceId, String database,
        String engine, String bucket, int retentionDays, Instant startedAt, ArchiveKind kind, String owner) {

    /** The archive's expiry, computed as {@link org.coldarchiving.run.ArchiveTarget#expiresAt()} does. */
    public Instant expiresAt() {
        return startedAt.truncatedTo(ChronoUnit.SECONDS).plus(retentionDays, ChronoUnit.DAYS);
    }
}
