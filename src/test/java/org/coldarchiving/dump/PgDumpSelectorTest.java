package org.coldarchiving.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class PgDumpSelectorTest {

    /** The majors the image installs (the Dockerfile's PG_MAJORS), as Debian lays them out. */
    static NavigableMap<Integer, String> image() throws Exception {
        Matcher arg = Pattern.compile("ARG PG_MAJORS=\"([0-9 ]+)\"").matcher(Files.readString(Path.of("Dockerfile")));
        assertTrue(arg.find(), "the Dockerfile names the PostgreSQL client majors it installs");
        NavigableMap<Integer, String> installed = new TreeMap<>();
        for (String major : arg.group(1).trim().split(" +")) {
            installed.put(Integer.parseInt(major), "/usr/lib/postgresql/" + major + "/bin/pg_dump");
        }
        return installed;
    }

    @Test
    void theImageHasAClientForEveryMajorRdsRunsToday() throws Exception {
        for (int rdsMajor = 13; rdsMajor <= 17; rdsMajor++) {
            assertEquals("/usr/lib/postgresql/" + rdsMajor + "/bin/pg_dump", PgDumpSelector.choose(rdsMajor, image(), "db"));
        }
    }

    @Test
    void theClosestMajorAtOrAboveTheServerIsChosen() throws Exception {
        assertEquals("/usr/lib/postgresql/13/bin/pg_dump", PgDumpSelector.choose(11, image(), "db"));
        assertEquals("/usr/lib/postgresql/15/bin/pg_dump", PgDumpSelector.choose(15, image(), "db"));
        assertEquals("/usr/lib/postgresql/17/bin/pg_dump", PgDumpSelector.choose(17, image(), "db"));
        assertEquals("/usr/lib/postgresql/17/bin/pg_dump", PgDumpSelector.choose(0, image(), "db"), "unknown: newest");
    }

    @Test
    void aServerNewerThanEveryClientIsRefusedWithBothVersions() throws Exception {
        NavigableMap<Integer, String> image = image();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PgDumpSelector.choose(18, image, "prod-db"));
        assertTrue(e.getMessage().contains("prod-db runs PostgreSQL 18") && e.getMessage().contains("newest pg_dump here is 17")
                && e.getMessage().contains("postgresql-client-18"), e.getMessage());
    }

    @Test
    void theClientsInstalledOnThisMachineAreFound() {
        NavigableMap<Integer, String> installed = PgDumpSelector.installed("/usr/lib/postgresql");
        assertFalse(installed.isEmpty(), "dev/stack.sh installs a PostgreSQL client");
        installed.values().forEach(path -> assertTrue(path.endsWith("/bin/pg_dump"), path));
    }
}
