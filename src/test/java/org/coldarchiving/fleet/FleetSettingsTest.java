package org.coldarchiving.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.DatabaseToArchive;
import org.coldarchiving.discovery.Engine;
import org.junit.jupiter.api.Test;

/** archive.parallelism: a number as given, 0 sized from the CPUs and the heap, anything else refused. */
class FleetSettingsTest {

    static final long MIB = 1024L * 1024;

    @Test
    void zeroIsOneArchivePerCpuAsFarAsTheHeapHoldsThem() {
        // Fargate 1 vCPU / 2 GB (heap 60 %: 1.2 GB) and 4 vCPU / 8 GB (4.8 GB)
        assertEquals(1, FleetSettings.defaultParallelism(1, 1228 * MIB));
        assertEquals(4, FleetSettings.defaultParallelism(4, 4915 * MIB));
        // many CPUs, a small heap: the heap decides; never less than one
        assertEquals(2, FleetSettings.defaultParallelism(8, 512 * MIB));
        assertEquals(1, FleetSettings.defaultParallelism(2, 96 * MIB));
    }

    @Test
    void aNumberIsTakenAsItIs() {
        assertEquals(6, FleetSettings.parallelism(" 6 "));
        assertTrue(FleetSettings.parallelism("0") >= 1);
    }

    @Test
    void anythingElseIsRefusedNamingTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FleetSettings.parallelism("four"))
                .getMessage().contains("archive.parallelism=four"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FleetSettings.parallelism("-1"))
                .getMessage().contains("archive.parallelism=-1"));
    }

    /** archive.max-per-instance above 1: the instance archive (no database name) has a group too (was an NPE). */
    @Test
    void everyArchiveOfAnInstanceHasAMessageGroupWithSeveralPerInstance() {
        WorkQueue queue = new WorkQueue(null);
        queue.setMaxPerInstance(3);
        ArchiveInstance instance = new ArchiveInstance("db-1", Engine.POSTGRESQL, "h", 5432, "cold-archiving/db-1",
                List.of(), "b", "t", 365, "GLACIER_IR", 0);
        List<DatabaseToArchive> all = DatabaseToArchive.withInstanceArchive(List.of(new DatabaseToArchive("a", 1, 15)));
        for (DatabaseToArchive database : all) {
            String group = queue.messageGroup(queue.message(instance, database, "r"));
            assertTrue(group.matches("db-1#[0-2]"), group);
        }
    }
}
