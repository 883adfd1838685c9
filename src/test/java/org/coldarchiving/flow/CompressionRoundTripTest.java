package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.dump.DumpCommands;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.store.ArchiveUploader;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import com.github.luben.zstd.ZstdInputStream;

/**
 * Every compression mode and PostgreSQL dump format round-trips: the stored object's SHA-256 is the one
 * journaled, its extension says what it is, and it restores to the same content.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class CompressionRoundTripTest extends InProcessArchiveTest {

    @BeforeEach
    void instances() throws Exception {
        aws.forgetAllInstances();
        TestData.postgresShop("round_pg", 500);
        TestData.mariadbInventory("round_maria", 500);
        LocalServices.postgresBackupUser("round_backup", "round-pw");
        LocalServices.mariadbBackupUser("round_backup", "round-pw");
        aws.registerInstance("round-pg", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "round_pg"));
        aws.putSecret("cold-archiving/round-pg", "round_backup", "round-pw", LocalServices.PG_PORT);
        aws.registerInstance("round-maria", "mariadb", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", "round_maria"));
        aws.putSecret("cold-archiving/round-maria", "round_backup", "round-pw", LocalServices.MARIADB_PORT);
    }

    @AfterEach
    void defaults() {
        configure("zstd", "custom");
    }

    void configure(String compression, String postgresFormat) {
        context.getRegistry().findSingleByType(ArchiveUploader.class).setCompression(compression);
        context.getRegistry().findSingleByType(DumpCommands.class).setPostgresqlFormat(postgresFormat);
    }

    @ParameterizedTest
    @CsvSource({"zstd,custom,.pgdump.zst,.sql.zst", "gzip,custom,.pgdump.gz,.sql.gz", "none,custom,.pgdump,.sql",
            "zstd,plain,.sql.zst,.sql.zst"})
    void roundTrips(String compression, String postgresFormat, String pgExtension, String mariaExtension)
            throws Exception {
        configure(compression, postgresFormat);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(4, summary.archived(), "two databases and their instances' archives: " + summary);
        byte[] pg = stored("round-pg/round_pg", runId, compression, pgExtension);
        if (postgresFormat.equals("custom")) {
            LocalServices.restorePostgres(pg, "round_pg_restored");
        } else {
            LocalServices.recreatePostgresDatabase("round_pg_restored");
            LocalServices.restore(pg, Map.of("PGPASSWORD", LocalServices.ADMIN_PASSWORD), "psql", "-q",
                    "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(LocalServices.PG_PORT),
                    "-U", "postgres", "-d", "round_pg_restored");
        }
        assertEquals(TestData.postgresFingerprint("round_pg"), TestData.postgresFingerprint("round_pg_restored"));
        byte[] maria = stored("round-maria/round_maria", runId, compression, mariaExtension);
        LocalServices.restoreMariadb(maria, "round_maria_restored");
        assertEquals(TestData.mariadbFingerprint("round_maria"), TestData.mariadbFingerprint("round_maria_restored"));
    }

    /** The decompressed dump, after checking the journal's checksum, size and compression against the object. */
    byte[] stored(String databaseId, String runId, String compression, String extension) throws Exception {
        Map<String, AttributeValue> row = aws.journalRow(databaseId, runId);
        assertEquals("ARCHIVED", row.get("Status").s());
        assertEquals(compression, row.get("Compression").s());
        String key = row.get("Key").s();
        assertTrue(key.endsWith(extension), key);
        byte[] bytes = aws.objectBytes(key);
        assertEquals(LocalServices.sha256(bytes), row.get("Sha256").s());
        assertEquals(Long.toString(bytes.length), row.get("SizeBytes").n());
        byte[] dump = decompress(bytes, compression);
        assertEquals(Long.toString(dump.length), row.get("DumpBytes").n());
        return dump;
    }

    static byte[] decompress(byte[] bytes, String compression) throws IOException {
        InputStream in = switch (compression) {
            case "zstd" -> new ZstdInputStream(new ByteArrayInputStream(bytes));
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(bytes));
            default -> new ByteArrayInputStream(bytes);
        };
        try (in) {
            return in.readAllBytes();
        }
    }
}
