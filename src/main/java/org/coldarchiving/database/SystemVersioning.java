package org.coldarchiving.database;

import java.util.List;

/**
 * The system-versioned tables of a MariaDB database, by kind of versioning: their history is part of
 * the data, and only timestamp-based history can be dumped ({@code mariadb-dump --dump-history}).
 *
 * @param timestampTables            tables versioned by timestamp (history can be dumped)
 * @param transactionPreciseTables   tables versioned by transaction id (history cannot be dumped)
 */
public record SystemVersioning(List<String> timestampTables, List<String> transactionPreciseTables) {

    /** A database without system-versioned tables (and every PostgreSQL or MySQL database). */
    public static final SystemVersioning NONE = new SystemVersioning(List.of(), List.of());

    public boolean hasVersionedTables() {
        return !timestampTables.isEmpty() || !transactionPreciseTables.isEmpty();
    }
}
