package org.coldarchiving.retention;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The newest {@code wanted} ARCHIVED runs of one database, collected from pages of a journal Query
 * (newest first) until enough were seen or the database has no more runs: archive.retention.keep-last,
 * and the archive a restore takes when no run is named.
 */
public class NewestArchives {

    private final String databaseId;
    private final int wanted;
    private final Set<String> runIds = new LinkedHashSet<>();
    private Map<String, AttributeValue> nextKey;
    private boolean exhausted;

    public NewestArchives(String databaseId, int wanted) {
        this.databaseId = databaseId;
        this.wanted = wanted;
    }

    /** The newest ARCHIVED run of a database, for a restore. */
    public static NewestArchives newest(String databaseId) {
        return new NewestArchives(databaseId, 1);
    }

    /** The newest ARCHIVED run found; refused, naming the database, when it has none. */
    public String first() {
        if (runIds.isEmpty()) {
            throw new IllegalArgumentException("The journal has no ARCHIVED archive of " + databaseId
                    + ": check archive.restore.database (<instance-id>/<database>, as in the journal's DatabaseId)");
        }
        return runIds.iterator().next();
    }

    /** True while another page must be read. */
    public boolean isIncomplete() {
        return runIds.size() < wanted && !exhausted;
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
            if (runIds.size() < wanted && status != null && "ARCHIVED".equals(status.s())) {
                runIds.add(item.get("RunId").s());
            }
        }
        nextKey = lastEvaluatedKey == null || lastEvaluatedKey.isEmpty() ? null : lastEvaluatedKey;
        exhausted = nextKey == null;
    }

    public boolean contains(String runId) {
        return runIds.contains(runId);
    }

    public int wanted() {
        return wanted;
    }

    @Override
    public String toString() {
        return runIds + " (keep-last " + wanted + (isIncomplete() ? ", incomplete" : "") + ")";
    }
}
