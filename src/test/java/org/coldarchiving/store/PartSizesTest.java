package org.coldarchiving.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartSizesTest {

    static final long MIB = 1024L * 1024L;
    static final long SIXTEEN_MIB = 16 * MIB;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1L << 30, 100L << 30, 1L << 40, 5_000_000_000_000L})
    void tenThousandPartsHoldTheExpectedSizeUpToFiveTerabytes(long expectedBytes) {
        int part = PartSizes.partSize(SIXTEEN_MIB, expectedBytes);
        assertTrue(part >= SIXTEEN_MIB, "never below the configured size");
        assertEquals(0, part % MIB, "whole MiB");
        assertTrue((long) part * MultipartSink.MAX_PARTS >= expectedBytes, part + " x 10000 < " + expectedBytes);
        assertTrue(part <= 1024 * MIB, "at most 1 GiB a part");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1L << 30})
    void smallDumpsKeepTheConfiguredSize(long expectedBytes) {
        assertEquals(SIXTEEN_MIB, PartSizes.partSize(SIXTEEN_MIB, expectedBytes));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1})
    void neverBelowS3sMinimumPart(long configured) {
        assertEquals(5 * MIB, PartSizes.partSize(configured, 0));
    }
}
