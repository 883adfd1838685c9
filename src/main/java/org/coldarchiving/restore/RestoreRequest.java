package org.coldarchiving.restore;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.coldarchiving.run.RunIds;

/**
 * What the restore task (archive.task=restore) is asked to do, from the archive.restore.* settings, checked
 * before anything is read: which archive, into which server and database, and how a Glacier archive is
 * retrieved. Every error names the setting and what to put in it.
 */
public class RestoreRequest {

    /** The secrets the task role may read: the archive secrets' prefix. */
    public static final String SECRET_PREFIX = "cold-archiving/";
    private static final List<String> TIERS = List.of("Standard", "Bulk", "Expedited");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private String database = "";
    private String runId = "";
    private String targetSecret = "";
    private String targetDatabase = "";
    private boolean replace;
    private boolean allowFailed;
    private String tier = "Standard";
    private int days = 7;
    private boolean wait;
    private Clock clock = Clock.systemUTC();

    public void setDatabase(String database) {
        this.database = database == null ? "" : database.trim();
    }

    public void setRunId(String runId) {
        this.runId = runId == null ? "" : runId.trim();
    }

    public void setTargetSecret(String targetSecret) {
        this.targetSecret = targetSecret == null ? "" : targetSecret.trim();
    }

    public void setTargetDatabase(String targetDatabase) {
        this.targetDatabase = targetDatabase == null ? "" : targetDatabase;
    }

    public void setReplace(boolean replace) {
        this.replace = replace;
    }

    public void setAllowFailed(boolean allowFailed) {
        this.allowFailed = allowFailed;
    }

    public void setTier(String tier) {
        this.tier = tier == null ? "" : tier.trim();
    }

    public void setDays(int days) {
        this.days = days;
    }

    public void setWait(boolean wait) {
        this.wait = wait;
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    /** Checks the settings; returns this request. */
    public RestoreRequest check() {
        if (database.isEmpty() || database.indexOf('/') <= 0 || database.indexOf('/') == database.length() - 1) {
            throw new IllegalArgumentException("archive.restore.database='" + database + "' does not name an archived "
                    + "database: set it to <instance-id>/<database>, as in the journal's DatabaseId");
        }
        if (!runId.isEmpty()) {
            try {
                RunIds.compact(runId);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("archive.restore.run-id='" + runId + "' is not a run id: use the "
                        + "journal's RunId (e.g. 2026-01-01T01:30:00Z), or leave it empty for the newest archive");
            }
        }
        if (!targetSecret.startsWith(SECRET_PREFIX) || targetSecret.length() == SECRET_PREFIX.length()) {
            throw new IllegalArgumentException("archive.restore.target-secret='" + targetSecret + "' is not a secret "
                    + "the task may read: name a Secrets Manager secret " + SECRET_PREFIX + "<name> holding the target "
                    + "server's username, password, host and port");
        }
        checkedTier();
        if (days < 1) {
            throw new IllegalArgumentException("archive.restore.days=" + days + " is not valid: the days a Glacier "
                    + "archive stays readable once retrieved, 1 or more");
        }
        return this;
    }

    /** archive.restore.tier as S3 spells it (Standard, Bulk, Expedited). */
    public String checkedTier() {
        for (String known : TIERS) {
            if (known.equalsIgnoreCase(tier)) {
                return known;
            }
        }
        throw new IllegalArgumentException("archive.restore.tier='" + tier + "' is not a retrieval tier: use "
                + "Standard (3-5 h), Bulk (5-12 h, cheapest) or Expedited (1-5 min, GLACIER only)");
    }

    /** {@code <instance-id>/<database>}. */
    public String databaseId() {
        return database;
    }

    /** The run to restore, or empty for the newest ARCHIVED one. */
    public String runId() {
        return runId;
    }

    public String targetSecret() {
        return targetSecret;
    }

    /** archive.restore.target-database, or {@code <database>_restored_<yyyyMMdd>} (UTC) by default. */
    public String targetDatabase(String sourceDatabase) {
        return targetDatabase.isEmpty() ? sourceDatabase + "_restored_" + DAY.format(LocalDate.now(clock))
                : targetDatabase;
    }

    public boolean replace() {
        return replace;
    }

    /** archive.restore.allow-failed: a named run whose restore test FAILED may be restored. */
    public boolean allowFailed() {
        return allowFailed;
    }

    public int days() {
        return days;
    }

    public boolean waitForRetrieval() {
        return wait;
    }

    @Override
    public String toString() {
        return database + (runId.isEmpty() ? " (newest archive)" : " of run " + runId);
    }
}
