package org.coldarchiving.verify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.coldarchiving.journal.JournaledArchive;
import org.coldarchiving.report.AlertSubjects;
import org.coldarchiving.report.Causes;

/** What a verify run reports: a failed verification (dead letter and alert) and the run's summary e-mail. */
public class VerifyReports {

    /** The reason of a failed verification: the exception Camel's wrappers (a bean call, ...) carry. */
    public String reason(Throwable cause) {
        return Causes.of(cause).getMessage();
    }

    /** The dead-letter message of one failed verification. */
    public Map<String, Object> failure(String runId, JournaledArchive archive, String reason) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "VerifyFailed");
        message.put("runId", runId);
        message.put("databaseId", archive.databaseId());
        message.put("archiveRunId", archive.runId());
        message.put("bucket", archive.bucket());
        message.put("key", archive.key());
        message.put("versionId", archive.versionId());
        message.put("verifyResult", "FAILED: " + reason);
        message.put("at", Instant.now().toString());
        return message;
    }

    public String alertSubject(JournaledArchive archive) {
        String subject = "cold-archiving: archive of " + archive.databaseId() + " FAILED its restore test";
        return AlertSubjects.of(subject);
    }

    public String alertText(Map<String, Object> failure) {
        return "An archive did not pass its restore test: do not count on it until this is fixed.\n\n"
                + "Database:  " + failure.get("databaseId") + "\n"
                + "Archive:   s3://" + failure.get("bucket") + "/" + failure.get("key") + " (version "
                + failure.get("versionId") + ", run " + failure.get("archiveRunId") + ")\n"
                + "Result:    " + failure.get("verifyResult") + "\n\n"
                + "The journal row has VerifyResult and VerifiedAt; the next archive run makes a new archive.\n";
    }

    public String subject(VerifySummary summary) {
        return "cold-archiving verify " + summary.runId() + (summary.succeeded()
                ? ": " + summary.passed().size() + " archives restored and passed" : ": " + summary.failed().size()
                + " archives FAILED");
    }

    public String text(VerifySummary summary) {
        StringBuilder text = new StringBuilder("Restore tests of run ").append(summary.runId()).append('\n')
                .append("Verified: ").append(summary.verified()).append('\n')
                .append("Passed:   ").append(summary.passed().size()).append('\n')
                .append("Failed:   ").append(summary.failed().size()).append('\n')
                .append("Skipped:  ").append(summary.skipped().size()).append('\n');
        summary.failed().forEach(f -> text.append("\nFAILED  ").append(f));
        summary.skipped().forEach(s -> text.append("\nskipped ").append(s));
        return text.append('\n').toString();
    }
}
