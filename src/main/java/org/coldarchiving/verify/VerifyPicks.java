package org.coldarchiving.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.coldarchiving.journal.JournalQueries;
import org.coldarchiving.journal.JournaledArchive;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Chooses what a verify run restores: per database, its newest ARCHIVED archive, unless that one was
 * verified already; GLACIER and DEEP_ARCHIVE archives only with archive.verify.include-glacier=true (their
 * retrieval takes hours: a Bulk request now, the restore in a later run); with archive.verify.sample=N,
 * N of them at random. Every archive not taken is counted with its reason in {@link VerifyTally}.
 */
public class VerifyPicks {

    private final JournalQueries queries;
    private final VerifyTally tally;
    private final Map<String, Map<String, Map<String, AttributeValue>>> newestByRun = new ConcurrentHashMap<>();
    private int sample;
    private boolean includeGlacier;

    public VerifyPicks(JournalQueries queries, VerifyTally tally) {
        this.queries = queries;
        this.tally = tally;
    }

    public void setSample(int sample) {
        if (sample < 0) {
            throw new IllegalArgumentException("archive.verify.sample=" + sample + " is not valid: 0 verifies every "
                    + "database's newest archive, N a random N of them");
        }
        this.sample = sample;
    }

    public void setIncludeGlacier(boolean includeGlacier) {
        this.includeGlacier = includeGlacier;
    }

    /** One page of the journal's ARCHIVED rows: the newest of each database is remembered. */
    public void page(String runId, List<Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> newest = newestByRun.computeIfAbsent(runId,
                id -> new ConcurrentHashMap<>());
        for (Map<String, AttributeValue> item : items == null ? List.<Map<String, AttributeValue>>of() : items) {
            if (!queries.isDatabaseArchive(item)) {
                continue;
            }
            newest.merge(item.get("DatabaseId").s(), item,
                    (a, b) -> a.get("RunId").s().compareTo(b.get("RunId").s()) >= 0 ? a : b);
        }
    }

    /** The archives to verify in this run, by database id; the others are counted as skipped with why. */
    public List<JournaledArchive> picks(String runId) {
        Map<String, Map<String, AttributeValue>> newest = new TreeMap<>(newestByRun.getOrDefault(runId, Map.of()));
        newestByRun.remove(runId);
        List<JournaledArchive> eligible = new ArrayList<>();
        for (Map<String, AttributeValue> item : newest.values()) {
            // a FAILED one was verified already and is skipped below, not refused
            JournaledArchive archive = queries.archive(item, item.get("DatabaseId").s(), item.get("RunId").s(), true);
            AttributeValue verifiedAt = item.get("VerifiedAt");
            if (verifiedAt != null) {
                tally.skipped(runId, archive, "its newest archive was verified at " + verifiedAt.s());
            } else if (!includeGlacier && ("GLACIER".equals(archive.storageClass())
                    || "DEEP_ARCHIVE".equals(archive.storageClass()))) {
                tally.skipped(runId, archive, archive.storageClass() + " (archive.verify.include-glacier=false)");
            } else {
                eligible.add(archive);
            }
        }
        if (sample > 0 && eligible.size() > sample) {
            Collections.shuffle(eligible);
            for (JournaledArchive archive : eligible.subList(sample, eligible.size())) {
                tally.skipped(runId, archive, "not in this run's sample (archive.verify.sample=" + sample + ")");
            }
            eligible = new ArrayList<>(eligible.subList(0, sample));
        }
        return eligible;
    }
}
