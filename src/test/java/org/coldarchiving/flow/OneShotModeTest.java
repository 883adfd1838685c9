package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.coldarchiving.support.ApplicationProcess;
import org.coldarchiving.support.LocalServices;
import org.coldarchiving.support.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One-shot mode as a scheduled ECS task runs it: the application process itself, started with
 * ARCHIVE_ONCE=true, archives once and exits 0 only if every database was archived.
 */
class OneShotModeTest {

    final LocalServices aws = new LocalServices();

    @BeforeEach
    void onlyThisTestsInstances() throws Exception {
        aws.forgetAllInstances();
        TestData.postgresShop("once_ok", 50);
        LocalServices.postgresBackupUser("once_backup", "once-pw");
        aws.registerInstance("once-ok", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "once_ok"));
        aws.putSecret("cold-archiving/once-ok", "once_backup", "once-pw", LocalServices.PG_PORT);
    }

    @Test
    void exitsZeroWhenEveryDatabaseIsArchived() throws Exception {
        Path log = Files.createTempFile("one-shot", ".log");
        assertEquals(0, ApplicationProcess.runOnce(log, Map.of()), () -> ApplicationProcess.tail(log));
        assertTrue(ApplicationProcess.tail(log).contains("2 archived, 0 failed"), () -> ApplicationProcess.tail(log));
    }

    @Test
    void exitsNonZeroWhenADatabaseFails() throws Exception {
        aws.registerInstance("once-bad", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "once_missing"));
        aws.putSecret("cold-archiving/once-bad", "once_backup", "once-pw", LocalServices.PG_PORT);
        Path log = Files.createTempFile("one-shot", ".log");
        assertEquals(1, ApplicationProcess.runOnce(log, Map.of()), () -> ApplicationProcess.tail(log));
        assertTrue(ApplicationProcess.tail(log).contains("3 archived, 1 failed"), () -> ApplicationProcess.tail(log));
    }
}
