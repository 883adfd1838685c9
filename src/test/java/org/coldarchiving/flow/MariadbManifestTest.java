package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.manifest.Manifest;
import org.coldarchiving.manifest.ManifestCheck;
import org.coldarchiving.manifest.ManifestCheckResult;
import org.coldarchiving.manifest.ManifestReader;
import org.coldarchiving.manifest.TableRows;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.ConcurrentInserts;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The manifest of a MariaDB archive, counted in the dump stream, while rows are inserted during the whole
 * archive: it equals what the archive restores to (mariadb client), table by table, including every row
 * version of a system-versioned table dumped with its history. The database and a table have hostile names,
 * the strings are full of quotes, parentheses, semicolons, backslashes, SQL and random bytes, and a trigger
 * and a procedure hold INSERT statements of their own (not rows). The restore test's bean passes the
 * faithful restore and names the table that lost a row and the one that is missing.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class MariadbManifestTest extends InProcessArchiveTest {

    static final String PASSWORD = "mf-maria-pw";
    static final String DATABASE = "mf maria'\"`db";
    static final String WEIRD_TABLE = "we`ird (t); name";
    static final String WEIRD = "`we``ird (t); name`";
    static final int ORDERS = 50_000;

    @Test
    void theManifestCountsExactlyTheRowsOfTheDumpStreamWhileRowsAreInserted() throws Exception {
        createSource();
        aws.forgetAllInstances();
        LocalServices.mariadbBackupUser("mf_maria_backup", PASSWORD);
        aws.registerInstance("mf-maria", "mariadb", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", DATABASE));
        aws.putSecret("cold-archiving/mf-maria", "mf_maria_backup", PASSWORD, LocalServices.MARIADB_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary;
        long inserted;
        try (ConcurrentInserts inserts = new ConcurrentInserts(() -> LocalServices.mariadb(DATABASE), List.of(
                "INSERT INTO orders (note, payload) VALUES ('during), (''x'');', RANDOM_BYTES(16))",
                "INSERT INTO " + WEIRD + " VALUES ('(during)')"))) {
            Thread.sleep(300);
            summary = run(runId);
            Thread.sleep(300);
            inserted = inserts.committed();
        }

        // the database and its instance archive
        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        Map<String, AttributeValue> row = aws.journalRow("mf-maria/" + DATABASE, runId);
        assertEquals("INCLUDED", row.get("History").s(), row::toString);
        String manifestKey = row.get("ManifestKey").s();
        assertEquals(row.get("Key").s() + ".manifest.json", manifestKey);
        assertEquals(LocalServices.sha256(aws.objectBytes(manifestKey)), row.get("ManifestSha256").s());
        Manifest manifest = context.getRegistry().lookupByNameAndType("manifestReader", ManifestReader.class)
                .read(LocalServices.BUCKET, manifestKey, row.get("ManifestSha256").s());
        assertEquals(Manifest.DUMP_STREAM, manifest.counted());
        assertEquals("mariadb", manifest.engine());
        Map<String, TableRows> tables = new TreeMap<>();
        manifest.tables().forEach(t -> tables.put(t.table(), t));
        assertEquals(List.of("accounts", "audit", "empty", "orders", WEIRD_TABLE), List.copyOf(tables.keySet()),
                "every table, none for the view");
        assertEquals(150, tables.get("accounts").rows(), "every row version of the versioned table");
        assertTrue(tables.get("accounts").allVersions());
        assertFalse(tables.get("orders").allVersions());
        assertEquals(0, tables.get("empty").rows());
        assertTrue(inserted > 0, "rows were inserted during the archive");

        LocalServices.restoreMariadb(LocalServices.unzstd(aws.objectBytes(row.get("Key").s())), "mf_maria_restored");
        try (Connection source = LocalServices.mariadb(DATABASE); Connection copy = LocalServices.mariadb("mf_maria_restored")) {
            for (TableRows table : manifest.tables()) {
                String sql = "SELECT COUNT(*) FROM `" + table.table().replace("`", "``") + "`"
                        + (table.allVersions() ? " FOR SYSTEM_TIME ALL" : "");
                assertEquals(table.rows(), Long.parseLong(LocalServices.queryString(copy, sql)),
                        "the manifest's count is the archive's rows: " + table.table());
            }
            long ordersNow = Long.parseLong(LocalServices.queryString(source, "SELECT COUNT(*) FROM orders"));
            long ordersArchived = tables.get("orders").rows();
            assertTrue(ordersArchived >= ORDERS && ordersNow > ordersArchived, ordersNow + " now, " + ordersArchived
                    + " archived");
            assertEquals(ordersArchived, tables.get("audit").rows(), "one audit row per order, in the same snapshot");
        }

        ManifestCheck check = context.getRegistry().lookupByNameAndType("manifestCheck", ManifestCheck.class);
        DbConnection server = new DbConnection("verify", Engine.MARIADB, "127.0.0.1", LocalServices.MARIADB_PORT, "root",
                LocalServices.ADMIN_PASSWORD, "require", "");
        ManifestCheckResult faithful = check.check(manifest, server, "mf_maria_restored");
        assertTrue(faithful.passed(), faithful::reason);

        try (Connection copy = LocalServices.mariadb("mf_maria_restored")) {
            LocalServices.execute(copy, "DELETE FROM " + WEIRD + " LIMIT 1", "DROP TABLE empty");
        }
        long weird = tables.get(WEIRD_TABLE).rows();
        assertEquals(List.of("table empty missing",
                "table " + WEIRD_TABLE + ": " + weird + " rows in the manifest, " + (weird - 1) + " restored"),
                check.check(manifest, server, "mf_maria_restored").differences());
    }

    static void createSource() throws Exception {
        LocalServices.recreateMariadbDatabase(DATABASE);
        try (Connection c = LocalServices.mariadb(DATABASE)) {
            LocalServices.execute(c,
                    "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, note TEXT, payload BLOB)",
                    "CREATE TABLE audit (order_id BIGINT, what VARCHAR(100))",
                    "CREATE TRIGGER audited AFTER INSERT ON orders FOR EACH ROW "
                            + "INSERT INTO audit VALUES (NEW.id, 'INSERT INTO `orders` VALUES (1),(2);')",
                    "CREATE PROCEDURE refill() BEGIN INSERT INTO audit VALUES (0, 'x'); "
                            + "INSERT INTO audit VALUES (1, 'y'),(2, 'z'); END",
                    "INSERT INTO orders (note, payload) SELECT CONCAT('it''s (', seq, ') \\\\ \"q\" ); INSERT INTO `orders` "
                            + "VALUES (', seq, '),(', seq, '); -- /* \\'', CHAR(seq % 256)), RANDOM_BYTES(1 + seq % 40) "
                            + "FROM seq_1_to_" + ORDERS,
                    "CREATE TABLE " + WEIRD + " (s VARCHAR(100))",
                    "INSERT INTO " + WEIRD + " SELECT CONCAT(')),((', seq, '\\\\') FROM seq_1_to_300",
                    "CREATE TABLE empty (id INT)",
                    "CREATE VIEW recent AS SELECT id FROM orders WHERE id > 10");
            SystemVersioningTest.accountsWithHistory(c, "accounts", "");
        }
    }
}
