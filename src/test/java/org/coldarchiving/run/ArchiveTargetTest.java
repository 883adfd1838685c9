package org.coldarchiving.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.DatabaseToArchive;
import org.coldarchiving.discovery.Engine;
import org.junit.jupiter.api.Test;

class ArchiveTargetTest {

    static final long GIB = 1L << 30;

    static ArchiveInstance instance(long allocatedBytes) {
        return new ArchiveInstance("db-1", Engine.POSTGRESQL, "h", 5432, "cold-archiving/db-1", List.of(), "b", "t",
                365, "GLACIER_IR", allocatedBytes);
    }

    @Test
    void theExpectedDumpSizeIsTheLargerEstimateDoubled() {
        assertEquals(200 * GIB, ArchiveTarget.of(instance(100 * GIB), new DatabaseToArchive("a", 3 * GIB, 15), "r")
                .expectedBytes(), "allocated storage wins over a small database");
        assertEquals(6000 * GIB, ArchiveTarget.of(instance(0), new DatabaseToArchive("a", 3000 * GIB, 15), "r")
                .expectedBytes(), "Aurora reports no allocated storage: the database's size is used");
    }
}
