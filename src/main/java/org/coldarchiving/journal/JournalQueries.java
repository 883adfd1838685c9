package org.coldarchiving.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the routes hand to and take from Camel's aws2-ddb endpoint when they read the journal: keys,
 * filter values, and items read back as {@link JournalEntry}. (The journal's writes are conditional
 * state transitions, done by {@link Journal}.)
 */
public class JournalQueries {

    private String journalTable;
    private Duration staleAfter;

    public void setJournalTable(String journalTable) {
        this.journalTable = journalTable;
    }

    public void setStaleAfterMinutes(long minutes) {
        this.staleAfter = Duration.ofMinutes(minutes);
    }

    /** Expression attribute names of the filters on the journal's status ({@code Status} is a reserved word). */
    public Map<String, String> statusName() {
        return Map.of("#status", "Status");
    }

    /** Values of the filter "RUNNING and started before now minus archive.stale-after-minutes". */
    public Map<String, AttributeValue> staleRunning() {
        return Map.of(":running", AttributeValue.fromS(Journal.RUNNING),
                ":cutoff", AttributeValue.fromS(Instant.now().minus(staleAfter).toString()));
    }

    /** The key of a journal item. */
    public Map<String, AttributeValue> key(String databaseId, String runId) {
        return Journal.key(databaseId, runId);
    }

    /** True when the item read back is still RUNNING. */
    public boolean isRunning(Map<String, AttributeValue> item) {
        return item != null && item.containsKey("Status") && Journal.RUNNING.equals(item.get("Status").s());
    }

    /** An item of the default journal table, read back. */
    public JournalEntry entry(Map<String, AttributeValue> item) {
        return new JournalEntry(journalTable, text(item, "DatabaseId"), text(item, "RunId"), text(item, "InstanceId"),
                text(item, "Database"), text(item, "Engine"), text(item, "Bucket"),
                Integer.parseInt(item.get("RetentionDays").n()), Instant.parse(text(item, "StartedAt")));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
