package org.coldarchiving.dump;

import java.io.File;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Chooses the pg_dump for a PostgreSQL server: pg_dump refuses servers newer than itself, so the
 * closest installed major at or above the server's is taken. The image installs one client per major
 * under {@code <clients>/<major>/bin/pg_dump} (Debian's layout); the list of majors lives in the
 * Dockerfile only and is discovered here.
 */
public final class PgDumpSelector {

    private PgDumpSelector() {
    }

    /** pg_dump per major version found under a clients directory such as /usr/lib/postgresql. */
    public static NavigableMap<Integer, String> installed(String clientsDirectory) {
        NavigableMap<Integer, String> found = new TreeMap<>();
        File[] versions = new File(clientsDirectory).listFiles();
        if (versions != null) {
            for (File version : versions) {
                File pgDump = new File(version, "bin/pg_dump");
                if (version.getName().matches("\\d+") && pgDump.canExecute()) {
                    found.put(Integer.parseInt(version.getName()), pgDump.getPath());
                }
            }
        }
        return found;
    }

    /**
     * The pg_dump for a server major version (0: unknown, the newest is taken).
     *
     * @throws IllegalStateException naming both versions when no installed pg_dump is new enough
     */
    public static String choose(int serverMajor, NavigableMap<Integer, String> installed, String instanceId) {
        if (installed.isEmpty()) {
            throw new IllegalStateException("No pg_dump found under the PostgreSQL clients directory: install "
                    + "postgresql-client-<major> or set archive.dump.postgresql-command to a pg_dump");
        }
        if (serverMajor == 0) {
            return installed.lastEntry().getValue();
        }
        Map.Entry<Integer, String> match = installed.ceilingEntry(serverMajor);
        if (match == null) {
            throw new IllegalStateException("Instance " + instanceId + " runs PostgreSQL " + serverMajor
                    + " but the newest pg_dump here is " + installed.lastKey() + " (" + installed.lastEntry().getValue()
                    + "): pg_dump cannot dump a newer server; install postgresql-client-" + serverMajor);
        }
        return match.getValue();
    }
}
