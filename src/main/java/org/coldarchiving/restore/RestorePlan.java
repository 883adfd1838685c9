package org.coldarchiving.restore;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.Engine;

/**
 * Where one restore loads and what it becomes on success.
 *
 * @param server      the target server
 * @param target      the database the operator gets (archive.restore.target-database), or the scratch
 *                    database of a verification
 * @param loadInto    the database the restore tool loads into: a temporary name (PostgreSQL, renamed to
 *                    {@code target} on success; MariaDB/MySQL replacing an existing database, where the load
 *                    proves the archive before the old database is touched) or {@code target} itself
 *                    (MariaDB/MySQL, which cannot rename a database: there a marker table says the restore
 *                    is incomplete until it is)
 * @param existed     true when {@code target} existed when the restore started
 * @param replace     archive.restore.replace: an existing, non-empty {@code target} may be replaced on success
 * @param scratch     true for a verification's scratch database, dropped whatever happens
 * @param proven      MariaDB/MySQL replacing a database: the temporary database that already holds the
 *                    complete, checksum-verified archive while it is loaded again into {@code target}
 *                    (null otherwise)
 * @param done        true once the target holds the complete restore
 */
public record RestorePlan(DbConnection server, String target, String loadInto, boolean existed, boolean replace,
        boolean scratch, String proven, boolean done) {

    /** Loads under another name than the target's. */
    public boolean renamesOnSuccess() {
        return !loadInto.equals(target);
    }

    /** This plan, its load complete in {@code target}. */
    RestorePlan completed() {
        return new RestorePlan(server, target, target, existed, replace, scratch, proven, true);
    }

    @Override
    public String toString() {
        String how = "";
        if (!done && renamesOnSuccess()) {
            how = " (loaded as " + loadInto + ", " + (server.engine() == Engine.POSTGRESQL ? "renamed when complete"
                    : "loaded again into " + target + " once that load is complete") + ")";
        } else if (!done && proven != null) {
            how = " (its complete copy kept in " + proven + " until this load is complete)";
        }
        return "database " + target + " on " + server.host() + ":" + server.port() + how;
    }
}
