package org.coldarchiving.store;

/**
 * Chooses the multipart part size: the configured size, grown so that a dump of the expected size
 * fits in S3's 10,000 parts with room to spare (9,000 parts), in whole MiB, at most 1 GiB (10,000 parts
 * of 1 GiB exceed S3's 5 TB object limit).
 */
public final class PartSizes {

    static final long MIB = 1024L * 1024L;
    static final long MIN_PART = 5 * MIB;
    static final long MAX_PART = 1024 * MIB;
    private static final long PLANNED_PARTS = 9_000;

    private PartSizes() {
    }

    public static int partSize(long configuredBytes, long expectedBytes) {
        long needed = (expectedBytes + PLANNED_PARTS - 1) / PLANNED_PARTS;
        long size = Math.max(Math.max(configuredBytes, MIN_PART), needed);
        size = (size + MIB - 1) / MIB * MIB;
        return (int) Math.min(size, MAX_PART);
    }
}
