package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.ApplicationProcess;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.Management;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator watches after a cycle: the archive meters at /observe/metrics move (counters by
 * status and engine, bytes, duration, the database's last-archived time), and each archive and run
 * writes one structured line, which as JSON parses and carries its fields, and never the password.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=true")
class MetricsAndLogsTest extends InProcessArchiveTest {

    static final String PASSWORD = "watch-Backup-pw-8113";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The management server's port, chosen (and handed to the application) before it starts. */
    static final int PORT = Management.PORT;

    @BeforeEach
    void onlyThisTestsInstance() throws Exception {
        aws.forgetAllInstances();
        TestData.postgresShop("watch_shop", 300);
        LocalServices.postgresBackupUser("watch_backup", PASSWORD);
        // watch_gone does not exist: that database fails, the other one is archived
        aws.registerInstance("watch-pg", "postgres", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", "watch_shop:watch_gone"));
        aws.putSecret("cold-archiving/watch-pg", "watch_backup", PASSWORD, LocalServices.PG_PORT);
    }

    @Test
    void aCycleMovesTheArchiveMetricsAndWritesOneStructuredLinePerArchiveAndRun() throws Exception {
        String before = Management.get("/observe/metrics").body();
        long started = Instant.now().getEpochSecond();
        String runId = TestData.uniqueRunId();

        LoggedRun logged = runLogged(runId);
        RunSummary summary = logged.summary();
        String text = logged.text();
        String json = logged.json();

        assertEquals(new RunSummary(runId, 2, 1, 0), summary, "watch_shop and the instance archive; watch_gone");
        var scrape = Management.get("/observe/metrics");
        assertEquals(200, scrape.statusCode());
        String after = scrape.body();
        String archived = "cold_archiving_archives_total";
        assertEquals(2, delta(before, after, archived, "engine=\"postgresql\"", "status=\"archived\""), after);
        assertEquals(1, delta(before, after, archived, "engine=\"postgresql\"", "status=\"failed\""), after);
        assertEquals(1, delta(before, after, "cold_archiving_runs_total", "status=\"failed\""));
        assertEquals(2, delta(before, after, "cold_archiving_dump_duration_seconds_count", "engine=\"postgresql\""));
        assertTrue(delta(before, after, "cold_archiving_dump_bytes_total", "engine=\"postgresql\"") > 10_000);
        double stored = delta(before, after, "cold_archiving_stored_bytes_total", "engine=\"postgresql\"");
        assertTrue(stored > 0 && stored < delta(before, after, "cold_archiving_dump_bytes_total", "engine=\"postgresql\""));
        double last = Management.sample(after, "cold_archiving_last_archived_timestamp_seconds",
                "database=\"watch-pg/watch_shop\"");
        assertTrue(last >= started && last <= Instant.now().getEpochSecond(), "last archived at " + last);
        assertEquals(0, Management.sample(after, "cold_archiving_last_archived_timestamp_seconds",
                "database=\"watch-pg/watch_gone\""), "no success, no timestamp");
        assertTrue(Management.sample(after, "camel_exchanges_total", "routeId=\"archive-database\"") >= 2,
                "Camel's route metrics are served too");

        JsonNode line = outcome(json, "watch-pg/watch_shop");
        assertEquals("ARCHIVED", line.get("status").asText());
        assertEquals(runId, line.get("run").asText());
        assertEquals("postgresql", line.get("engine").asText());
        assertTrue(line.get("bytesIn").isNumber() && line.get("bytesIn").asLong() > line.get("bytesOut").asLong());
        assertTrue(line.get("bytesOut").asLong() > 0);
        assertTrue(line.get("ratio").isNumber() && line.get("ratio").asDouble() > 1, line.toString());
        assertTrue(line.get("seconds").isNumber() && line.get("seconds").asDouble() >= 0, line.toString());
        assertTrue(line.get("key").asText().startsWith("postgresql/watch-pg/watch_shop/"), line.toString());
        assertEquals("INFO", line.get("level").asText());
        JsonNode failed = outcome(json, "watch-pg/watch_gone");
        assertEquals("FAILED", failed.get("status").asText());
        assertEquals("dump-and-upload", failed.get("step").asText());
        JsonNode run = lines(json).stream().filter(l -> "run".equals(l.path("event").asText())).findFirst().orElseThrow();
        assertEquals(2, run.get("archived").asInt());
        assertEquals("ARCHIVED", outcome(json, "watch-pg").get("status").asText(), "the instance archive's line");
        assertEquals(1, run.get("failed").asInt());
        assertTrue(text.contains("database=\"watch-pg/watch_shop\"") && text.contains("status=\"ARCHIVED\""), text);
        for (String logs : List.of(text, json)) {
            assertFalse(logs.contains(PASSWORD), "password in the logs");
        }
    }

    @Test
    void withTheJsonFormatEveryLineOfTheApplicationIsJson() throws Exception {
        Path log = Files.createTempFile("json-format", ".log");
        int exit = ApplicationProcess.runOnce(log, Map.of("ARCHIVE_LOG_FORMAT", "json"));

        List<String> out = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(1, exit, "one database of the two fails: " + ApplicationProcess.tail(log));
        assertTrue(out.size() > 5, ApplicationProcess.tail(log)); // Camel's lifecycle lines are at WARN
        for (String line : out) {
            JsonNode node = JSON.readTree(line); // throws on a line that is not JSON
            assertTrue(node.has("time") && node.has("level") && node.has("logger"), line);
            assertFalse(line.contains(PASSWORD), line);
        }
        JsonNode archived = outcome(String.join("\n", out), "watch-pg/watch_shop");
        assertEquals("ARCHIVED", archived.get("status").asText());
        assertTrue(archived.get("bytesOut").asLong() > 0);
        Files.delete(log);
    }

    private static double delta(String before, String after, String name, String... labels) {
        return Management.sample(after, name, labels) - Management.sample(before, name, labels);
    }

    private static List<JsonNode> lines(String json) throws Exception {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : json.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    /** The structured archive line of one database. */
    private static JsonNode outcome(String json, String databaseId) throws Exception {
        return lines(json).stream().filter(l -> "archive".equals(l.path("event").asText())
                && databaseId.equals(l.path("database").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no archive line for " + databaseId + " in " + json));
    }
}
