package org.coldarchiving.run;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.ArchiveKind;
import org.coldarchiving.discovery.DatabaseToArchive;

/**
 * One database to archive in one run, or the instance archive ({@link ArchiveKind#INSTANCE}: the roles,
 * users and grants its databases need from the instance).
 *
 * @param runId         ISO-8601 UTC time of the scheduled fire (or of a one-shot start)
 * @param instance      the checked instance the database lives on
 * @param database      database name, exactly as the server knows it (null for the instance archive)
 * @param startedAt     when this database's archive started
 * @param expectedBytes upper estimate of the dump's size, to size the upload's parts
 * @param serverMajor   the server's major version (PostgreSQL; 0 when unknown)
 * @param kind          a database, or the instance archive
 */
public record ArchiveTarget(String runId, ArchiveInstance instance, String database, Instant startedAt,
        long expectedBytes, int serverMajor, ArchiveKind kind) {

    public ArchiveTarget(String runId, ArchiveInstance instance, String database, Instant startedAt,
            long expectedBytes, int serverMajor) {
        this(runId, instance, database, startedAt, expectedBytes, serverMajor, ArchiveKind.DATABASE);
    }

    /** A text dump can be about twice the stored size (binary columns written as hex). */
    private static final long DUMP_GROWTH = 2;

    /**
     * When the archive's retention ends: its start plus the retention days, to the second. Computed once,
     * so the journal's {@code ExpiresAt} and the object's Object Lock retain-until date are the same instant.
     */
    public Instant expiresAt() {
        return startedAt.truncatedTo(ChronoUnit.SECONDS).plus(instance.retentionDays(), ChronoUnit.DAYS);
    }

    /** Journal key: {@code <instance-id>/<database>}, or {@code <instance-id>} for the instance archive. */
    public String databaseId() {
        return isInstanceArchive() ? instance.instanceId() : instance.instanceId() + "/" + database;
    }

    public boolean isInstanceArchive() {
        return kind == ArchiveKind.INSTANCE;
    }

    public static ArchiveTarget of(ArchiveInstance instance, DatabaseToArchive database, String runId) {
        return new ArchiveTarget(runId, instance, database.name(), Instant.now(),
                database.kind() == ArchiveKind.INSTANCE ? 0
                        : Math.max(instance.allocatedBytes(), database.reportedBytes()) * DUMP_GROWTH,
                database.serverMajor(), database.kind());
    }
}
