package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The manifest of a PostgreSQL archive (custom format here, plain in {@link PostgresPlainManifestTest}) is
 * exact for the dumped snapshot while rows are inserted during the whole archive: it equals what the
 * archive restores to (pg_restore / psql), table by table, and not what the source holds afterwards.
 * Covers a schema and a table with quotes, dots and parentheses in their names, a partitioned table (its
 * partitions counted), an inheritance tree (each table ONLY itself), an unlogged and an empty table, and a
 * materialized view (not archived as rows: not in the manifest). Then the restore test's bean: it passes
 * the faithful restore and names the table that lost a row and the one that is missing; a manifest changed
 * in S3 is refused for its checksum.
 */
abstract class PostgresManifestTest extends InProcessArchiveTest {

    static final String PASSWORD = "manifest-pw";
    static final String WEIRD_SCHEMA = "we\"ird schema.x";
    static final String WEIRD_TABLE = "Order's (2024)";
    static final String WEIRD = "\"we\"\"ird schema.x\".\"Order's (2024)\"";
    static final int ORDERS = 100_000;

    abstract String format();

    /** Restores the dump into a new database. */
    abstract void restore(byte[] dump, String database) throws Exception;

    @Test
    void theManifestCountsExactlyTheDumpedSnapshotWhileRowsAreInserted() throws Exception {
        String database = "mf pg'\"db " + format();
        String instance = "mf-pg-" + format();
        String restored = "mf_pg_restored_" + format();
        createSource(database);
        aws.forgetAllInstances();
        LocalServices.postgresBackupUser("mf_backup", PASSWORD);
        aws.registerInstance(instance, "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", database));
        aws.putSecret("cold-archiving/" + instance, "mf_backup", PASSWORD, LocalServices.PG_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary;
        long inserted;
        try (ConcurrentInserts inserts = new ConcurrentInserts(() -> LocalServices.postgres(database), List.of(
                "INSERT INTO orders (payload) VALUES ('during')",
                "INSERT INTO events VALUES (0, date '2025-06-01', 'during')",
                "INSERT INTO " + WEIRD + " (note) VALUES ('during')"))) {
            Thread.sleep(300);
            summary = run(runId);
            Thread.sleep(300);
            inserted = inserts.committed();
        }

        // the database and its instance archive
        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        Map<String, AttributeValue> row = aws.journalRow(instance + "/" + database, runId);
        String manifestKey = row.get("ManifestKey").s();
        assertEquals(row.get("Key").s() + ".manifest.json", manifestKey, row::toString);
        byte[] json = aws.objectBytes(manifestKey);
        assertEquals(LocalServices.sha256(json), row.get("ManifestSha256").s(), "the journal holds its SHA-256");
        // S3 names no class for STANDARD objects
        String manifestClass = aws.s3.headObject(r -> r.bucket(LocalServices.BUCKET).key(manifestKey))
                .storageClassAsString();
        assertTrue(manifestClass == null || "STANDARD".equals(manifestClass), manifestClass);
        assertEquals("GLACIER_IR", aws.s3.headObject(r -> r.bucket(LocalServices.BUCKET).key(row.get("Key").s()))
                .storageClassAsString(), "the archive itself is in its Glacier class");

        ManifestReader reader = context.getRegistry().lookupByNameAndType("manifestReader", ManifestReader.class);
        Manifest manifest = reader.read(LocalServices.BUCKET, manifestKey, row.get("ManifestSha256").s());
        assertEquals(Manifest.EXPORTED_SNAPSHOT, manifest.counted());
        assertEquals(database, manifest.database());
        assertEquals(runId, manifest.runId());
        Map<String, Long> counts = counts(manifest);
        assertEquals(List.of("public.child_log", "public.empty", "public.events_2024", "public.events_2025",
                "public.orders", "public.parent_log", "public.scratch", WEIRD_SCHEMA + "." + WEIRD_TABLE),
                List.copyOf(counts.keySet()), "every table with rows of its own; no partitioned parent, no view");
        assertEquals(0L, counts.get("public.empty"));
        assertEquals(10L, counts.get("public.parent_log"), "ONLY the parent's own rows");
        assertEquals(7L, counts.get("public.child_log"));
        assertEquals(3L, counts.get("public.scratch"));
        assertTrue(inserted > 0, "rows were inserted during the archive");

        restore(LocalServices.unzstd(aws.objectBytes(row.get("Key").s())), restored);
        try (Connection source = LocalServices.postgres(database); Connection copy = LocalServices.postgres(restored)) {
            for (TableRows table : manifest.tables()) {
                String name = quoted(table);
                long inArchive = Long.parseLong(LocalServices.queryString(copy, "SELECT count(*) FROM ONLY " + name));
                assertEquals(table.rows(), inArchive, "the manifest's count is the archive's rows: " + name);
            }
            long ordersNow = Long.parseLong(LocalServices.queryString(source, "SELECT count(*) FROM orders"));
            assertTrue(counts.get("public.orders") >= ORDERS && ordersNow > counts.get("public.orders"),
                    "rows inserted after the snapshot are neither dumped nor counted: " + ordersNow + " now, "
                            + counts.get("public.orders") + " in the manifest");
        }

        ManifestCheck check = context.getRegistry().lookupByNameAndType("manifestCheck", ManifestCheck.class);
        DbConnection server = new DbConnection("verify", Engine.POSTGRESQL, "127.0.0.1", LocalServices.PG_PORT,
                "postgres", LocalServices.ADMIN_PASSWORD, "require", "");
        ManifestCheckResult faithful = check.check(manifest, server, restored);
        assertTrue(faithful.passed(), faithful::reason);
        assertEquals(8, faithful.tables());

        try (Connection copy = LocalServices.postgres(restored)) {
            LocalServices.execute(copy, "DELETE FROM orders WHERE id = 1", "DROP TABLE " + WEIRD);
        }
        ManifestCheckResult damaged = check.check(manifest, server, restored);
        assertFalse(damaged.passed());
        long orders = counts.get("public.orders");
        assertEquals(List.of("table public.orders: " + orders + " rows in the manifest, " + (orders - 1) + " restored",
                "table " + WEIRD_SCHEMA + "." + WEIRD_TABLE + " missing"), damaged.differences());

        String forged = new String(json, StandardCharsets.UTF_8).replace("\"rows\" : " + orders, "\"rows\" : " + (orders - 1));
        aws.s3.putObject(r -> r.bucket(LocalServices.BUCKET).key(manifestKey), RequestBody.fromString(forged));
        IOException refused = assertThrows(IOException.class,
                () -> reader.read(LocalServices.BUCKET, manifestKey, row.get("ManifestSha256").s()));
        assertTrue(refused.getMessage().contains("checksum mismatch"), refused.getMessage());
        LocalServices.dropPostgresDatabase(restored);
    }

