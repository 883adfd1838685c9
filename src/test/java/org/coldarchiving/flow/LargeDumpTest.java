package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.luben.zstd.ZstdInputStream;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.run.RunIds;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.ApplicationProcess;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A dump larger than the JVM heap streams through with flat memory, and a dump that dies mid-stream
 * leaves nothing behind. The database holds ~300 MB of random bytes, which pg_dump writes as a ~600 MB
 * dump that compresses only about 2:1.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        // one attempt: a dump killed mid-stream is that attempt's failure (FleetTest covers the next attempts)
        properties = {"camel.management.enabled=false", "archive.attempts=1"})
class LargeDumpTest extends InProcessArchiveTest {

    static final String DATABASE = "large_random";
    static final String PASSWORD = "L4rge-dump-pw-0815";
    @BeforeAll
    static void randomDatabase() throws Exception {
        LocalServices.randomBlobs(DATABASE, 150_000);
        LocalServices.postgresBackupUser("large_backup", PASSWORD);
    }

    @AfterAll
    static void dropTheLargeDatabases() throws Exception {
        LocalServices.dropPostgresDatabase(DATABASE);
        LocalServices.dropPostgresDatabase("large_restored");
    }

    @BeforeEach
    void onlyThisInstance() {
        aws.forgetAllInstances();
        aws.registerInstance("large-pg", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", DATABASE));
        aws.putSecret("cold-archiving/large-pg", "large_backup", PASSWORD, LocalServices.PG_PORT);
    }

    static String fingerprint(String database) throws Exception {
        try (Connection c = LocalServices.postgres(database)) {
            return LocalServices.queryString(c, "SELECT md5(string_agg(md5(data), '' ORDER BY id)) || count(*) FROM blobs");
        }
    }

    @Test
    void aDumpLargerThanTheHeapArchivesAndRestoresIdentical() throws Exception {
        Path log = Files.createTempFile("large-dump", ".log");

        int exit = ApplicationProcess.runOnce(log, Map.of(), "-Xmx128m");

        assertEquals(0, exit, () -> ApplicationProcess.tail(log));
        Matcher started = Pattern.compile("Archive run (\\S+) starts").matcher(Files.readString(log));
        assertTrue(started.find(), () -> ApplicationProcess.tail(log));
        Map<String, AttributeValue> row = aws.journalRow("large-pg/" + DATABASE, started.group(1));
        assertEquals("ARCHIVED", row.get("Status").s());
        assertTrue(Long.parseLong(row.get("DumpBytes").n()) > 4L * 128 * 1024 * 1024, "dump is over 4x the heap");
        String key = row.get("Key").s();
        LocalServices.restorePostgres(new ZstdInputStream(
                aws.s3.getObject(r -> r.bucket(LocalServices.BUCKET).key(key))), "large_restored");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream object = new DigestInputStream(
                aws.s3.getObject(r -> r.bucket(LocalServices.BUCKET).key(key)), sha256)) {
            object.transferTo(OutputStream.nullOutputStream());
        }
        assertEquals(row.get("Sha256").s(), HexFormat.of().formatHex(sha256.digest()));
        assertEquals(fingerprint(DATABASE), fingerprint("large_restored"));
        aws.s3.deleteObject(r -> r.bucket(LocalServices.BUCKET).key(key));
    }

    @Test
    void aDumpKilledMidStreamFailsAndLeavesNoObject() throws Exception {
        String runId = TestData.uniqueRunId();
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() ->
                run(runId));

        ProcessHandle dump = awaitDumpProcess(run);
        String commandLine = dump.info().commandLine().orElse("");
        assertTrue(commandLine.contains("pg_dump"), commandLine);
        assertFalse(commandLine.contains(PASSWORD), "password on the command line: " + commandLine);
        dump.destroyForcibly();
        RunSummary summary = run.get(2, TimeUnit.MINUTES);

        assertEquals(new RunSummary(runId, 1, 1, 0), summary, "the instance archive goes on");
        Map<String, AttributeValue> row = aws.journalRow("large-pg/" + DATABASE, runId);
        assertEquals("FAILED", row.get("Status").s());
        assertTrue(row.get("Error").s().contains("pg_dump exited with status"), row.get("Error").s());
        assertTrue(aws.objects("postgresql/large-pg/" + DATABASE + "/").stream().noneMatch(o -> o.key().contains(RunIds.compact(runId))),
                "no object for the failed run");
        assertEquals(0, aws.multipartUploads("postgresql/large-pg/"), "multipart upload aborted");
    }

    /** The running pg_dump of this database, found while it streams. */
    static ProcessHandle awaitDumpProcess(CompletableFuture<?> run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !run.isDone()) {
            Optional<ProcessHandle> dump = ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("dbname='" + DATABASE + "'")).findFirst();
            if (dump.isPresent()) {
                Thread.sleep(300); // let it stream for a moment: the kill lands mid-dump
                return dump.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("pg_dump of " + DATABASE + " was not seen running");
    }
}
