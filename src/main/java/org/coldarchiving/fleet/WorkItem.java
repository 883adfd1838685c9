package org.coldarchiving.fleet;

import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.DatabaseToArchive;

/**
 * One work message: a database to archive in a run, with its instance's resolved settings (endpoint,
 * secret name, bucket, journal table, retention, storage class), never a credential.
 *
 * @param runId    the run
 * @param instance the checked instance
 * @param database the database and its reported size
 * @param attempt  which attempt this delivery is (1 for the first)
 */
public record WorkItem(String runId, ArchiveInstance instance, DatabaseToArchive database, int attempt) {

    public String databaseId() {
        return instance.instanceId() + "/" + database.name();
    }

    public WorkItem nextAttempt() {
        return new WorkItem(runId, instance, database, attempt + 1);
    }
}
