package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A MariaDB database's events are archived and restored, whatever its name: mariadb-dump --events cannot
 * select a database whose name has a quote, a double quote or a backslash, so those events are dumped
 * apart and appended to the dump.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class MariadbEventsTest extends InProcessArchiveTest {

    static final String PASSWORD = "events-pw";

    @BeforeEach
    void backupUser() throws Exception {
        aws.forgetAllInstances();
        LocalServices.mariadbBackupUser("events_backup", PASSWORD);
    }

    static List<String> events(String database) throws Exception {
        List<String> events = new ArrayList<>();
        try (Connection c = LocalServices.mariadb("");
                PreparedStatement st = c.prepareStatement("SELECT EVENT_NAME, EVENT_DEFINITION, INTERVAL_VALUE, "
                        + "INTERVAL_FIELD, STATUS, ON_COMPLETION, SQL_MODE, TIME_ZONE, DEFINER, EVENT_COMMENT "
                        + "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME")) {
            st.setString(1, database);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= 10; i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    events.add(row.toString());
                }
            }
        }
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"events_plain", "ev'q\"b\\s"})
    void eventsAreArchivedAndRestored(String database) throws Exception {
        LocalServices.recreateMariadbDatabase(database);
        try (Connection c = LocalServices.mariadb(database)) {
            LocalServices.execute(c, "CREATE TABLE ticks (id INT PRIMARY KEY, at DATETIME)",
                    "INSERT INTO ticks VALUES (1, '2026-01-01 00:00:00'), (2, '2026-01-02 00:00:00')",
                    "SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES'",
                    "CREATE EVENT purge_ticks ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' "
                            + "ON COMPLETION PRESERVE DISABLE COMMENT 'it''s kept' "
                            + "DO DELETE FROM ticks WHERE at < NOW() - INTERVAL 30 DAY",
                    "SET SESSION sql_mode = DEFAULT",
                    "CREATE EVENT tick ON SCHEDULE EVERY 1 HOUR DO INSERT INTO ticks SELECT MAX(id) + 1, NOW() FROM ticks");
        }
        List<String> before = events(database);
        assertEquals(2, before.size(), before::toString);
        aws.registerInstance("events-maria", "mariadb", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", database));
        aws.putSecret("cold-archiving/events-maria", "events_backup", PASSWORD, LocalServices.MARIADB_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        Map<String, AttributeValue> row = aws.journalRow("events-maria/" + database, runId);
        String restored = "events_restored";
        LocalServices.restoreMariadb(LocalServices.unzstd(aws.objectBytes(row.get("Key").s())), restored);
        assertEquals(before, events(restored), "every event comes back as it was");
        try (Connection c = LocalServices.mariadb(restored)) {
            assertEquals("2", LocalServices.queryString(c, "SELECT COUNT(*) FROM ticks"));
        }
    }
}
