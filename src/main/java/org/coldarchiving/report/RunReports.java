package org.coldarchiving.report;

import java.util.LinkedHashMap;
import java.util.Map;

import org.coldarchiving.run.RunSummary;

/** Words a run's totals for the e-mail topic and the dead-letter queue. */
public class RunReports {

    public String subject(RunSummary summary) {
        return "cold-archiving: run " + summary.runId() + (summary.succeeded() ? " archived everything" : " had failures");
    }

    public String text(RunSummary summary) {
        return "cold-archiving finished run " + summary.runId() + ".\n\n"
                + "Archived:  " + summary.archived() + "\n"
                + "Failed:    " + summary.failed() + "\n"
                + "Skipped:   " + summary.skipped() + " (already archived in this run)\n\n"
                + (summary.succeeded() ? "Nothing needs your attention.\n"
                        : "Each failure was sent in its own alert, with its cause.\n");
    }

    /** The dead-letter message of a run with failures (marshalled to JSON by the route). */
    public Map<String, Object> dlqMessage(RunSummary summary) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "RunSummary");
        message.put("runId", summary.runId());
        message.put("archived", summary.archived());
        message.put("failed", summary.failed());
        message.put("skipped", summary.skipped());
        return message;
    }
}
