package org.coldarchiving.manifest;

/**
 * One table of a manifest: its exact row count in the dumped snapshot.
 *
 * @param schema      PostgreSQL schema; null for MySQL/MariaDB (the table is in the archived database)
 * @param table       table name, exactly as the server knows it
 * @param rows        exact number of rows the archive holds for it
 * @param allVersions true when the rows are every row version of a system-versioned table (MariaDB,
 *                    dumped with its history): a check counts them {@code FOR SYSTEM_TIME ALL}
 */
public record TableRows(String schema, String table, long rows, boolean allVersions) {

    /** How the table is named in a check's result: {@code public.orders}, or {@code orders}. */
    public String describe() {
        return schema == null ? table : schema + "." + table;
    }
}