    static Map<String, Long> counts(Manifest manifest) {
        Map<String, Long> counts = new TreeMap<>();
        manifest.tables().forEach(t -> counts.put(t.describe(), t.rows()));
        return counts;
    }

    static String quoted(TableRows table) {
        return "\"" + table.schema().replace("\"", "\"\"") + "\".\"" + table.table().replace("\"", "\"\"") + "\"";
    }

    static void createSource(String database) throws Exception {
        LocalServices.recreatePostgresDatabase(database);
        try (Connection c = LocalServices.postgres(database)) {
            LocalServices.execute(c,
                    "CREATE TABLE orders (id bigserial PRIMARY KEY, payload text)",
                    "INSERT INTO orders (payload) SELECT md5(g::text) || ' (it''s; \\\\ \"quoted\")' FROM generate_series(1, "
                            + ORDERS + ") g",
                    "CREATE TABLE events (id bigint, at date NOT NULL, what text) PARTITION BY RANGE (at)",
                    "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                    "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                    "INSERT INTO events SELECT g, date '2024-01-01' + (g % 700), 'e' FROM generate_series(1, 20000) g",
                    "CREATE TABLE parent_log (id int, msg text)",
                    "CREATE TABLE child_log (extra int) INHERITS (parent_log)",
                    "INSERT INTO parent_log SELECT g, 'p' FROM generate_series(1, 10) g",
                    "INSERT INTO child_log SELECT g, 'c', g FROM generate_series(1, 7) g",
                    "CREATE UNLOGGED TABLE scratch (id int)",
                    "INSERT INTO scratch VALUES (1), (2), (3)",
                    "CREATE TABLE empty (id int)",
                    "CREATE MATERIALIZED VIEW order_summary AS SELECT count(*) AS n FROM orders",
                    "CREATE SCHEMA \"we\"\"ird schema.x\"",
                    "CREATE TABLE " + WEIRD + " (id bigserial PRIMARY KEY, note text)",
                    "INSERT INTO " + WEIRD + " (note) SELECT 'n' || g FROM generate_series(1, 5000) g");
        }
    }
}
