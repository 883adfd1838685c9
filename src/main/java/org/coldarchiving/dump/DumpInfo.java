package org.coldarchiving.dump;

/**
 * What a dump is, as the journal records it beside the archive.
 *
 * @param format      what the tool writes: {@code pgdump} (pg_dump custom format) or {@code sql}
 * @param toolVersion the tool's own {@code --version} line
 * @param history     whether the dump holds the history of system-versioned tables, and if not, why
 */
public record DumpInfo(String format, String toolVersion, HistoryCoverage history) {
}
