package org.coldarchiving.restore;

import org.coldarchiving.credentials.DbConnection;

/**
 * Where one restore loads and what it becomes on success.
 *
 * @param server      the target server
 * @param target      the database the operator gets (archive.restore.target-database), or the scratch
 *                    database of a verification
 * @param loadInto    the database the restore tool loads into: a temporary name (PostgreSQL, renamed to
 *                    {@code target} on success) or {@code target} itself (MariaDB/MySQL, which cannot
 *                    rename a database: there a marker table says the restore is incomplete until it is)
 * @param replaces    true when an existing, non-empty {@code target} is replaced on success
 *                    (archive.restore.replace=true)
 * @param scratch     true for a verification's scratch database, dropped whatever happens
 */
public record RestorePlan(DbConnection server, String target, String loadInto, boolean replaces, boolean scratch) {

    /** PostgreSQL loads under another name; MariaDB/MySQL load into the target itself. */
    public boolean renamesOnSuccess() {
        return !loadInto.equals(target);
    }

    @Override
    public String toString() {
        return "database " + target + " on " + server.host() + ":" + server.port()
                + (renamesOnSuccess() ? " (loaded as " + loadInto + ", renamed when complete)" : "");
    }
}
