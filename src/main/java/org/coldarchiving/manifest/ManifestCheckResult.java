package org.coldarchiving.manifest;

import java.util.List;

/**
 * What a restored database's check against its manifest found.
 *
 * @param tables      tables the manifest names (all of them checked)
 * @param differences one line per difference, naming the table, e.g.
 *                    {@code table public.orders: 1000 rows in the manifest, 999 restored} or
 *                    {@code table public.items missing}; empty when the restore is faithful
 */
public record ManifestCheckResult(int tables, List<String> differences) {

    public boolean passed() {
        return differences.isEmpty();
    }

    /** The journal's VerifyResult reason: the differences, or that all tables matched. */
    public String reason() {
        return passed() ? tables + " tables with their exact row counts" : String.join("; ", differences);
    }
}
