package org.coldarchiving.retention;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.coldarchiving.run.TaskOutcome;

/**
 * Totals of one retention run.
 *
 * @param runId        the run
 * @param dryRun       true: nothing was deleted, {@code listed} says what would have been
 * @param deleted      archives whose object was deleted (and journaled EXPIRED)
 * @param alreadyGone  expired archives whose object was already gone (journaled EXPIRED with a note)
 * @param bytesFreed   stored bytes deleted (journal sizes)
 * @param monthlySaved storage cost a month no longer billed (USD, archive.retention.prices)
 * @param kept         archives kept, each with its reason
 * @param listed       dry run: archives that would be deleted, each with its reason
 * @param failed       archives whose deletion failed (each reported on its own)
 */
public record RetentionSummary(String runId, boolean dryRun, int deleted, int alreadyGone, long bytesFreed,
        BigDecimal monthlySaved, List<String> kept, List<String> listed, int failed) implements TaskOutcome {

    @Override
    public boolean succeeded() {
        return failed == 0;
    }

    /** The cost saved, in dollars and cents (rounded up to the cent when non-zero). */
    public String monthlySavedText() {
        BigDecimal cents = monthlySaved.setScale(2, RoundingMode.HALF_UP);
        return "$" + (cents.signum() == 0 && monthlySaved.signum() > 0
                ? "<0.01" : cents.toPlainString());
    }

    @Override
    public String toString() {
        return "retention run " + runId + (dryRun ? " (dry run)" : "") + ": " + deleted + " deleted, " + alreadyGone
                + " already gone, " + bytesFreed + " bytes freed, " + monthlySavedText() + "/month saved, "
                + kept.size() + " kept, " + (dryRun ? listed.size() + " would be deleted, " : "") + failed + " failed";
    }
}
