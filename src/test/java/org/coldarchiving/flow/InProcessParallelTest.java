package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * In-process mode (no work queue URL: the seda queue) at archive.parallelism=4: the same twelve databases
 * of three instances are archived, each once, restorable, one archive per instance at a time.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"camel.management.enabled=false", "archive.parallelism=4"})
class InProcessParallelTest extends InProcessArchiveTest {

    @BeforeEach
    void onlyThisTestsInstances() throws Exception {
        aws.forgetAllInstances();
        aws.purge("cold-archiving-dlq");
        LocalServices.postgresBackupUser("parallel_backup", "parallel-pw");
        LocalServices.mariadbBackupUser("parallel_backup", "parallel-pw");
    }

    void instance(String id, String engine, int port, List<String> databases) {
        aws.registerInstance(id, engine, Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", String.join(":", databases)));
        aws.putSecret("cold-archiving/" + id, "parallel_backup", "parallel-pw", port);
    }

    @Test
    void parallelismFourArchivesEveryDatabaseOnceAndOneOfAnInstanceAtATime() throws Exception {
        List<String> a = List.of("par_a1", "par_a2", "par_a3", "par_a4");
        List<String> b = List.of("par_b1", "par_b2", "par_b3", "par_b4");
        List<String> m = List.of("par_m1", "par_m2", "par_m3", "par_m4");
        for (String db : a) {
            TestData.postgresShop(db, 2000);
        }
        for (String db : b) {
            TestData.postgresShop(db, 2000);
        }
        for (String db : m) {
            TestData.mariadbInventory(db, 2000);
        }
        instance("par-pg-a", "postgres", LocalServices.PG_PORT, a);
        instance("par-pg-b", "postgres", LocalServices.PG_PORT, b);
        instance("par-maria", "mariadb", LocalServices.MARIADB_PORT, m);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        // 12 databases and the 3 instances' instance archives
        assertEquals(new RunSummary(runId, 15, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        List<Map<String, AttributeValue>> rows = aws.journalRows(runId);
        assertEquals(15, rows.size());
        for (Map<String, AttributeValue> row : rows) {
            assertEquals("ARCHIVED", row.get("Status").s());
            String key = row.get("Key").s();
            assertEquals(row.get("Sha256").s(), LocalServices.sha256(aws.objectBytes(key)));
        }
        FleetTest.assertNoOverlapPerInstance(rows);
        // archives of different instances did run at the same time
        assertTrue(overlapsAcrossInstances(rows), "parallelism 4 ran archives of different instances at once");
        byte[] stored = aws.objectBytes(aws.journalRow("par-pg-b/par_b3", runId).get("Key").s());
        LocalServices.restorePostgres(LocalServices.unzstd(stored), "par_restored");
        assertEquals(TestData.postgresFingerprint("par_b3"), TestData.postgresFingerprint("par_restored"));
        stored = aws.objectBytes(aws.journalRow("par-maria/par_m2", runId).get("Key").s());
        LocalServices.restoreMariadb(LocalServices.unzstd(stored), "par_restored_m");
        assertEquals(TestData.mariadbFingerprint("par_m2"), TestData.mariadbFingerprint("par_restored_m"));
    }

    static boolean overlapsAcrossInstances(List<Map<String, AttributeValue>> rows) {
        for (Map<String, AttributeValue> x : rows) {
            for (Map<String, AttributeValue> y : rows) {
                if (!x.get("InstanceId").s().equals(y.get("InstanceId").s())
                        && x.get("StartedAt").s().compareTo(y.get("FinishedAt").s()) < 0
                        && y.get("StartedAt").s().compareTo(x.get("FinishedAt").s()) < 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
