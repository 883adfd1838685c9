package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.coldarchiving.support.ApplicationProcess;
import org.junit.jupiter.api.Test;

/**
 * The one-shot task contract as a scheduled ECS task runs it (archive.once=true, archive.task): the
 * retention task runs on its own and exits 0 when it did everything; an unknown task is refused at
 * start-up, naming the setting.
 */
class OneShotTasksTest {

    @Test
    void theRetentionTaskRunsOnceAndExitsZero() throws Exception {
        Path log = Files.createTempFile("one-shot-retention", ".log");

        int exit = ApplicationProcess.runOnce(log, Map.of("ARCHIVE_TASK", "retention",
                "ARCHIVE_RETENTION_DRY_RUN", "true"));

        assertEquals(0, exit, () -> ApplicationProcess.tail(log));
        String output = Files.readString(log);
        assertTrue(output.contains("Retention run") && output.contains("(dry run)"), ApplicationProcess.tail(log));
        assertTrue(!output.contains("Archive run"), "the archive task did not run: " + ApplicationProcess.tail(log));
    }

    @Test
    void anUnknownTaskStopsTheStartNamingTheSetting() throws Exception {
        Path log = Files.createTempFile("one-shot-unknown", ".log");

        int exit = ApplicationProcess.runOnce(log, Map.of("ARCHIVE_TASK", "restore-everything"));

        assertNotEquals(0, exit);
        String output = Files.readString(log);
        assertTrue(output.contains("archive.task='restore-everything'") && output.contains("[archive, retention, restore, verify]"),
                ApplicationProcess.tail(log));
    }

    @Test
    void aRestoreWithoutItsDatabaseFailsNamingTheSetting() throws Exception {
        Path log = Files.createTempFile("one-shot-restore", ".log");

        int exit = ApplicationProcess.runOnce(log, Map.of("ARCHIVE_TASK", "restore",
                "ARCHIVE_RESTORE_TARGET_SECRET", "cold-archiving/anywhere"));

        assertEquals(1, exit, () -> ApplicationProcess.tail(log));
        String output = Files.readString(log);
        assertTrue(output.contains("archive.restore.database='' does not name an archived database"),
                ApplicationProcess.tail(log));
    }
}
