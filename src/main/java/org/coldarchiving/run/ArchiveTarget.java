package org.coldarchiving.run;

import java.time.Instant;

import org.coldarchiving.discovery.ArchiveInstance;

/**
 * One database to archive in one run.
 *
 * @param runId     ISO-8601 UTC time of the scheduled fire (or of a one-shot start)
 * @param instance  the checked instance the database lives on
 * @param database  database name, exactly as the server knows it
 * @param startedAt when this database's archive started
 */
public record ArchiveTarget(String runId, ArchiveInstance instance, String database, Instant startedAt) {

    /** Journal key: {@code <instance-id>/<database>}. */
    public String databaseId() {
        return instance.instanceId() + "/" + database;
    }

    public static ArchiveTarget of(ArchiveInstance instance, String database, String runId) {
        return new ArchiveTarget(runId, instance, database, Instant.now());
    }
}
