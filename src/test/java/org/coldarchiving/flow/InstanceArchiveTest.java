package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.dump.PasswordHashes;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.store.ArchiveKeys;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The instance archive against the real servers: once per instance and run, beside its databases, the
 * roles (PostgreSQL, pg_dumpall --globals-only run by a non-superuser) or users and grants (MariaDB,
 * mariadb-dump --system=users), journaled as Kind INSTANCE under the key {@code <instance-id>}, with no
 * password hash in it; loaded back into the server, the roles and users come back with their grants. An
 * interrupted instance archive is settled by the next run like any archive.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class InstanceArchiveTest extends InProcessArchiveTest {

    static final String PASSWORD = "instance-backup-pw";
    static final String APP_PASSWORD = "ia-app-secret-pw";

    @BeforeEach
    void backupUsers() throws Exception {
        aws.forgetAllInstances();
        aws.purge("cold-archiving-dlq");
        LocalServices.postgresBackupUser("ia_backup", PASSWORD);
        LocalServices.mariadbBackupUser("ia_backup", PASSWORD);
    }

    /** The instance archive's journal row: ARCHIVED, Kind INSTANCE, no Database; its object's text. */
    String assertInstanceArchived(String instanceId, String runId, String engine) throws Exception {
        Map<String, AttributeValue> row = aws.journalRow(instanceId, runId);
        assertEquals("ARCHIVED", row.get("Status").s(), row::toString);
        assertEquals("INSTANCE", row.get("Kind").s());
        assertFalse(row.containsKey("Database"), row::toString);
        String key = row.get("Key").s();
        assertTrue(key.startsWith(engine + "/" + instanceId + "/" + ArchiveKeys.INSTANCE_SEGMENT + "/"), key);
        assertTrue(key.endsWith(".sql.zst"), key);
        assertEquals("GLACIER_IR", row.get("StorageClass").s());
        HeadObjectResponse head = aws.s3.headObject(r -> r.bucket(LocalServices.BUCKET).key(key));
        assertEquals(StorageClass.GLACIER_IR, head.storageClass());
        byte[] stored = aws.objectBytes(key);
        assertEquals(LocalServices.sha256(stored), row.get("Sha256").s());
        assertEquals(Long.toString(stored.length), row.get("SizeBytes").n());
        assertTrue(Long.parseLong(row.get("ExpiresAt").n()) > Instant.now().getEpochSecond() + 364L * 86400);
        return new String(LocalServices.unzstd(stored), StandardCharsets.UTF_8);
    }

    @Test
    void postgresRolesAreArchivedOnceByANonSuperuserWithoutPasswords() throws Exception {
        TestData.postgresShop("ia_pg_one", 20);
        TestData.postgresShop("ia_pg_two", 20);
        String hash;
        try (Connection c = LocalServices.postgres("postgres")) {
            LocalServices.execute(c, "DROP ROLE IF EXISTS ia_app", "DROP ROLE IF EXISTS ia_owner",
                    "CREATE ROLE ia_owner NOLOGIN", "CREATE ROLE ia_app LOGIN PASSWORD '" + APP_PASSWORD + "' IN ROLE ia_owner",
                    "ALTER ROLE ia_app SET work_mem = '8MB'");
            assertEquals("f", LocalServices.queryString(c, "SELECT rolsuper FROM pg_roles WHERE rolname = 'ia_backup'"),
                    "archived by a non-superuser, as on RDS");
            hash = LocalServices.queryString(c, "SELECT rolpassword FROM pg_authid WHERE rolname = 'ia_app'");
        }
        aws.registerInstance("ia-pg", "postgres", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", "ia_pg_one:ia_pg_two"));
        aws.putSecret("cold-archiving/ia-pg", "ia_backup", PASSWORD, LocalServices.PG_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 3, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        assertEquals("DATABASE", aws.journalRow("ia-pg/ia_pg_one", runId).get("Kind").s());
        String globals = assertInstanceArchived("ia-pg", runId, "postgresql");
        assertTrue(globals.contains("CREATE ROLE ia_app;"), globals);
        assertTrue(globals.contains("GRANT ia_owner TO ia_app"), globals);
        assertTrue(globals.contains("ALTER ROLE ia_app SET work_mem TO '8MB';"), globals);
        assertTrue(hash.startsWith("SCRAM-SHA-256$"), hash);
        assertFalse(globals.contains(hash) || globals.contains("SCRAM-SHA-256$") || globals.contains("PASSWORD '"),
                "no password hash: " + globals);

        try (Connection c = LocalServices.postgres("postgres")) {
            LocalServices.execute(c, "DROP ROLE ia_app", "DROP ROLE ia_owner");
        }
        // as pg_dumpall's output is loaded: roles that exist already fail ("already exists"), the rest loads
        LocalServices.restoreIgnoringErrors(globals.getBytes(StandardCharsets.UTF_8), Map.of("PGPASSWORD",
                LocalServices.ADMIN_PASSWORD), "psql", "-q", "-h", "127.0.0.1", "-p", Integer.toString(LocalServices.PG_PORT),
                "-U", "postgres", "-d", "postgres");
        try (Connection c = LocalServices.postgres("postgres")) {
            assertEquals("true|true|{work_mem=8MB}", LocalServices.queryString(c, "SELECT rolcanlogin || '|' "
                    + "|| pg_has_role('ia_app', 'ia_owner', 'MEMBER') || '|' || (SELECT setconfig::text FROM pg_db_role_setting "
                    + "WHERE setrole = 'ia_app'::regrole) FROM pg_roles WHERE rolname = 'ia_app'"));
            assertEquals(null, LocalServices.queryString(c, "SELECT rolpassword FROM pg_authid WHERE rolname = 'ia_app'"),
                    "restored without a password: the restorer sets it");
        }
    }

    /** Every non-empty credential of the server's accounts. */
    static List<String> mariadbCredentials() throws Exception {
        List<String> hashes = new ArrayList<>();
        try (Connection c = LocalServices.mariadb(""); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT authentication_string FROM mysql.user "
                        + "WHERE authentication_string <> ''")) {
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
        }
        return hashes;
    }

    @Test
    void mariadbUsersAndGrantsAreArchivedWithoutAnyPasswordHashAndLoadBackLocked() throws Exception {
        TestData.mariadbInventory("ia_maria_db", 20);
        try (Connection c = LocalServices.mariadb("")) {
            LocalServices.execute(c, "DROP USER IF EXISTS ia_app@'%'", "DROP USER IF EXISTS ia_sock@localhost",
                    "DROP ROLE IF EXISTS ia_reader",
                    "CREATE USER ia_app@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
                    "CREATE USER ia_sock@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('sock-pw') "
                            + "OR unix_socket",
                    "CREATE ROLE ia_reader", "GRANT SELECT ON ia_maria_db.* TO ia_reader",
                    "GRANT ia_reader TO ia_app@'%'", "SET DEFAULT ROLE ia_reader FOR ia_app@'%'",
                    "GRANT INSERT ON ia_maria_db.items TO ia_app@'%'");
        }
        List<String> credentials = mariadbCredentials();
        assertTrue(credentials.size() >= 3, credentials::toString);
        aws.registerInstance("ia-maria", "mariadb", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name",
                "ia_maria_db"));
        aws.putSecret("cold-archiving/ia-maria", "ia_backup", PASSWORD, LocalServices.MARIADB_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 2, 0, 0), summary, () -> aws.deadLetters("ArchiveFailed").toString());
        String users = assertInstanceArchived("ia-maria", runId, "mariadb");
        for (String credential : credentials) {
            assertFalse(users.contains(credential), "password hash " + credential + " is in the archive");
        }
        assertFalse(users.contains("IDENTIFIED BY PASSWORD") || users.contains(" USING '"), users);
        assertTrue(users.startsWith("-- cold-archiving: password hashes removed"), users);
        assertTrue(users.contains("CREATE USER IF NOT EXISTS `ia_app`@`%` ACCOUNT LOCK;"), users);
        assertTrue(users.contains("GRANT INSERT ON `ia_maria_db`.`items` TO `ia_app`@`%`;"), users);

        try (Connection c = LocalServices.mariadb("")) {
            LocalServices.execute(c, "DROP USER ia_app@'%'", "DROP USER ia_sock@localhost", "DROP ROLE ia_reader");
        }
        LocalServices.restore(users.getBytes(StandardCharsets.UTF_8), Map.of("MYSQL_PWD", LocalServices.ADMIN_PASSWORD),
                "mariadb", "--no-defaults", "-h", "127.0.0.1", "-P", Integer.toString(LocalServices.MARIADB_PORT),
                "-u", "root", "--ssl");
        try (Connection c = LocalServices.mariadb("")) {
            String grants = grants(c, "ia_app@'%'");
            assertTrue(grants.contains("GRANT `ia_reader` TO `ia_app`@`%`"), grants);
            assertTrue(grants.contains("GRANT INSERT ON `ia_maria_db`.`items` TO `ia_app`@`%`"), grants);
            assertTrue(grants(c, "ia_reader").contains("GRANT SELECT ON `ia_maria_db`.* TO `ia_reader`"));
            assertEquals("1|", LocalServices.queryString(c, "SELECT CONCAT(JSON_VALUE(Priv, '$.account_locked'), "
                    + "'|', authentication_string) FROM mysql.global_priv g JOIN mysql.user u USING (User, Host) "
                    + "WHERE User = 'ia_app'"), "loaded locked and without a password");
        }
    }

    static String grants(Connection c, String account) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GRANTS FOR " + account)) {
            while (rs.next()) {
                all.append(rs.getString(1)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void passwordHashesAreArchivedOnlyWhenTheOperatorOptsIn() throws Exception {
        TestData.mariadbInventory("ia_hash_db", 5);
        aws.registerInstance("ia-hashes", "mariadb", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name",
                "ia_hash_db"));
        aws.putSecret("cold-archiving/ia-hashes", "ia_backup", PASSWORD, LocalServices.MARIADB_PORT);
        String backupHash;
        try (Connection c = LocalServices.mariadb("")) {
            backupHash = LocalServices.queryString(c, "SELECT authentication_string FROM mysql.user WHERE User = 'ia_backup'");
        }
        PasswordHashes hashes = context.getRegistry().lookupByNameAndType("passwordHashes", PasswordHashes.class);
        String runId = TestData.uniqueRunId();
        hashes.setIncludePasswordHashes(true);
        try {
            assertEquals(2, run(runId).archived());
        } finally {
            hashes.setIncludePasswordHashes(false);
        }
        String users = assertInstanceArchived("ia-hashes", runId, "mariadb");
        assertTrue(users.contains("CREATE USER IF NOT EXISTS `ia_backup`@`%` IDENTIFIED BY PASSWORD '" + backupHash + "';"),
                users);
    }

    @Test
    void anInterruptedInstanceArchiveIsSettledByTheNextRunLikeAnyArchive() throws Exception {
        TestData.postgresShop("ia_settle_db", 5);
        aws.registerInstance("ia-settle", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name",
                "ia_settle_db"));
        aws.putSecret("cold-archiving/ia-settle", "ia_backup", PASSWORD, LocalServices.PG_PORT);
        ArchiveKeys keys = new ArchiveKeys();
        keys.setPrefix("");
        // two instance archives a killed archiver left RUNNING two days ago: one whose object was complete
        // (tagged with its SHA-256), one that never finished
        String completeRun = TestData.uniqueRunId();
        String brokenRun = TestData.uniqueRunId();
        String completeKey = keys.runPrefix("postgresql", "ia-settle", null, completeRun) + ".sql.zst";
        aws.s3.putObject(r -> r.bucket(LocalServices.BUCKET).key(completeKey).metadata(Map.of("format", "sql",
                "compression", "zstd")), RequestBody.fromString("complete"));
        aws.s3.putObjectTagging(r -> r.bucket(LocalServices.BUCKET).key(completeKey)
                .tagging(t -> t.tagSet(s -> s.key("sha256").value("feed"))));
        for (String runId : List.of(completeRun, brokenRun)) {
            runningInstanceArchive("ia-settle", runId);
        }
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(2, summary.archived(), summary::toString);
        Map<String, AttributeValue> reconciled = aws.journalRow("ia-settle", completeRun);
        assertEquals("ARCHIVED", reconciled.get("Status").s(), reconciled::toString);
        assertEquals(completeKey, reconciled.get("Key").s());
        assertTrue(reconciled.get("Reconciled").bool());
        Map<String, AttributeValue> failed = aws.journalRow("ia-settle", brokenRun);
        assertEquals("FAILED", failed.get("Status").s(), failed::toString);
        assertEquals("interrupted", failed.get("FailedStep").s());
        assertEquals("INSTANCE", failed.get("Kind").s());
        assertFalse(failed.containsKey("Database"), failed::toString);
        assertTrue(aws.deadLetters("ArchiveFailed").stream().anyMatch(m -> m.contains("\"databaseId\":\"ia-settle\"")
                && m.contains("\"kind\":\"INSTANCE\"")));
    }

    /** A journal item as Journal.begin writes it for an instance archive, started two days ago. */
    void runningInstanceArchive(String instanceId, String runId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("DatabaseId", AttributeValue.fromS(instanceId));
        item.put("RunId", AttributeValue.fromS(runId));
        item.put("Status", AttributeValue.fromS("RUNNING"));
        item.put("Running", AttributeValue.fromS("RUNNING"));
        item.put("Kind", AttributeValue.fromS("INSTANCE"));
        item.put("Engine", AttributeValue.fromS("postgresql"));
        item.put("InstanceId", AttributeValue.fromS(instanceId));
        item.put("Bucket", AttributeValue.fromS(LocalServices.BUCKET));
        item.put("StorageClass", AttributeValue.fromS("GLACIER_IR"));
        item.put("RetentionDays", AttributeValue.fromN("365"));
        item.put("StartedAt", AttributeValue.fromS(Instant.now().minus(2, ChronoUnit.DAYS).toString()));
        aws.ddb.putItem(r -> r.tableName(LocalServices.TABLE).item(item));
    }
}
