package org.coldarchiving.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.coldarchiving.support.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveTagsTest {

    final ArchiveTags tags = new ArchiveTags();

    ArchiveTagsTest() {
        tags.setDefaultBucket("default-bucket");
        tags.setDefaultJournalTable("cold-archiving-journal");
        tags.setDefaultRetentionDays(Settings.integer("archive.retention-days"));
        tags.setDefaultStorageClass(Settings.get("archive.storage-class"));
    }

    static TaggedInstance instance(String engine, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(extra);
        all.put("arch:AutomatedArchiving", "Active");
        return new TaggedInstance("db-1", engine, "db-1.rds", 5432, 100, all);
    }

    @Test
    void defaultsApplyWhenOnlyTheActiveTagIsSet() {
        ArchiveInstance resolved = tags.resolve(instance("aurora-postgresql", Map.of()));
        assertEquals(Engine.POSTGRESQL, resolved.engine());
        assertEquals("cold-archiving/db-1", resolved.secretName());
        assertEquals(List.of(), resolved.databaseNames());
        assertEquals("default-bucket", resolved.bucket());
        assertEquals(365, resolved.retentionDays());
        assertEquals("GLACIER_IR", resolved.storageClass());
        assertEquals(100L << 30, resolved.allocatedBytes());
    }

    @Test
    void tagsOverrideTheDefaults() {
        ArchiveInstance resolved = tags.resolve(instance("postgres", Map.of("arch:DbEngine", "mariadb",
                "arch:AutomatedBackupSecret", "cold-archiving/other", "arch:DB_name", "a:b c:a",
                "arch:AutomatedDBDumpS3Bucket", "team-bucket", "arch:RetentionDays", "3650",
                "arch:StorageClass", "DEEP_ARCHIVE", "arch:DynamoDBtable", "team-journal")));
        assertEquals(Engine.MARIADB, resolved.engine());
        assertEquals("cold-archiving/other", resolved.secretName());
        assertEquals(List.of("a", "b c"), resolved.databaseNames());
        assertEquals("team-bucket", resolved.bucket());
        assertEquals("team-journal", resolved.journalTable());
        assertEquals(3650, resolved.retentionDays());
        assertEquals("DEEP_ARCHIVE", resolved.storageClass());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "arch:AutomatedBackupSecret|prod/admin|cold-archiving/",
        "arch:AutomatedBackupSecret|cold-archiving/|cold-archiving/",
        "arch:AutomatedBackupSecret|cold-archiving/$(id)|cold-archiving/",
        "arch:RetentionDays|abc|whole number of days",
        "arch:RetentionDays|0|whole number of days",
        "arch:StorageClass|COLD|GLACIER_IR",
        "arch:AutomatedDBDumpS3Bucket|../x|S3 bucket",
        "arch:DynamoDBtable|a b|DynamoDB table",
        "arch:DB_name|a::b|separated by ':'",
        "arch:DbEngine|oracle|postgres, mysql or mariadb"})
    void aBadTagIsRefusedNamingTheInstanceTheTagAndTheFix(String tag, String value, String fix) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tags.resolve(instance("postgres", Map.of(tag, value))));
        assertTrue(e.getMessage().startsWith("Instance db-1: "), e.getMessage());
        assertTrue(e.getMessage().contains(fix), e.getMessage());
        if (!tag.equals("arch:DbEngine")) {
            assertTrue(e.getMessage().contains(tag + "="), e.getMessage());
        }
    }

    @Test
    void aNewlineInATagIsShownEscaped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tags.resolve(instance("postgres", Map.of("arch:DB_name", "a\nDROP"))));
        assertTrue(e.getMessage().contains("'a\\nDROP'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"mariadb,sales:mysql", "mysql,MySQL", "mariadb,information_schema", "mysql,performance_schema",
        "aurora-mysql,sys"})
    void aMysqlSystemSchemaIsRefusedWhilePasswordHashesAreLeftOut(String engine, String names) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tags.resolve(instance(engine, Map.of("arch:DB_name", names))));
        assertTrue(e.getMessage().contains("arch:DB_name='" + names + "'")
                && e.getMessage().contains("system schema") && e.getMessage().contains("remove it from the tag")
                && e.getMessage().contains("archive.include-password-hashes=true"), e.getMessage());

        tags.setIncludePasswordHashes(true);
        assertEquals(List.of(names.split(":")), tags.resolve(instance(engine, Map.of("arch:DB_name", names)))
                .databaseNames(), "archived as named once hashes are allowed");
    }

    @Test
    void postgresqlSystemDatabasesHoldNoPasswordAndAreArchivedAsNamed() {
        assertEquals(List.of("postgres", "template1"),
                tags.resolve(instance("postgres", Map.of("arch:DB_name", "postgres:template1"))).databaseNames());
    }
}
