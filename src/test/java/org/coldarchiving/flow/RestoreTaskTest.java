package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.dump.DumpCommands;
import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.restore.RestoreCommands;
import org.coldarchiving.restore.RestoreKeptException;
import org.coldarchiving.restore.RestorePlan;
import org.coldarchiving.restore.TargetDatabases;
import org.coldarchiving.restore.RestoreOutcome;
import org.coldarchiving.restore.RestoreRequest;
import org.coldarchiving.support.ApplicationProcess;
import org.coldarchiving.support.CapturedLogs;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.Settings;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The restore task (archive.task=restore) on the real stack: archives made by the application come back
 * from S3 into new databases equal to the source, value by value, hostile names included; a target that
 * exists is refused unless replaced; a changed object fails with "checksum mismatch" and leaves no
 * database behind; MariaDB DEFINERs follow archive.restore.ownership.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class RestoreTaskTest extends InProcessArchiveTest {

    /** A name libpq and a shell would both misread, short enough for the default target name. */
    static final String HOSTILE = "o'hare \"x\" = y\\z $(id)";
    static final String PG_TARGET_SECRET = "cold-archiving/restore-target-pg";
    static final String MARIA_TARGET_SECRET = "cold-archiving/restore-target-maria";
    /** A bucket without versioning, whose object bytes a test can replace. */
    static final String UNVERSIONED_BUCKET = "cold-archiving-restore-unversioned";

    RestoreRequest request;

    @BeforeEach
    void targets() throws Exception {
        aws.forgetAllInstances();
        request = context.getRegistry().lookupByNameAndType("restoreRequest", RestoreRequest.class);
        LocalServices.postgresBackupUser("restore_backup", "restore-pw");
        LocalServices.mariadbBackupUser("restore_backup", "restore-pw");
        aws.putSecret(PG_TARGET_SECRET, "postgres", LocalServices.ADMIN_PASSWORD, LocalServices.PG_PORT);
        aws.putSecret(MARIA_TARGET_SECRET, "root", LocalServices.ADMIN_PASSWORD, LocalServices.MARIADB_PORT);
    }

    @AfterEach
    void defaults() {
        request.setDatabase("");
        request.setRunId("");
        request.setTargetDatabase("");
        request.setReplace(false);
        request.setAllowFailed(false);
        restoreCommands().setOwnership(Settings.get("archive.restore.ownership"));
        context.getRegistry().findSingleByType(DumpCommands.class)
                .setPostgresqlFormat(Settings.get("archive.dump.postgresql-format"));
    }

    RestoreCommands restoreCommands() {
        return context.getRegistry().findSingleByType(RestoreCommands.class);
    }

    void postgresInstance(String id, String database, String... extraTags) {
        Map<String, String> tags = new java.util.HashMap<>(Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", database));
        for (int i = 0; i < extraTags.length; i += 2) {
            tags.put(extraTags[i], extraTags[i + 1]);
        }
        aws.registerInstance(id, "postgres", tags);
        aws.putSecret("cold-archiving/" + id, "restore_backup", "restore-pw", LocalServices.PG_PORT);
        aws.forgetRuns(id + "/" + database);
    }

    RestoreOutcome restore(String databaseId, String targetSecret) {
        request.setDatabase(databaseId);
        request.setTargetSecret(targetSecret);
        return context.createProducerTemplate().requestBody("direct:restore-run", null, RestoreOutcome.class);
    }

    static String today() {
        return DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
    }

    static List<String> restoreLeftovers() throws SQLException {
        try (Connection c = LocalServices.postgres("postgres")) {
            return LocalServices.strings(c, "SELECT datname FROM pg_database WHERE datname LIKE 'cold_archiving_%'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"custom", "plain"})
    void aPostgresArchiveRestoresIntoANewDatabaseEqualToTheSource(String format) throws Exception {
        context.getRegistry().findSingleByType(DumpCommands.class).setPostgresqlFormat(format);
        TestData.postgresShop(HOSTILE, 300);
        postgresInstance("restore-pg", HOSTILE);
        String older = TestData.uniqueRunId();
        assertEquals(2, run(older).archived(), "the database and its instance archive");
        String newer = TestData.uniqueRunId();
        String newest = older.compareTo(newer) > 0 ? older : newer;
        assertEquals(2, run(newer).archived());
        String target = HOSTILE + "_restored_" + today();
        LocalServices.dropPostgresDatabase(target);

        RestoreOutcome outcome = restore("restore-pg/" + HOSTILE, PG_TARGET_SECRET);

        assertTrue(outcome.succeeded(), outcome::toString);
        assertTrue(outcome.what().contains(newest), "the newest archive is the default: " + outcome);
        assertEquals(TestData.postgresFingerprint(HOSTILE), TestData.postgresFingerprint(target));
        assertEquals(List.of(), restoreLeftovers(), "no temporary database is left");
    }

    @Test
    void aMariadbArchiveRestoresWithItsDefinersSetToTheRestoringUser() throws Exception {
        TestData.mariadbInventory(HOSTILE, 300);
        try (Connection c = LocalServices.mariadb(HOSTILE)) {
            LocalServices.execute(c, "CREATE VIEW cheap AS SELECT id, sku FROM items WHERE price < 100",
                    "CREATE TABLE audit (id BIGINT)",
                    "CREATE TRIGGER items_audit AFTER UPDATE ON items FOR EACH ROW INSERT INTO audit VALUES (NEW.id)",
                    "CREATE PROCEDURE item_count(OUT n BIGINT) SELECT COUNT(*) INTO n FROM items");
        }
        aws.registerInstance("restore-maria", "mariadb", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", HOSTILE));
        aws.putSecret("cold-archiving/restore-maria", "restore_backup", "restore-pw", LocalServices.MARIADB_PORT);
        aws.forgetRuns("restore-maria/" + HOSTILE);
        assertEquals(2, run(TestData.uniqueRunId()).archived());
        // a user that may create everything in its databases but may not set another DEFINER (no SUPER,
        // no SET USER): what an operator's restore user usually is
        try (Connection c = LocalServices.mariadb("")) {
            LocalServices.execute(c, "DROP USER IF EXISTS 'restorer'@'%'",
                    "CREATE USER 'restorer'@'%' IDENTIFIED BY 'restorer-pw'",
                    "GRANT CREATE, DROP, ALTER, INDEX, SELECT, INSERT, UPDATE, DELETE, CREATE VIEW, SHOW VIEW, "
                            + "TRIGGER, CREATE ROUTINE, ALTER ROUTINE, EXECUTE, EVENT, REFERENCES, LOCK TABLES, "
                            + "CREATE TEMPORARY TABLES ON *.* TO 'restorer'@'%'");
        }
        aws.putSecret(MARIA_TARGET_SECRET, "restorer", "restorer-pw", LocalServices.MARIADB_PORT);
        String target = "maria_restored_definers";
        dropMariadb(target);
        request.setTargetDatabase(target);

        restoreCommands().setOwnership("archived");
        RestoreOutcome kept = restore("restore-maria/" + HOSTILE, MARIA_TARGET_SECRET);
        assertFalse(kept.succeeded(), kept::toString);
        assertTrue(kept.detail().contains("mariadb exited 1") && kept.detail().contains("SUPER"),
                "the client's own error reaches the operator: " + kept);
        assertFalse(mariadbExists(target), "the partly loaded database was dropped");

        restoreCommands().setOwnership("restoring-user");
        RestoreOutcome rewritten;
        String log;
        try (CapturedLogs logs = new CapturedLogs()) {
            rewritten = restore("restore-maria/" + HOSTILE, MARIA_TARGET_SECRET);
            log = logs.text();
        }
        assertTrue(rewritten.succeeded(), rewritten::toString);
        assertTrue(log.contains("DEFINER clauses set to the restoring user"), log);
        assertEquals(TestData.mariadbFingerprint(HOSTILE), TestData.mariadbFingerprint(target));
        try (Connection c = LocalServices.mariadb(target)) {
            assertEquals("restorer@%", LocalServices.queryString(c, "SELECT DEFINER FROM information_schema.VIEWS "
                    + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cheap'"));
            assertEquals("restorer@%", LocalServices.queryString(c, "SELECT DEFINER FROM information_schema.TRIGGERS "
                    + "WHERE TRIGGER_SCHEMA = DATABASE()"));
            assertEquals("restorer@%", LocalServices.queryString(c, "SELECT DEFINER FROM information_schema.ROUTINES "
                    + "WHERE ROUTINE_SCHEMA = DATABASE()"));
            assertEquals("0", LocalServices.queryString(c, "SELECT COUNT(*) FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cold_archiving_restore_incomplete'"));
        }
    }

    @Test
    void anExistingTargetIsRefusedUnlessReplaced() throws Exception {
        TestData.postgresShop("restore_existing_src", 100);
        postgresInstance("restore-existing", "restore_existing_src");
        assertEquals(2, run(TestData.uniqueRunId()).archived());
        TestData.postgresShop("restore_existing_dst", 5);
        String before = TestData.postgresFingerprint("restore_existing_dst");
        request.setTargetDatabase("restore_existing_dst");

        RestoreOutcome refused = restore("restore-existing/restore_existing_src", PG_TARGET_SECRET);

        assertFalse(refused.succeeded());
        assertTrue(refused.detail().startsWith("Database restore_existing_dst already exists")
                && refused.detail().contains("archive.restore.replace=true"), refused::toString);
        assertEquals(before, TestData.postgresFingerprint("restore_existing_dst"), "the existing database is untouched");

        request.setReplace(true);
        RestoreOutcome replaced = restore("restore-existing/restore_existing_src", PG_TARGET_SECRET);

        assertTrue(replaced.succeeded(), replaced::toString);
        assertEquals(TestData.postgresFingerprint("restore_existing_src"),
                TestData.postgresFingerprint("restore_existing_dst"));
        assertEquals(List.of(), restoreLeftovers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"changed", "truncated"})
    void aChangedOrTruncatedObjectFailsWithChecksumMismatchAndLeavesNoDatabase(String damage) throws Exception {
        try {
            aws.s3.createBucket(r -> r.bucket(UNVERSIONED_BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // from an earlier run
        }
        TestData.postgresShop("restore_corrupt", 300);
        postgresInstance("restore-corrupt", "restore_corrupt", "arch:AutomatedDBDumpS3Bucket", UNVERSIONED_BUCKET);
        String runId = TestData.uniqueRunId();
        assertEquals(2, run(runId).archived());
        String key = aws.journalRow("restore-corrupt/restore_corrupt", runId).get("Key").s();
        byte[] stored = aws.s3.getObjectAsBytes(r -> r.bucket(UNVERSIONED_BUCKET).key(key)).asByteArray();
        byte[] bytes = damage.equals("truncated") ? Arrays.copyOf(stored, stored.length * 2 / 3) : stored;
        if (damage.equals("changed")) {
            for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
                bytes[i] ^= 0x5a;
            }
        }
        aws.s3.putObject(r -> r.bucket(UNVERSIONED_BUCKET).key(key).storageClass("GLACIER_IR"),
                RequestBody.fromBytes(bytes));
        String target = "restore_corrupt_restored_" + today();
        LocalServices.dropPostgresDatabase(target);

        RestoreOutcome outcome = restore("restore-corrupt/restore_corrupt", PG_TARGET_SECRET);

        assertFalse(outcome.succeeded());
        assertTrue(outcome.detail().startsWith("checksum mismatch"), outcome::toString);
        try (Connection c = LocalServices.postgres("postgres")) {
            assertEquals("0", LocalServices.queryString(c, "SELECT count(*) FROM pg_database WHERE datname = '"
                    + target + "'"), "no target database");
        }
        assertEquals(List.of(), restoreLeftovers(), "no temporary database is left");
    }

    /**
     * The one-shot contract, as a scheduled or RunTask ECS task runs it: a GLACIER or DEEP_ARCHIVE archive
     * is first requested (exit 3, "run again"), then restored by the next run, without a second request.
     * (moto completes a retrieval at once; S3 takes hours, which is why the first run does not wait.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"GLACIER", "DEEP_ARCHIVE"})
    void aGlacierArchiveIsRetrievedByTheFirstRunAndRestoredByTheNext(String storageClass) throws Exception {
        String instance = "restore-cold-" + storageClass.toLowerCase().replace('_', '-');
        TestData.postgresShop("restore_cold", 100);
        postgresInstance(instance, "restore_cold", "arch:StorageClass", storageClass);
        String runId = TestData.uniqueRunId();
        assertEquals(2, run(runId).archived());
        assertEquals(storageClass, aws.journalRow(instance + "/restore_cold", runId).get("StorageClass").s());
        String target = "restore_cold_" + storageClass.toLowerCase();
        LocalServices.dropPostgresDatabase(target);
        Map<String, String> task = Map.of("ARCHIVE_TASK", "restore", "ARCHIVE_RESTORE_DATABASE",
                instance + "/restore_cold", "ARCHIVE_RESTORE_TARGET_SECRET", PG_TARGET_SECRET,
                "ARCHIVE_RESTORE_TARGET_DATABASE", target, "ARCHIVE_RESTORE_TIER", "Bulk");
        Path first = Files.createTempFile("restore-first", ".log");

        int requested = ApplicationProcess.runOnce(first, task);

        assertEquals(3, requested, () -> ApplicationProcess.tail(first));
        String firstLog = Files.readString(first);
        assertTrue(firstLog.contains("Requested the Bulk retrieval") && firstLog.contains("run the restore again after"),
                ApplicationProcess.tail(first));
        assertTrue(aws.journalRow(instance + "/restore_cold", runId).containsKey("RestoreRequestedAt"));
        assertEquals(List.of(), restoreLeftovers());
        Path second = Files.createTempFile("restore-second", ".log");

        int restored = ApplicationProcess.runOnce(second, task);

        assertEquals(0, restored, () -> ApplicationProcess.tail(second));
        assertFalse(Files.readString(second).contains("Requested the"), "no second retrieval request");
        assertEquals(TestData.postgresFingerprint("restore_cold"), TestData.postgresFingerprint(target));
    }

    static DbConnection localServer(Engine engine) {
        return engine == Engine.POSTGRESQL
                ? new DbConnection("target", engine, "127.0.0.1", LocalServices.PG_PORT, "postgres",
                        LocalServices.ADMIN_PASSWORD, "require", "")
                : new DbConnection("target", engine, "127.0.0.1", LocalServices.MARIADB_PORT, "root",
                        LocalServices.ADMIN_PASSWORD, "require", "");
    }

    TargetDatabases targetDatabases() {
        return context.getRegistry().findSingleByType(TargetDatabases.class);
    }

    static boolean postgresExists(String database) throws SQLException {
        try (Connection c = LocalServices.postgres("postgres")) {
            return !"0".equals(LocalServices.queryString(c, "SELECT count(*) FROM pg_database WHERE datname = '"
                    + database.replace("'", "''") + "'"));
        }
    }

    /** Sets a journal row's VerifyResult, as a verify run would. */
    void verifyResult(String databaseId, String runId, String result) {
        aws.ddb.updateItem(r -> r.tableName(LocalServices.TABLE).key(Map.of("DatabaseId",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(databaseId), "RunId",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(runId)))
                .updateExpression("SET VerifyResult = :r").expressionAttributeValues(Map.of(":r",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(result))));
    }

    @Test
    void theDefaultSkipsAnArchiveWhoseRestoreTestFailedAndANamedOneNeedsAllowFailed() throws Exception {
        TestData.postgresShop("restore_failed_src", 50);
        postgresInstance("restore-failed", "restore_failed_src");
        String older = TestData.uniqueRunId();
        String newer = TestData.uniqueRunId();
        if (older.compareTo(newer) > 0) {
            String t = older;
            older = newer;
            newer = t;
        }
        assertEquals(2, run(older).archived());
        assertEquals(2, run(newer).archived());
        verifyResult("restore-failed/restore_failed_src", newer, "FAILED: checksum mismatch (test)");
        String target = "restore_failed_dst";
        LocalServices.dropPostgresDatabase(target);
        request.setTargetDatabase(target);

        RestoreOutcome outcome;
        String log;
        try (CapturedLogs logs = new CapturedLogs()) {
            outcome = restore("restore-failed/restore_failed_src", PG_TARGET_SECRET);
            log = logs.text();
        }

        assertTrue(outcome.succeeded(), outcome::toString);
        assertTrue(outcome.what().contains(older) && !outcome.what().contains(newer),
                "the newest archive not known bad is the default: " + outcome);
        assertTrue(log.contains("Restoring run " + older) && log.contains("skipped the newer runs [" + newer + "]"),
                "the log says which run and why: " + log);

        LocalServices.dropPostgresDatabase(target);
        request.setRunId(newer);
        RestoreOutcome refused = restore("restore-failed/restore_failed_src", PG_TARGET_SECRET);
        assertFalse(refused.succeeded(), refused::toString);
        assertTrue(refused.detail().contains("failed its restore test")
                && refused.detail().contains("archive.restore.allow-failed=true"), refused::toString);
        assertFalse(postgresExists(target), "nothing restored");

        request.setAllowFailed(true);
        RestoreOutcome allowed = restore("restore-failed/restore_failed_src", PG_TARGET_SECRET);
        assertTrue(allowed.succeeded() && allowed.what().contains(newer), allowed::toString);
    }

    @Test
    void aPostgresTargetThatAppearsDuringTheLoadIsRefusedAndTheLoadedCopyKept() throws Exception {
        TargetDatabases targets = targetDatabases();
        String target = "restore_appeared";
        LocalServices.dropPostgresDatabase(target);
        RestorePlan plan = targets.prepare(localServer(Engine.POSTGRESQL), target, false);
        try (Connection loaded = LocalServices.postgres(plan.loadInto())) {
            LocalServices.execute(loaded, "CREATE TABLE restored (id int)");
        }
        // another restore task with the same default target name finished first
        TestData.postgresShop(target, 5);
        String theirs = TestData.postgresFingerprint(target);

        try {
            RestoreKeptException refused = assertThrows(RestoreKeptException.class, () -> targets.complete(plan));
            targets.discard(plan, refused);

            assertTrue(refused.getMessage().contains("archive.restore.replace=false")
                    && refused.getMessage().contains("kept as " + plan.loadInto()), refused::getMessage);
            assertEquals(theirs, TestData.postgresFingerprint(target), "the other restore's database is untouched");
            assertTrue(postgresExists(plan.loadInto()), "the loaded copy is kept under its temporary name");
        } finally {
            LocalServices.dropPostgresDatabase(plan.loadInto());
        }
    }

    @Test
    void aPostgresReplacementThatCannotTakeTheNamePutsTheOldDatabaseBack() throws Exception {
        TargetDatabases targets = targetDatabases();
        String target = "restore_swap_dst";
        TestData.postgresShop(target, 5);
        String old = TestData.postgresFingerprint(target);
        RestorePlan plan = targets.prepare(localServer(Engine.POSTGRESQL), target, true);
        try {
            replaceHeldThenFree(targets, plan, target, old);
        } finally {
            LocalServices.dropPostgresDatabase(plan.loadInto());
        }
    }

    void replaceHeldThenFree(TargetDatabases targets, RestorePlan plan, String target, String old) throws Exception {
        try (Connection loaded = LocalServices.postgres(plan.loadInto())) {
            LocalServices.execute(loaded, "CREATE TABLE restored (id int)");
            // a session on the loaded database: PostgreSQL refuses to rename it
            RestoreKeptException failed = assertThrows(RestoreKeptException.class, () -> targets.complete(plan));
            assertTrue(failed.getMessage().contains("the existing database is back under its name"),
                    failed::getMessage);
        }
        assertEquals(old, TestData.postgresFingerprint(target), "the old database is back, whole");
        assertTrue(postgresExists(plan.loadInto()), "the loaded copy is kept");

        RestorePlan done = targets.complete(plan);

        assertTrue(done.done());
        try (Connection c = LocalServices.postgres(target)) {
            assertEquals("1", LocalServices.queryString(c, "SELECT count(*) FROM pg_class WHERE relname = 'restored'"),
                    "the new database holds the name");
        }
        try (Connection c = LocalServices.postgres("postgres")) {
            assertEquals(List.of(), LocalServices.strings(c, "SELECT datname FROM pg_database WHERE datname LIKE "
                    + "'cold_archiving_replaced_%' OR datname = '" + plan.loadInto() + "'"),
                    "the old database went only once the new one was in");
        }
    }

    @Test
    void aMariadbReplacementWhoseArchiveFailsItsChecksumLeavesTheOldDatabase() throws Exception {
        try {
            aws.s3.createBucket(r -> r.bucket(UNVERSIONED_BUCKET));
        } catch (BucketAlreadyOwnedByYouException e) {
            // from an earlier run
        }
        TestData.mariadbInventory("restore_maria_src", 300);
        aws.registerInstance("restore-maria-replace", "mariadb", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", "restore_maria_src", "arch:AutomatedDBDumpS3Bucket", UNVERSIONED_BUCKET));
        aws.putSecret("cold-archiving/restore-maria-replace", "restore_backup", "restore-pw",
                LocalServices.MARIADB_PORT);
        aws.forgetRuns("restore-maria-replace/restore_maria_src");
        String runId = TestData.uniqueRunId();
        assertEquals(2, run(runId).archived());
        String key = aws.journalRow("restore-maria-replace/restore_maria_src", runId).get("Key").s();
        byte[] stored = aws.s3.getObjectAsBytes(r -> r.bucket(UNVERSIONED_BUCKET).key(key)).asByteArray();
        byte[] changed = stored.clone();
        for (int i = changed.length / 2; i < changed.length / 2 + 64; i++) {
            changed[i] ^= 0x5a;
        }
        aws.s3.putObject(r -> r.bucket(UNVERSIONED_BUCKET).key(key).storageClass("GLACIER_IR"),
                RequestBody.fromBytes(changed));
        String target = "restore_maria_dst";
        TestData.mariadbInventory(target, 7);
        String old = TestData.mariadbFingerprint(target);
        request.setTargetDatabase(target);
        request.setReplace(true);

        RestoreOutcome failed = restore("restore-maria-replace/restore_maria_src", MARIA_TARGET_SECRET);

        assertFalse(failed.succeeded());
        assertTrue(failed.detail().startsWith("checksum mismatch"), failed::toString);
        assertEquals(old, TestData.mariadbFingerprint(target), "the old database survives a failed replacement");
        assertEquals(List.of(), mariadbLeftovers());

        aws.s3.putObject(r -> r.bucket(UNVERSIONED_BUCKET).key(key).storageClass("GLACIER_IR"),
                RequestBody.fromBytes(stored));
        RestoreOutcome replaced = restore("restore-maria-replace/restore_maria_src", MARIA_TARGET_SECRET);

        assertTrue(replaced.succeeded(), replaced::toString);
        assertEquals(TestData.mariadbFingerprint("restore_maria_src"), TestData.mariadbFingerprint(target));
        try (Connection c = LocalServices.mariadb(target)) {
            assertEquals("0", LocalServices.queryString(c, "SELECT COUNT(*) FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cold_archiving_restore_incomplete'"));
        }
        assertEquals(List.of(), mariadbLeftovers(), "the proving copy is gone");
    }

    static List<String> mariadbLeftovers() throws SQLException {
        try (Connection c = LocalServices.mariadb("")) {
            return LocalServices.strings(c, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
                    + "WHERE SCHEMA_NAME LIKE 'cold\\_archiving\\_%'");
        }
    }

    /**
     * pg_dump quotes a database name that is a reserved word or holds a character such as $: the restore
     * applies the archive's database properties to the restored database, never to the source database
     * living on the same server.
     */
    @ParameterizedTest
    @ValueSource(strings = {"order", "user", "pay$day"})
    void databasePropertiesOfAQuotedNameGoToTheRestoredDatabaseNotTheSource(String source) throws Exception {
        TestData.postgresShop(source, 20);
        String quoted = "\"" + source.replace("\"", "\"\"") + "\"";
        try (Connection c = LocalServices.postgres("postgres")) {
            LocalServices.execute(c, "ALTER DATABASE " + quoted + " SET work_mem = '7MB'",
                    "COMMENT ON DATABASE " + quoted + " IS 'archived comment'");
        }
        String instance = "restore-quoted-" + source.replace("$", "-");
        postgresInstance(instance, source);
        assertEquals(2, run(TestData.uniqueRunId()).archived());
        try (Connection c = LocalServices.postgres("postgres")) {
            LocalServices.execute(c, "ALTER DATABASE " + quoted + " SET work_mem = '9MB'",
                    "COMMENT ON DATABASE " + quoted + " IS 'changed since'");
        }
        String target = source + "_copy";
        LocalServices.dropPostgresDatabase(target);
        request.setTargetDatabase(target);

        RestoreOutcome outcome = restore(instance + "/" + source, PG_TARGET_SECRET);

        assertTrue(outcome.succeeded(), outcome::toString);
        assertEquals("changed since", comment(source), "the source's comment is untouched");
        assertEquals("{work_mem=9MB}", settings(source), "the source's settings are untouched");
        assertEquals("archived comment", comment(target));
        assertEquals("{work_mem=7MB}", settings(target));
    }

    static String comment(String database) throws SQLException {
        try (Connection c = LocalServices.postgres("postgres")) {
            return LocalServices.queryString(c, "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                    + "WHERE datname = '" + database + "'");
        }
    }

    static String settings(String database) throws SQLException {
        try (Connection c = LocalServices.postgres("postgres")) {
            return LocalServices.queryString(c, "SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d "
                    + "ON d.oid = s.setdatabase WHERE s.setrole = 0 AND d.datname = '" + database + "'");
        }
    }

    /**
     * A restore first drops what killed restores and verifications left on its server more than a day
     * ago, each logged; never a scratch database of one still running, nor a name that only looks alike.
     */
    @Test
    void aRestoreSweepsLeftoversOlderThanADayAndNothingElse() throws Exception {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC)
                .format(java.time.Instant.now());
        List<String> old = List.of("cold_archiving_restore_20200101000000_0123456789",
                "cold_archiving_verify_20200101000000_abcdef0123");
        List<String> kept = List.of("cold_archiving_verify_" + stamp + "_0123456789",
                "cold_archiving_restore_20200101000000_0123456789x", "cold_archiving_restorex_20200101000000_0123456789",
                "cold_archiving_restore_0123456789", "cold_archiving_replaced_20200101000000_0123456789",
                "cold_archiving_restore_20200101000000_aaaaaaaaaa");
        String running = kept.get(kept.size() - 1);
        for (String name : old) {
            LocalServices.recreatePostgresDatabase(name);
            LocalServices.recreateMariadbDatabase(name);
        }
        for (String name : kept) {
            LocalServices.recreatePostgresDatabase(name);
            LocalServices.recreateMariadbDatabase(name);
        }
        TestData.postgresShop("restore_sweep_src", 20);
        postgresInstance("restore-sweep", "restore_sweep_src");
        assertEquals(2, run(TestData.uniqueRunId()).archived());
        LocalServices.dropPostgresDatabase("restore_sweep_dst");
        request.setTargetDatabase("restore_sweep_dst");
        try {
            RestoreOutcome outcome;
            String log;
            // a restore running for more than a day still has its session on its database
            try (CapturedLogs logs = new CapturedLogs(); Connection session = LocalServices.postgres(running)) {
                outcome = restore("restore-sweep/restore_sweep_src", PG_TARGET_SECRET);
                log = logs.text();
            }

            assertTrue(outcome.succeeded(), outcome::toString);
            for (String name : old) {
                assertFalse(postgresExists(name), name);
                assertTrue(log.contains("Dropped the leftover database " + name), log);
            }
            for (String name : kept) {
                assertTrue(postgresExists(name), name);
            }
            assertTrue(log.contains("Leftover-looking database " + running) && log.contains("left alone"), log);
            assertTrue(mariadbExists(old.get(0)), "the restore sweeps only its own server");
        } finally {
            for (String name : kept) {
                LocalServices.dropPostgresDatabase(name);
                dropMariadb(name);
            }
            for (String name : old) {
                dropMariadb(name);
            }
        }
    }

    static void dropMariadb(String database) throws SQLException {
        try (Connection c = LocalServices.mariadb("")) {
            LocalServices.execute(c, "DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    static boolean mariadbExists(String database) throws SQLException {
        try (Connection c = LocalServices.mariadb("")) {
            return !"0".equals(LocalServices.queryString(c, "SELECT COUNT(*) FROM information_schema.SCHEMATA "
                    + "WHERE SCHEMA_NAME = '" + database + "'"));
        }
    }
}
