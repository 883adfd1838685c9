package org.coldarchiving.report;

import java.time.Instant;

import org.coldarchiving.discovery.ArchiveKind;
import org.coldarchiving.fleet.Worker;
import org.coldarchiving.store.StoredArchive;

/**
 * What failed, where and why: everything the journal, the dead-letter message and the alert say about
 * one failed database (or instance, when it failed before its databases were known). The error text has
 * been scrubbed of the password.
 *
 * @param runId         run the failure belongs to
 * @param databaseId    {@code <instance-id>/<database>}, or {@code <instance-id>/*} for an instance-level failure
 * @param instanceId    instance or cluster identifier
 * @param database      database name, {@code *} (the instance failed), or null (the instance archive)
 * @param engine        engine id, or null when unknown
 * @param journalTable  journal table to record it in
 * @param bucket        bucket the archive was going to, or null
 * @param retentionDays retention the archive would have had
 * @param step          the step that failed (discover, secret, list-databases, journal, dump-and-upload, ...)
 * @param error         error type and message
 * @param at            when the failure was reported
 * @param stored        the archive object, when it was stored before the failure (journal write failed)
 * @param kind          what was being archived (a database or the instance archive), or null for a failure
 *                      of the instance itself (tags, secret, listing)
 * @param owner         the process whose RUNNING journal item the failure may turn FAILED: this process
 *                      ({@link Worker#ID}), or the stopped process whose archive recovery settles; null: any
 */
public record Failure(String runId, String databaseId, String instanceId, String database, String engine,
        String journalTable, String bucket, int retentionDays, String step, String error,
        Instant at, StoredArchive stored, ArchiveKind kind, String owner) {

    /** A failure of this process's own archive. */
    public Failure(String runId, String databaseId, String instanceId, String database, String engine,
            String journalTable, String bucket, int retentionDays, String step, String error,
            Instant at, StoredArchive stored, ArchiveKind kind) {
        this(runId, databaseId, instanceId, database, engine, journalTable, bucket, retentionDays, step, error, at,
                stored, kind, Worker.ID);
    }
}
