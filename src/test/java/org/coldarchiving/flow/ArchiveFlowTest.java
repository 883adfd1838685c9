package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.run.RunIds;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.store.ArchiveUploader;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The whole flow against the real local stack: tagged instances in moto's RDS, secrets in moto's
 * Secrets Manager, real PostgreSQL and MariaDB servers dumped by the real pg_dump and mariadb-dump,
 * archives in moto's S3, the journal in moto's DynamoDB. Archives are restored into fresh databases and
 * compared value by value.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class ArchiveFlowTest extends InProcessArchiveTest {

    static final String DLQ = "cold-archiving-dlq";
    static final String INBOX = "cold-archiving-alerts-inbox";
    static final String BACKUP_PASSWORD = "flow-backup-pw";
    @BeforeEach
    void onlyThisTestsInstances() throws Exception {
        aws.forgetAllInstances();
        aws.purge(DLQ);
        aws.purge(INBOX);
        LocalServices.postgresBackupUser("flow_backup", BACKUP_PASSWORD);
        LocalServices.mariadbBackupUser("flow_backup", BACKUP_PASSWORD);
    }

    void postgresInstance(String id, Map<String, String> tags) {
        aws.registerInstance(id, "postgres", tags);
        aws.putSecret("cold-archiving/" + id, "flow_backup", BACKUP_PASSWORD, LocalServices.PG_PORT);
    }

    void mariadbInstance(String id, Map<String, String> tags) {
        aws.registerInstance(id, "mariadb", tags);
        aws.putSecret("cold-archiving/" + id, "flow_backup", BACKUP_PASSWORD, LocalServices.MARIADB_PORT);
    }

    @Test
    void archivesEveryDatabaseOfTaggedInstancesAndTheArchivesRestore() throws Exception {
        TestData.postgresShop("flow_sales", 3000);
        TestData.postgresShop("flow_billing", 1000);
        TestData.mariadbInventory("flow_inventory", 2000);
        // no arch:DB_name on the PostgreSQL instance: its databases are listed over SQL
        postgresInstance("flow-pg", Map.of("arch:AutomatedArchiving", "Active"));
        mariadbInstance("flow-maria", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "flow_inventory"));
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(0, summary.failed(), () -> "failures: " + aws.deadLetters("ArchiveFailed"));
        for (String db : List.of("flow_sales", "flow_billing")) {
            byte[] stored = assertArchived("flow-pg/" + db, runId, "postgresql/flow-pg/" + db + "/");
            LocalServices.restorePostgres(LocalServices.unzstd(stored), "restored_" + db);
            assertEquals(TestData.postgresFingerprint(db), TestData.postgresFingerprint("restored_" + db),
                    db + " restored with other content");
        }
        byte[] stored = assertArchived("flow-maria/flow_inventory", runId, "mariadb/flow-maria/flow_inventory/");
        LocalServices.restoreMariadb(LocalServices.unzstd(stored), "restored_inventory");
        assertEquals(TestData.mariadbFingerprint("flow_inventory"), TestData.mariadbFingerprint("restored_inventory"));
        assertTrue(aws.deadLetters("ArchiveFailed").isEmpty(), "no dead letters");
    }

    /** Asserts the journal row and the object agree, and returns the object's bytes. */
    byte[] assertArchived(String databaseId, String runId, String keyPrefix) throws Exception {
        Map<String, AttributeValue> row = aws.journalRow(databaseId, runId);
        assertEquals("ARCHIVED", row.get("Status").s(), () -> databaseId + ": " + row);
        String key = row.get("Key").s();
        assertTrue(key.startsWith(keyPrefix), key);
        assertTrue(key.endsWith(key.startsWith("postgresql") ? ".pgdump.zst" : ".sql.zst"), key);
        HeadObjectResponse head = aws.s3.headObject(r -> r.bucket(LocalServices.BUCKET).key(key));
        assertEquals(StorageClass.GLACIER_IR, head.storageClass());
        assertEquals(runId, head.metadata().get("run-id"));
        byte[] bytes = aws.objectBytes(key);
        assertEquals(Long.toString(bytes.length), row.get("SizeBytes").n());
        assertEquals(LocalServices.sha256(bytes), row.get("Sha256").s());
        assertEquals(LocalServices.sha256(bytes), aws.s3.getObjectTagging(r -> r.bucket(LocalServices.BUCKET).key(key))
                .tagSet().get(0).value());
        assertEquals("zstd", row.get("Compression").s());
        assertEquals("365", row.get("RetentionDays").n());
        long expires = Long.parseLong(row.get("ExpiresAt").n());
        assertTrue(expires > System.currentTimeMillis() / 1000 + 364L * 86400, "ExpiresAt is a year away");
        assertFalse(row.get("DumpTool").s().isBlank());
        return bytes;
    }

    @Test
    void anAuroraClusterIsArchivedOnceThroughTheClusterNotAgainThroughItsMembers() throws Exception {
        // a new cluster id each run: moto names the snapshot it takes on deletion by the minute
        String cluster = "flow-aurora-" + System.currentTimeMillis() % 1_000_000;
        TestData.postgresShop("flow_aurora", 100);
        aws.registerAuroraCluster(cluster, Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "flow_aurora"));
        aws.putSecret("cold-archiving/" + cluster, "flow_backup", BACKUP_PASSWORD, LocalServices.PG_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        assertArchived(cluster + "/flow_aurora", runId, "postgresql/" + cluster + "/flow_aurora/");
        assertEquals("INSTANCE", aws.journalRow(cluster, runId).get("Kind").s(), "the cluster's instance archive");
        assertTrue(aws.journalRows(runId).stream().noneMatch(i -> i.get("DatabaseId").s().startsWith(cluster + "-1")),
                "the member instance " + cluster + "-1 is not archived again");
    }

    @Test
    void archivesAreEncryptedWithTheConfiguredKmsKey() throws Exception {
        String keyId = KmsClient.builder().httpClientBuilder(ApacheHttpClient.builder()).build()
                .createKey(r -> r.description("cold-archiving test key")).keyMetadata().keyId();
        TestData.mariadbInventory("flow_kms", 20);
        mariadbInstance("flow-kms", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "flow_kms"));
        ArchiveUploader uploader = context.getRegistry().findSingleByType(ArchiveUploader.class);
        uploader.setKmsKeyId(keyId);
        String runId = TestData.uniqueRunId();
        try {
            assertEquals(2, run(runId).archived(), "the database and the instance archive");
        } finally {
            uploader.setKmsKeyId("");
        }
        String key = aws.journalRow("flow-kms/flow_kms", runId).get("Key").s();
        HeadObjectResponse head = aws.s3.headObject(r -> r.bucket(LocalServices.BUCKET).key(key));
        assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption());
        assertTrue(head.ssekmsKeyId().contains(keyId), head.ssekmsKeyId());
    }

    @Test
    void untaggedAndInactiveInstancesAreSkipped() throws Exception {
        TestData.postgresShop("flow_ignored", 10);
        postgresInstance("flow-untagged", Map.of("team", "payments"));
        postgresInstance("flow-inactive", Map.of("arch:AutomatedArchiving", "Inactive", "arch:DB_name", "flow_ignored"));
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 0, 0, 0), summary);
        assertTrue(aws.journalRows(runId).isEmpty());
        assertTrue(aws.objects("postgresql/flow-untagged/").isEmpty());
        assertTrue(aws.objects("postgresql/flow-inactive/").isEmpty());
    }

    @Test
    void dbNameTagLimitsTheDatabasesAndAMissingOneFailsAlone() throws Exception {
        TestData.postgresShop("flow_named", 100);
        TestData.postgresShop("flow_not_named", 100);
        postgresInstance("flow-named", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", "flow_named:flow_no_such_db"));
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(2, summary.archived(), "flow_named and the instance archive");
        assertEquals(1, summary.failed());
        assertArchived("flow-named/flow_named", runId, "postgresql/flow-named/flow_named/");
        Map<String, AttributeValue> missing = aws.journalRow("flow-named/flow_no_such_db", runId);
        assertEquals("FAILED", missing.get("Status").s());
        assertTrue(missing.get("Error").s().contains("flow_no_such_db"), missing.get("Error").s());
        assertTrue(aws.journalRow("flow-named/flow_not_named", runId).isEmpty(), "not named, not archived");
        assertTrue(aws.objects("postgresql/flow-named/flow_no_such_db/").isEmpty());
        assertEquals(0, aws.multipartUploads("postgresql/flow-named/"));
        List<String> deadLetters = aws.deadLetters("ArchiveFailed");
        assertEquals(1, deadLetters.size(), deadLetters::toString);
        assertTrue(deadLetters.get(0).contains("\"databaseId\":\"flow-named/flow_no_such_db\""));
    }

    @Test
    void aSecondRunWithTheSameRunIdDoesNotArchiveAgain() throws Exception {
        TestData.mariadbInventory("flow_once", 50);
        TestData.mariadbInventory("flow_once_b", 50);
        mariadbInstance("flow-once", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "flow_once:flow_once_b"));
        String runId = TestData.uniqueRunId();

        RunSummary first = run(runId);
        Map<String, AttributeValue> journaled = aws.journalRow("flow-once/flow_once", runId);
        RunSummary second = run(runId);

        assertEquals(3, first.archived(), "two databases and the instance archive");
        assertEquals(new RunSummary(runId, 0, 0, 3), second, "each archive skipped, none stops the others");
        assertEquals(journaled, aws.journalRow("flow-once/flow_once", runId), "journal row untouched");
        List<S3Object> objects = aws.objects("mariadb/flow-once/flow_once/").stream()
                .filter(o -> o.key().contains(RunIds.compact(runId))).toList();
        assertEquals(List.of(journaled.get("Key").s(), journaled.get("Key").s() + ".manifest.json"),
                objects.stream().map(S3Object::key).sorted().toList(), "one archive and its manifest");
    }
}
