package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.coldarchiving.Application;
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

    int runApplication(Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File("."));
        builder.environment().put("ARCHIVE_ONCE", "true");
        builder.environment().put("CAMEL_MANAGEMENT_ENABLED", "false");
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "one-shot run ends by itself");
        return process.exitValue();
    }

    @Test
    void exitsZeroWhenEveryDatabaseIsArchived() throws Exception {
        Path log = Files.createTempFile("one-shot", ".log");
        assertEquals(0, runApplication(log), () -> read(log));
        assertTrue(read(log).contains("1 archived, 0 failed"), () -> read(log));
    }

    @Test
    void exitsNonZeroWhenADatabaseFails() throws Exception {
        aws.registerInstance("once-bad", "postgres", Map.of("arch:AutomatedArchiving", "Active", "arch:DB_name", "once_missing"));
        aws.putSecret("cold-archiving/once-bad", "once_backup", "once-pw", LocalServices.PG_PORT);
        Path log = Files.createTempFile("one-shot", ".log");
        assertEquals(1, runApplication(log), () -> read(log));
        assertTrue(read(log).contains("1 archived, 1 failed"), () -> read(log));
    }

    static String read(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
