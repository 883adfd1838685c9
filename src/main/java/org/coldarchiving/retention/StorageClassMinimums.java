package org.coldarchiving.retention;

import java.util.Map;

/**
 * S3's minimum storage duration per storage class, in days: an object deleted earlier is billed for the
 * rest of it anyway (https://aws.amazon.com/s3/pricing/). The one place the table lives.
 */
public final class StorageClassMinimums {

    private static final Map<String, Integer> DAYS = Map.of(
            "GLACIER_IR", 90,
            "GLACIER", 90,
            "DEEP_ARCHIVE", 180,
            "STANDARD_IA", 30,
            "ONEZONE_IA", 30);

    private StorageClassMinimums() {
    }

    /** Minimum days the class bills (0 for classes without a minimum, such as STANDARD). */
    public static int days(String storageClass) {
        return storageClass == null ? 0 : DAYS.getOrDefault(storageClass, 0);
    }
}
