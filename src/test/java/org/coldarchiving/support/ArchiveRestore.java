package org.coldarchiving.support;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.coldarchiving.restore.RestoreCommands;
import org.coldarchiving.restore.RestoreOutcome;
import org.coldarchiving.restore.RestoreRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Restores an archive the application made with the application's own restore task (archive.task=restore,
 * route restore-run) into a database of the local server, as its administrator, keeping the archived owners,
 * privileges and DEFINERs (archive.restore.ownership=archived: the roles and users exist on this server).
 */
public final class ArchiveRestore {

    private ArchiveRestore() {
    }

    /** Restores the archive of a journal row into {@code target} (replaced if it exists); fails with the reason. */
    public static void restoreArchive(CamelContext context, LocalServices aws, Map<String, AttributeValue> row,
            String target) {
        boolean postgres = "postgresql".equals(row.get("Engine").s());
        String secret = postgres ? "cold-archiving/local-postgres-admin" : "cold-archiving/local-mariadb-admin";
        aws.putSecret(secret, postgres ? "postgres" : "root", LocalServices.ADMIN_PASSWORD,
                postgres ? LocalServices.PG_PORT : LocalServices.MARIADB_PORT);
        RestoreRequest request = context.getRegistry().findSingleByType(RestoreRequest.class);
        RestoreCommands commands = context.getRegistry().findSingleByType(RestoreCommands.class);
        request.setDatabase(row.get("DatabaseId").s());
        request.setRunId(row.get("RunId").s());
        request.setTargetSecret(secret);
        request.setTargetDatabase(target);
        request.setReplace(true);
        commands.setOwnership("archived");
        try {
            RestoreOutcome outcome = context.createProducerTemplate().requestBody("direct:restore-run", null,
                    RestoreOutcome.class);
            if (!outcome.succeeded()) {
                throw new AssertionError("the restore task did not restore " + row.get("DatabaseId").s() + ": "
                        + outcome);
            }
        } finally {
            request.setDatabase("");
            request.setRunId("");
            request.setTargetDatabase("");
            request.setReplace(false);
            commands.setOwnership(Settings.get("archive.restore.ownership"));
        }
    }
}
