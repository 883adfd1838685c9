package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
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
 * MariaDB system-versioned tables keep their history through archive and restore: every row version
 * comes back with its ROW START and ROW END. Where history cannot be dumped (transaction-precise
 * versioning), the archive still succeeds and its journal row and log say that history is missing.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class SystemVersioningTest extends InProcessArchiveTest {

    static final String PASSWORD = "history-pw";

    @BeforeEach
    void instance() throws Exception {
        aws.forgetAllInstances();
        LocalServices.mariadbBackupUser("history_backup", PASSWORD);
    }

    void mariadbInstance(String id, String database) {
        aws.registerInstance(id, "mariadb", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", database));
        aws.putSecret("cold-archiving/" + id, "history_backup", PASSWORD, LocalServices.MARIADB_PORT);
    }

    /** 30 accounts updated 4 times and 10 of them deleted: 150 row versions, 20 current rows. */
    static void accountsWithHistory(Connection c, String table, String versioning) throws Exception {
        LocalServices.execute(c, "CREATE TABLE " + table + " (id INT PRIMARY KEY, owner VARCHAR(40), balance DECIMAL(12,2)"
                + versioning + ") WITH SYSTEM VERSIONING",
                "INSERT INTO " + table + " SELECT seq, CONCAT('owner ', seq), seq * 10 FROM seq_1_to_30");
        for (int i = 0; i < 4; i++) {
            LocalServices.execute(c, "UPDATE " + table + " SET balance = balance + 1.25");
        }
        LocalServices.execute(c, "DELETE FROM " + table + " WHERE id > 20");
    }

    static String allVersions(String database, String table, String rowStart, String rowEnd) throws Exception {
        try (Connection c = LocalServices.mariadb(database)) {
            LocalServices.execute(c, "SET SESSION group_concat_max_len = 1073741824");
            return LocalServices.queryString(c, "SELECT CONCAT(COUNT(*), ':', MD5(GROUP_CONCAT(CONCAT_WS('~', id, owner, "
                    + "balance, " + rowStart + ", " + rowEnd + ") ORDER BY id, " + rowStart + " SEPARATOR '|'))) FROM "
                    + table + " FOR SYSTEM_TIME ALL");
        }
    }

    @Test
    void everyRowVersionOfASystemVersionedTableIsArchivedAndRestored() throws Exception {
        LocalServices.recreateMariadbDatabase("history_ledger");
        try (Connection c = LocalServices.mariadb("history_ledger")) {
            accountsWithHistory(c, "accounts", "");
        }
        String before = allVersions("history_ledger", "accounts", "row_start", "row_end");
        assertTrue(before.startsWith("150:"), before);
        mariadbInstance("history-maria", "history_ledger");
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        Map<String, AttributeValue> row = aws.journalRow("history-maria/history_ledger", runId);
        assertEquals("INCLUDED", row.get("History").s(), row::toString);
        assertFalse(row.containsKey("HistoryNote"), row::toString);
        LocalServices.restoreMariadb(LocalServices.unzstd(aws.objectBytes(row.get("Key").s())), "history_restored");
        assertEquals(before, allVersions("history_restored", "accounts", "row_start", "row_end"),
                "every row version, with its ROW START and ROW END, comes back");
    }

    @Test
    void historyThatCannotBeDumpedIsArchivedWithoutItAndSaysSo() throws Exception {
        LocalServices.recreateMariadbDatabase("history_trx");
        try (Connection c = LocalServices.mariadb("history_trx")) {
            accountsWithHistory(c, "ledger_trx", ", trx_start BIGINT UNSIGNED AS ROW START INVISIBLE, "
                    + "trx_end BIGINT UNSIGNED AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME(trx_start, trx_end)");
            accountsWithHistory(c, "ledger_ts", "");
        }
        mariadbInstance("history-trx", "history_trx");
        String runId = TestData.uniqueRunId();

        LoggedRun logged = runLogged(runId);
        RunSummary summary = logged.summary();
        String logs = logged.text();

        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        Map<String, AttributeValue> row = aws.journalRow("history-trx/history_trx", runId);
        assertEquals("NOT_INCLUDED", row.get("History").s(), row::toString);
        assertTrue(row.get("HistoryNote").s().contains("ledger_trx"), row::toString);
        assertTrue(row.get("HistoryNote").s().contains("transaction-precise"), row::toString);
        assertTrue(logs.contains("history-trx/history_trx is archived WITHOUT the history"), logs);
        LocalServices.restoreMariadb(LocalServices.unzstd(aws.objectBytes(row.get("Key").s())), "history_trx_restored");
        try (Connection c = LocalServices.mariadb("history_trx_restored")) {
            assertEquals("20", LocalServices.queryString(c, "SELECT COUNT(*) FROM ledger_trx"), "current rows are there");
            assertEquals("20", LocalServices.queryString(c, "SELECT COUNT(*) FROM ledger_ts FOR SYSTEM_TIME ALL"),
                    "no history, as the journal says");
        }
    }
}
