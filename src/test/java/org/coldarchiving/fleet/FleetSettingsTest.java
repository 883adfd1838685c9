package org.coldarchiving.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
