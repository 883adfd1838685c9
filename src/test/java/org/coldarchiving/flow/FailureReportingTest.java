package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Failures are reported three ways (journal FAILED, dead-letter JSON, e-mail alert through SNS, read
 * here from the SQS queue subscribed to the topic), leave nothing in S3 and never show the password.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = "camel.management.enabled=false")
class FailureReportingTest extends InProcessArchiveTest {

    static final String DLQ = "cold-archiving-dlq";
    static final String INBOX = "cold-archiving-alerts-inbox";
    @BeforeEach
    void onlyThisTestsInstances() {
        aws.forgetAllInstances();
        aws.purge(DLQ);
        aws.purge(INBOX);
    }

    @Test
    void wrongPasswordIsJournaledDeadLetteredAndAlertedWithoutThePassword() throws Exception {
        String password = "Wr0ng-pa55-xyzzy-4711";
        LocalServices.postgresBackupUser("fail_backup", "the-right-password");
        TestData.postgresShop("fail_pw", 10);
        aws.registerInstance("fail-pw", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "fail_pw"));
        aws.putSecret("cold-archiving/fail-pw", "fail_backup", password, LocalServices.PG_PORT);
        String runId = TestData.uniqueRunId();

        LoggedRun logged = runLogged(runId);
        RunSummary summary = logged.summary();
        String logs = logged.text();
        String jsonLogs = logged.json();

        assertEquals(new RunSummary(runId, 0, 2, 0), summary, "the database and the instance archive");
        assertEquals("FAILED", aws.journalRow("fail-pw", runId).get("Status").s());
        Map<String, AttributeValue> row = aws.journalRow("fail-pw/fail_pw", runId);
        assertEquals("FAILED", row.get("Status").s());
        assertEquals("dump-and-upload", row.get("FailedStep").s());
        assertTrue(row.get("Error").s().contains("password authentication failed"), row.get("Error").s());
        List<String> dlq = aws.drain(DLQ);
        List<String> deadLetters = dlq.stream().filter(m -> m.contains("\"type\":\"ArchiveFailed\"")
                && m.contains("\"database\":\"fail_pw\"")).toList();
        assertEquals(1, deadLetters.size(), deadLetters::toString);
        assertTrue(deadLetters.get(0).contains("\"databaseId\":\"fail-pw/fail_pw\""), deadLetters.get(0));
        assertEquals(1, dlq.stream().filter(m -> m.contains("\"type\":\"RunSummary\"")
                && m.contains("\"failed\":2")).count(), "one run summary: " + dlq);
        assertTrue(deadLetters.get(0).contains("\"runId\":\"" + runId + "\""));
        List<String> inbox = aws.drain(INBOX);
        List<String> alerts = inbox.stream().filter(m -> m.contains("fail-pw/fail_pw failed at")).toList();
        assertEquals(1, alerts.size(), alerts::toString);
        assertEquals(1, inbox.stream().filter(m -> m.contains("had failures")).count(), "one summary e-mail");
        assertTrue(alerts.get(0).contains("fail-pw/fail_pw failed at dump-and-upload"), alerts.get(0));
        assertTrue(aws.objects("postgresql/fail-pw/").isEmpty(), "no object");
        assertEquals(0, aws.multipartUploads("postgresql/fail-pw/"), "no multipart upload left");
        assertTrue(logs.contains("fail-pw/fail_pw"), "the failure is logged");
        assertTrue(jsonLogs.contains("\"database\":\"fail-pw/fail_pw\""), "the failure's JSON line");
        for (String place : List.of(logs, jsonLogs, dlq.toString(), inbox.toString(), row.toString())) {
            assertFalse(place.contains(password), "password leaked into: " + place);
        }
    }

    @Test
    void aSecretOutsideTheColdArchivingPrefixIsRefusedWithTheFix() {
        aws.registerInstance("fail-prefix", "postgres", Map.of("arch:AutomatedArchiving", "Active",
                "arch:AutomatedBackupSecret", "prod/admin"));
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(1, summary.failed());
        Map<String, AttributeValue> row = aws.journalRow("fail-prefix/*", runId);
        assertEquals("FAILED", row.get("Status").s());
        assertEquals("check-tags", row.get("FailedStep").s());
        assertTrue(row.get("Error").s().contains("arch:AutomatedBackupSecret='prod/admin'"), row.get("Error").s());
        assertTrue(row.get("Error").s().contains("cold-archiving/"), row.get("Error").s());
        assertEquals(1, aws.deadLetters("ArchiveFailed").size());
    }

    @Test
    void aMariadbSystemSchemaNamedInTheTagIsRefusedSoNoPasswordHashIsArchived() throws Exception {
        LocalServices.mariadbBackupUser("sys_backup", "sys-pw"); // SELECT on *.*: it could read mysql.global_priv
        aws.registerInstance("fail-mysql-schema", "mariadb", Map.of("arch:AutomatedArchiving", "Active",
                "arch:DB_name", "mysql"));
        aws.putSecret("cold-archiving/fail-mysql-schema", "sys_backup", "sys-pw", LocalServices.MARIADB_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 0, 1, 0), summary, "nothing archived, the instance failed");
        Map<String, AttributeValue> row = aws.journalRow("fail-mysql-schema/*", runId);
        assertEquals("FAILED", row.get("Status").s());
        assertEquals("check-tags", row.get("FailedStep").s());
        String error = row.get("Error").s();
        assertTrue(error.contains("arch:DB_name='mysql'") && error.contains("remove it from the tag")
                && error.contains("archive.include-password-hashes=true"), error);
        assertTrue(aws.objects("mariadb/fail-mysql-schema/").isEmpty(), "no dump of mysql.global_priv");
    }

    @Test
    void aMissingSecretFailsThatInstanceOnly() throws Exception {
        TestData.mariadbInventory("fail_ok", 20);
        LocalServices.mariadbBackupUser("fail_backup", "ok-pw");
        aws.registerInstance("fail-nosecret", "postgres", Map.of("arch:AutomatedArchiving", "Active",
                "arch:AutomatedBackupSecret", "cold-archiving/does-not-exist"));
        aws.registerInstance("fail-ok", "mariadb", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "fail_ok"));
        aws.putSecret("cold-archiving/fail-ok", "fail_backup", "ok-pw", LocalServices.MARIADB_PORT);
        String runId = TestData.uniqueRunId();

        RunSummary summary = run(runId);

        assertEquals(new RunSummary(runId, 2, 1, 0), summary, "fail_ok and its instance archive; fail-nosecret");
        Map<String, AttributeValue> row = aws.journalRow("fail-nosecret/*", runId);
        assertEquals("read-secret", row.get("FailedStep").s());
        assertEquals("ARCHIVED", aws.journalRow("fail-ok/fail_ok", runId).get("Status").s());
    }
}
