package org.coldarchiving.retention;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides, for one archive whose retention ended, whether retention deletes it or keeps it, and why; and
 * what keeping it costs a month. In order: an Object Lock that has not ended keeps it (S3 would refuse the
 * delete), then archive.retention.keep-last (the newest N archives of each database), then the storage
 * class's minimum storage duration (unless archive.retention.early-delete).
 */
public class RetentionRules {

    /** Bytes in the GB of S3's prices (a GiB). */
    static final double GB = 1024d * 1024 * 1024;

    private boolean earlyDelete;
    private int keepLast;
    private boolean dryRun;
    private final Map<String, BigDecimal> pricePerGbMonth = new HashMap<>();

    public void setEarlyDelete(boolean earlyDelete) {
        this.earlyDelete = earlyDelete;
    }

    public void setKeepLast(int keepLast) {
        if (keepLast < 0) {
            throw new IllegalArgumentException("archive.retention.keep-last=" + keepLast + " must be 0 or more");
        }
        this.keepLast = keepLast;
    }

    public int getKeepLast() {
        return keepLast;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /** Set from archive.retention.prices: {@code CLASS:price,CLASS:price} in USD per GB-month. */
    public void setPrices(String prices) {
        pricePerGbMonth.clear();
        for (String entry : prices.split(",")) {
            String[] pair = entry.trim().split(":");
            if (pair.length != 2) {
                throw new IllegalArgumentException("archive.retention.prices: '" + entry.trim()
                        + "' is not STORAGE_CLASS:price, e.g. GLACIER_IR:0.004");
            }
            try {
                pricePerGbMonth.put(pair[0].trim(), new BigDecimal(pair[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("archive.retention.prices: '" + pair[1].trim()
                        + "' is not a price (USD per GB-month) for " + pair[0].trim(), e);
            }
        }
    }

    /** The newest archives of a database that keep-last keeps, still to be read from the journal. */
    public NewestArchives newestOf(String databaseId) {
        return new NewestArchives(databaseId, keepLast);
    }

    public RetentionDecision decide(RetentionCandidate archive, NewestArchives newest, Instant now) {
        if (archive.lockedUntil() != null && archive.lockedUntil().isAfter(now)) {
            return new RetentionDecision(false, false, "Object Lock (" + archive.lockMode() + ") holds it until "
                    + archive.lockedUntil());
        }
        if (newest != null && newest.isNewestPassed(archive.runId())) {
            return new RetentionDecision(false, false, "the newest archive of " + archive.databaseId()
                    + " whose restore test PASSED (archive.retention.keep-last=" + keepLast + " keeps it beside the "
                    + "newest ones, which were not proven)");
        }
        if (newest != null && newest.contains(archive.runId())) {
            return new RetentionDecision(false, false, "one of the newest " + newest.wanted() + " archives of "
                    + archive.databaseId() + " not known bad (archive.retention.keep-last=" + keepLast + ")");
        }
        int minimumDays = StorageClassMinimums.days(archive.storageClass());
        if (minimumDays > 0 && archive.finishedAt() != null) {
            Instant billedUntil = archive.finishedAt().plus(minimumDays, ChronoUnit.DAYS);
            if (billedUntil.isAfter(now)) {
                if (!earlyDelete) {
                    return new RetentionDecision(false, false, archive.storageClass() + " bills " + minimumDays
                            + " days minimum: stored " + archive.finishedAt() + ", deletable without charge from "
                            + billedUntil + " (archive.retention.early-delete=true deletes it now)");
                }
                return new RetentionDecision(true, dryRun, "retention of " + archive.retentionDays() + " days ended "
                        + archive.expiresAt() + "; deleted before " + archive.storageClass() + "'s " + minimumDays
                        + "-day minimum (archive.retention.early-delete=true): the rest of it is billed anyway");
            }
        }
        return new RetentionDecision(true, dryRun, "retention of " + archive.retentionDays() + " days ended "
                + archive.expiresAt());
    }

    /** What storing the archive costs a month (USD), from its size and its class's price; 0 when unpriced. */
    public BigDecimal monthlyCost(RetentionCandidate archive) {
        BigDecimal price = pricePerGbMonth.get(archive.storageClass());
        return price == null ? BigDecimal.ZERO : price.multiply(BigDecimal.valueOf(archive.sizeBytes() / GB));
    }
}
