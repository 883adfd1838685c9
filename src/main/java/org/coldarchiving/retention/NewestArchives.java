package org.coldarchiving.retention;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The newest {@code wanted} ARCHIVED runs of one database not known bad (an archive whose restore test
 * failed, VerifyResult {@code FAILED...}, is never counted), collected from pages of a journal Query
 * (newest first) until enough were seen or the database has no more runs: archive.retention.keep-last,
 * and the archive a restore takes when no run is named. For keep-last the newest archive whose restore
 * test PASSED is kept too when there is one, so retention never keeps only archives nobody proved.
 */
public class NewestArchives {

    private final String databaseId;
    private final int wanted;
    private final boolean keepsPassed;
    private final Set<String> runIds = new LinkedHashSet<>();
    private final List<String> skippedFailed = new ArrayList<>();
    private String newestPassed;
    private String firstResult;
    private Map<String, AttributeValue> nextKey;
    private boolean exhausted;

    /** keep-last: the newest {@code wanted} archives not known bad, and the newest PASSED one. */
    public NewestArchives(String databaseId, int wanted) {
        this(databaseId, wanted, wanted > 0);
    }

    private NewestArchives(String databaseId, int wanted, boolean keepsPassed) {
        this.databaseId = databaseId;
        this.wanted = wanted;
        this.keepsPassed = keepsPassed;
    }

    /** The newest ARCHIVED run of a database not known bad, for a restore. */
    public static NewestArchives newest(String databaseId) {
        return new NewestArchives(databaseId, 1, false);
    }

    /** The newest ARCHIVED run not known bad; refused, naming the database, when it has none. */
    public String first() {
        if (runIds.isEmpty()) {
            throw new IllegalArgumentException("The journal has no ARCHIVED archive of " + databaseId
                    + (skippedFailed.isEmpty() ? "" : " that did not fail its restore test (failed: runs "
                            + skippedFailed + "; set archive.restore.run-id and archive.restore.allow-failed=true "
                            + "to restore one of those anyway)")
                    + ": check archive.restore.database (<instance-id>/<database>, as in the journal's DatabaseId)");
        }
        return runIds.iterator().next();
    }

    /** Which run a restore takes and why, for its log. */
    public String getChoice() {
        return "run " + first() + ", the newest ARCHIVED archive of " + databaseId + " not known bad (restore test: "
                + (firstResult == null ? "not run yet" : firstResult) + ")"
                + (skippedFailed.isEmpty() ? "" : "; skipped the newer runs " + skippedFailed
                        + ", whose restore test FAILED (archive.restore.run-id with archive.restore.allow-failed=true "
                        + "restores one anyway)");
    }

    /** True while another page must be read. */
    public boolean isIncomplete() {
        return (runIds.size() < wanted || (keepsPassed && newestPassed == null)) && !exhausted;
    }

    /** Where the next page starts (null: at the newest run). */
    public Map<String, AttributeValue> getNextKey() {
        return nextKey;
    }

    public String getDatabaseId() {
        return databaseId;
    }

    /** One page of the database's runs, newest first, and where the next page starts (null: no more). */
    public void add(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey) {
        for (Map<String, AttributeValue> item : items == null ? List.<Map<String, AttributeValue>>of() : items) {
            AttributeValue status = item.get("Status");
            if (status == null || !"ARCHIVED".equals(status.s())) {
                continue;
            }
            String runId = item.get("RunId").s();
            AttributeValue verified = item.get("VerifyResult");
            String result = verified == null ? null : verified.s();
            if (result != null && result.startsWith("FAILED")) {
                if (runIds.size() < wanted) {
                    skippedFailed.add(runId);
                }
                continue;
            }
            boolean passed = result != null && result.startsWith("PASSED");
            if (runIds.size() < wanted) {
                if (runIds.isEmpty()) {
                    firstResult = result;
                }
                runIds.add(runId);
            }
            if (passed && newestPassed == null) {
                newestPassed = runId;
            }
        }
        nextKey = lastEvaluatedKey == null || lastEvaluatedKey.isEmpty() ? null : lastEvaluatedKey;
        exhausted = nextKey == null;
    }

    /** True when keep-last keeps this run: one of the newest not known bad, or the newest PASSED. */
    public boolean contains(String runId) {
        return runIds.contains(runId) || isNewestPassed(runId);
    }

    /** True for the newest run whose restore test PASSED, kept by keep-last beside the newest ones. */
    public boolean isNewestPassed(String runId) {
        return keepsPassed && runId.equals(newestPassed) && !runIds.contains(runId);
    }

    public int wanted() {
        return wanted;
    }

    @Override
    public String toString() {
        return runIds + (keepsPassed && newestPassed != null && !runIds.contains(newestPassed)
                ? " and the newest PASSED " + newestPassed : "") + " (keep-last " + wanted
                + (skippedFailed.isEmpty() ? "" : ", not counting FAILED restore tests " + skippedFailed)
                + (isIncomplete() ? ", incomplete" : "") + ")";
    }
}
