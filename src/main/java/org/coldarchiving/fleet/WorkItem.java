package org.coldarchiving.fleet;

import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.ArchiveKind;
import org.coldarchiving.discovery.DatabaseToArchive;

/**
 * One work message: a database to archive in a run, with its instance's resolved settings (endpoint,
 * secret name, bucket, journal table, retention, storage class), never a credential.
 *
 * @param runId    the run
 * @param instance the checked instance
 * @param database the database and its reported size
 * @param attempt  which attempt this delivery is (1 for the first; set on receipt from {@link Attempts})
 */
public record WorkItem(String runId, ArchiveInstance instance, DatabaseToArchive database, int attempt) {

    /** The journal's key of the database ({@code <instance-id>} for the instance archive), as ArchiveTarget's. */
    public String databaseId() {
        return database.kind() == ArchiveKind.INSTANCE ? instance.instanceId()
                : instance.instanceId() + "/" + database.name();
    }
}
