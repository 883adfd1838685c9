package org.coldarchiving.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.ArchiveKind;
import org.coldarchiving.discovery.TaggedInstance;
import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.store.StoredArchive;

/**
 * Describes a failure once ({@link Failure}) and words it for the dead-letter queue (JSON, for machines)
 * and for the alert e-mail (plain text, for the operator). The password of the connection in use is
 * scrubbed from the error text, whatever produced it.
 */
public class FailureReports {

    private static final int MAX_ERROR = 2000;
    private String defaultJournalTable;
    private int defaultRetentionDays;

    public void setDefaultJournalTable(String defaultJournalTable) {
        this.defaultJournalTable = defaultJournalTable;
    }

    public void setDefaultRetentionDays(int defaultRetentionDays) {
        this.defaultRetentionDays = defaultRetentionDays;
    }

    /**
     * A failure of the archive flow.
     *
     * @param archiving  what was being archived: a {@link TaggedInstance} (tags not checked yet), an
     *                   {@link ArchiveInstance}, an {@link ArchiveTarget} (one database), or null (discovery)
     * @param step       the step that failed (the Camel step id)
     * @param connection the connection in use, whose password is scrubbed from the error, or null
     * @param stored     the archive object when it was stored and verified before the failure, or null
     */
    public Failure describe(String runId, Object archiving, String step, Throwable error, DbConnection connection,
            StoredArchive stored) {
        ArchiveInstance instance = archiving instanceof ArchiveTarget target ? target.instance()
                : archiving instanceof ArchiveInstance checked ? checked : null;
        String instanceId = instance != null ? instance.instanceId()
                : archiving instanceof TaggedInstance found ? found.id() : null;
        ArchiveTarget target = archiving instanceof ArchiveTarget t ? t : null;
        String database = target != null ? target.database() : "*";
        String databaseId = target != null ? target.databaseId() : instanceId == null ? "*" : instanceId + "/*";
        return new Failure(runId, databaseId, instanceId, database,
                instance == null ? null : instance.engine().id(),
                instance == null ? defaultJournalTable : instance.journalTable(),
                instance == null ? null : instance.bucket(),
                instance == null ? defaultRetentionDays : instance.retentionDays(),
                step == null ? "unknown" : step, errorText(error, connection), Instant.now(), stored,
                target == null ? null : target.kind());
    }

    /** The dead-letter queue message (marshalled to JSON by the route): one per failed database. */
    public Map<String, Object> dlqMessage(Failure f) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "ArchiveFailed");
        message.put("runId", f.runId());
        message.put("databaseId", f.databaseId());
        message.put("instanceId", f.instanceId());
        message.put("database", f.database());
        if (f.kind() != null) {
            message.put("kind", f.kind().name());
        }
        message.put("engine", f.engine());
        message.put("step", f.step());
        message.put("error", f.error());
        message.put("bucket", f.bucket());
        message.put("journalTable", f.journalTable());
        message.put("at", f.at().toString());
        if (f.stored() != null) {
            // the archive is in S3 but not journaled: all a reconciliation needs
            message.put("storedObject", Map.of("bucket", f.stored().bucket(), "key", f.stored().key(),
                    "sha256", f.stored().sha256(), "sizeBytes", f.stored().sizeBytes(),
                    "compression", f.stored().compression().id(), "format", f.stored().format()));
        }
        return message;
    }

    /** E-mail subject: ASCII, one line, at most 100 characters (SNS's limit). */
    public String alertSubject(Failure f) {
        String subject = "cold-archiving: " + f.databaseId() + " failed at " + f.step();
        return AlertSubjects.of(subject);
    }

    /** E-mail body: what failed, why, and what the operator can do. */
    public String alertText(Failure f) {
        if (f.stored() != null) {
            return "cold-archiving archived a database but could not record it in the journal.\n\n"
                    + "Database:  " + f.databaseId() + "\n"
                    + "Run:       " + f.runId() + "\n"
                    + "Archive:   s3://" + f.stored().bucket() + "/" + f.stored().key() + "\n"
                    + "Size:      " + f.stored().sizeBytes() + " bytes, SHA-256 " + f.stored().sha256() + "\n"
                    + "Error:     " + f.error() + "\n\n"
                    + "The archive is kept, and its journal item stays RUNNING: the first archive run after "
                    + "archive.stale-after-minutes records it ARCHIVED from the object itself (Reconciled).\n";
        }
        boolean instanceArchive = f.kind() == ArchiveKind.INSTANCE;
        return "cold-archiving could not archive " + (instanceArchive ? "an instance's roles, users and grants" : "a database")
                + ".\n\n"
                + (instanceArchive ? "Instance:  " : "Database:  ") + f.databaseId() + (f.engine() == null ? "" : " (" + f.engine() + ")") + "\n"
                + "Run:       " + f.runId() + "\n"
                + "Step:      " + f.step() + "\n"
                + "Error:     " + f.error() + "\n\n"
                + "Nothing was archived for this " + (instanceArchive ? "instance archive" : "database") + " in this run"
                + (f.journalTable() == null ? "." : "; the journal table " + f.journalTable()
                        + " has it as FAILED.") + "\n"
                + "Archives of earlier runs are untouched. Fix the cause above; the next scheduled run "
                + "archives the database again.\n";
    }

    private static String errorText(Throwable error, DbConnection connection) {
        Throwable e = Causes.of(error);
        String text = e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (connection != null && connection.password() != null && !connection.password().isEmpty()) {
            text = text.replace(connection.password(), "****");
        }
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) + "..." : text;
    }
}
