package org.coldarchiving.manifest;

import java.io.InputStream;
import java.util.List;

/**
 * The dump of an instance archive (roles, users and grants: no tables), passed through uncounted: its
 * manifest lists no table, and restore tests leave instance archives out.
 */
final class InstanceDump extends CountedDump {

    /** How an instance archive's manifest says it was (not) counted. */
    static final String NO_TABLES = "no-tables";

    InstanceDump(InputStream dump) {
        super(dump);
    }

    @Override
    protected void passed(byte[] buffer, int offset, int length) {
        // roles and users: nothing to count
    }

    @Override
    protected void dumpEnded() {
        // nothing was counted
    }

    @Override
    public String counted() {
        return NO_TABLES;
    }

    @Override
    protected List<TableRows> counts() {
        return List.of();
    }
}
