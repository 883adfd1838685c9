package org.coldarchiving.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.ArchiveKind;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.run.ArchiveTarget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.coldarchiving.support.Settings;
import org.junit.jupiter.api.Test;

class ArchiveKeysTest {

    static ArchiveTarget target(String database) {
        ArchiveInstance instance = new ArchiveInstance("db-1", Engine.POSTGRESQL, "h", 5432, "cold-archiving/db-1",
                List.of(), "bucket", "table", 365, "GLACIER_IR", 0);
        return new ArchiveTarget("2026-01-01T01:30:00Z", instance, database, Instant.now(), 0, 0);
    }

    /** Keys with the default prefix of application.properties (none). */
    static ArchiveKeys keys() {
        ArchiveKeys keys = new ArchiveKeys();
        keys.setPrefix(Settings.get("archive.prefix"));
        return keys;
    }

    @Test
    void keyFollowsTheObjectContract() {
        ArchiveKeys keys = new ArchiveKeys();
        keys.setPrefix("archives");
        assertEquals("archives/postgresql/db-1/sales/2026/01/01/sales-20260101T013000Z.pgdump.zst",
                keys.key(target("sales"), "pgdump", Compression.ZSTD));
        assertEquals("postgresql/db-1/sales/2026/01/01/sales-20260101T013000Z.sql.gz",
                keys().key(target("sales"), "sql", Compression.GZIP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "../../etc", "a/b", "-h evil", "x;rm -rf /", "$(id)", "`id`", "new\nline",
            "naïve", "q'uote\"", "a b"})
    void noDatabaseNameEscapesItsKeySegment(String name) {
        String key = keys().key(target(name), "pgdump", Compression.ZSTD);
        String[] parts = key.split("/");
        assertEquals(7, parts.length, key);
        for (String part : parts) {
            assertFalse(part.equals("..") || part.equals(".") || part.isEmpty(), key);
            assertTrue(part.matches("[A-Za-z0-9._%-]+"), key);
        }
    }

    @Test
    void theInstanceArchiveHasAFolderNoDatabaseCanHave() {
        ArchiveTarget db = target("sales");
        ArchiveTarget instanceArchive = new ArchiveTarget(db.runId(), db.instance(), null, db.startedAt(), 0, 0,
                ArchiveKind.INSTANCE);
        assertEquals("postgresql/db-1/@instance/2026/01/01/db-1-20260101T013000Z.sql.zst",
                keys().key(instanceArchive, "sql", Compression.ZSTD));
        assertEquals("postgresql/db-1/%40instance/2026/01/01/%40instance-20260101T013000Z.sql.zst",
                keys().key(target("@instance"), "sql", Compression.ZSTD), "a database named so");
        assertEquals("db-1", instanceArchive.databaseId());
    }

    @Test
    void distinctNamesGetDistinctSegments() {
        assertFalse(ArchiveKeys.segment("a/b").equals(ArchiveKeys.segment("a%2Fb")));
    }

    @Test
    void aPrefixThatClimbsOutIsRefused() {
        ArchiveKeys keys = new ArchiveKeys();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> keys.setPrefix("../other"));
        assertTrue(e.getMessage().contains("archive.prefix"));
    }
}
