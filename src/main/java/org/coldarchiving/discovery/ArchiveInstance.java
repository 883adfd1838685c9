package org.coldarchiving.discovery;

import java.util.List;

/**
 * A tagged instance whose tags have been checked: everything needed to archive its databases.
 *
 * @param instanceId     DB instance or cluster identifier
 * @param engine         the engine to dump with
 * @param host           endpoint address from RDS (the secret's host wins when it has one)
 * @param port           endpoint port from RDS (the secret's port wins when it has one)
 * @param secretName     Secrets Manager secret with the credentials, always under cold-archiving/
 * @param databaseNames  databases named by arch:DB_name; empty means every non-system database
 * @param bucket         S3 bucket for the archives
 * @param journalTable   DynamoDB journal table
 * @param retentionDays  how long the archive is kept, written to the journal
 * @param storageClass   S3 storage class of the archive objects
 * @param allocatedBytes storage allocated to the instance (0 when RDS does not say, as for Aurora)
 */
public record ArchiveInstance(String instanceId, Engine engine, String host, int port, String secretName,
        List<String> databaseNames, String bucket, String journalTable, int retentionDays,
        String storageClass, long allocatedBytes) {
}
