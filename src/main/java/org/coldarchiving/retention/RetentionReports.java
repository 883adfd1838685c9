package org.coldarchiving.retention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.coldarchiving.report.AlertSubjects;
import org.coldarchiving.report.Causes;


/**
 * Words a retention run for the operator: the summary e-mail (deleted, bytes freed, cost saved, kept and
 * why), and each failed deletion for the dead-letter queue (JSON, marshalled by the route) and the alert.
 */
public class RetentionReports {

    private static final int MAX_LINES = 200;

    public String subject(RetentionSummary summary) {
        return "cold-archiving: retention " + summary.runId() + (summary.dryRun() ? " (dry run)" : "")
                + (summary.succeeded() ? ": " + summary.deleted() + " archives deleted" : " had failures");
    }

    public String text(RetentionSummary summary) {
        StringBuilder text = new StringBuilder("cold-archiving finished retention run " + summary.runId()
                + (summary.dryRun() ? " as a DRY RUN (archive.retention.dry-run=true): nothing was deleted" : "")
                + ".\n\n");
        text.append("Archives deleted:      ").append(summary.deleted()).append('\n');
        text.append("Bytes freed:           ").append(summary.bytesFreed()).append(" (")
                .append(String.format("%.3f", summary.bytesFreed() / RetentionRules.GB)).append(" GB)\n");
        text.append("Storage cost saved:    ").append(summary.monthlySavedText())
                .append(" a month (archive.retention.prices, from the journal's sizes)\n");
        text.append("Already gone:          ").append(summary.alreadyGone())
                .append(" (journaled EXPIRED with a note)\n");
        text.append("Archives kept:         ").append(summary.kept().size()).append('\n');
        text.append("Failed deletions:      ").append(summary.failed()).append('\n');
        if (summary.dryRun()) {
            text.append("\nWould be deleted (").append(summary.listed().size()).append("):\n");
            lines(text, summary.listed());
        }
        if (!summary.kept().isEmpty()) {
            text.append("\nKept, and why:\n");
            lines(text, summary.kept());
        }
        text.append('\n').append(summary.succeeded() ? "Nothing needs your attention.\n"
                : "Each failed deletion was sent in its own alert, with its cause; the next run tries again.\n");
        return text.toString();
    }

    private static void lines(StringBuilder text, List<String> lines) {
        lines.stream().limit(MAX_LINES).forEach(l -> text.append("  - ").append(l).append('\n'));
        if (lines.size() > MAX_LINES) {
            text.append("  ... and ").append(lines.size() - MAX_LINES).append(" more (see the log)\n");
        }
    }

    /** The dead-letter message of a retention run with failures. */
    public Map<String, Object> dlqMessage(RetentionSummary summary) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "RetentionSummary");
        message.put("runId", summary.runId());
        message.put("deleted", summary.deleted());
        message.put("bytesFreed", summary.bytesFreed());
        message.put("failed", summary.failed());
        message.put("kept", summary.kept().size());
        return message;
    }

    /** One failed deletion, for the dead-letter queue. */
    public Map<String, Object> failure(String runId, RetentionCandidate archive, String step, Throwable error) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "RetentionFailed");
        message.put("runId", runId);
        message.put("databaseId", archive.databaseId());
        message.put("archiveRunId", archive.runId());
        message.put("bucket", archive.bucket());
        message.put("key", archive.key());
        message.put("versionId", archive.versionId());
        message.put("sizeBytes", archive.sizeBytes());
        message.put("step", step == null ? "unknown" : step);
        message.put("error", errorText(error));
        message.put("journalTable", archive.table());
        message.put("at", Instant.now().toString());
        return message;
    }

    public String alertSubject(RetentionCandidate archive) {
        String subject = "cold-archiving: retention could not delete " + archive.databaseId();
        return AlertSubjects.of(subject);
    }

    public String alertText(Map<String, Object> failure) {
        return "cold-archiving could not delete an archive whose retention ended.\n\n"
                + "Database:  " + failure.get("databaseId") + "\n"
                + "Archive:   s3://" + failure.get("bucket") + "/" + failure.get("key") + " (version "
                + failure.get("versionId") + ", run " + failure.get("archiveRunId") + ")\n"
                + "Step:      " + failure.get("step") + "\n"
                + "Error:     " + failure.get("error") + "\n\n"
                + "The archive and its journal row (ARCHIVED) are unchanged; the next retention run tries again.\n"
                + "An Object Lock that has not ended, or a missing s3:DeleteObjectVersion permission, refuse it.\n";
    }

    private static String errorText(Throwable error) {
        Throwable e = Causes.of(error);
        return e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
