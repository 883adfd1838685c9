package org.coldarchiving.run;

/**
 * Totals of one run.
 *
 * @param runId    the run
 * @param archived archives made: databases and instance archives (roles, users and grants)
 * @param failed   databases (or instances) that failed
 * @param skipped  archives already in the journal for this run
 */
public record RunSummary(String runId, int archived, int failed, int skipped) implements TaskOutcome {

    @Override
    public boolean succeeded() {
        return failed == 0;
    }

    @Override
    public String toString() {
        return "run " + runId + ": " + archived + " archived, " + failed + " failed, " + skipped + " skipped";
    }
}
