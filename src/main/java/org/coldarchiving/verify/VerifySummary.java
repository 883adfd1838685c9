package org.coldarchiving.verify;

import java.util.List;

import org.coldarchiving.run.TaskOutcome;

/**
 * Totals of one verify run: each archive verified, passed or failed (with the reason), and each database
 * skipped with why. The one-shot task exits 0 only when none failed.
 */
public record VerifySummary(String runId, List<String> passed, List<String> failed, List<String> skipped)
        implements TaskOutcome {

    public int verified() {
        return passed.size() + failed.size();
    }

    @Override
    public boolean succeeded() {
        return failed.isEmpty();
    }

    @Override
    public String toString() {
        return "verify run " + runId + ": " + verified() + " verified, " + passed.size() + " passed, " + failed.size()
                + " failed" + (failed.isEmpty() ? "" : " " + failed) + ", " + skipped.size() + " skipped"
                + (skipped.isEmpty() ? "" : " " + skipped);
    }
}
