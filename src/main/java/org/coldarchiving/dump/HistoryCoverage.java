package org.coldarchiving.dump;

/**
 * Whether an archive holds the history of its system-versioned tables, and if not, why: journaled with
 * the archive ({@code History}, {@code HistoryNote}) so that a missing history is never silent.
 *
 * @param status INCLUDED, NOT_INCLUDED, or NONE (the database has no system-versioned table)
 * @param note   why the history is not included, or empty
 */
public record HistoryCoverage(String status, String note) {

    public static final HistoryCoverage NONE = new HistoryCoverage("NONE", "");
    public static final HistoryCoverage INCLUDED = new HistoryCoverage("INCLUDED", "");

    public static HistoryCoverage notIncluded(String why) {
        return new HistoryCoverage("NOT_INCLUDED", why);
    }

    public boolean missing() {
        return "NOT_INCLUDED".equals(status);
    }
}
