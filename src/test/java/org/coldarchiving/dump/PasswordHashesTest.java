package org.coldarchiving.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.coldarchiving.discovery.Engine;
import org.coldarchiving.run.ArchiveTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The credential clauses of the statements MariaDB's mariadb-dump --system=users and MySQL's SHOW CREATE
 * USER / SHOW GRANTS write, each removed, and an account that had one created locked. (The whole stream is
 * tested against the real server in InstanceArchiveTest.)
 */
class PasswordHashesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // mariadb-dump --system=users
        "CREATE USER IF NOT EXISTS `root`@`localhost` IDENTIFIED BY PASSWORD '*98084510096039C3BD708D85AD8B23562082CA92';"
            + "|CREATE USER IF NOT EXISTS `root`@`localhost` ACCOUNT LOCK;",
        "CREATE USER IF NOT EXISTS `app`@`10.%` IDENTIFIED VIA mysql_native_password USING '*B69027D44F6E5EDC07F1AEAD1477967B16F28227' OR unix_socket;"
            + "|CREATE USER IF NOT EXISTS `app`@`10.%` ACCOUNT LOCK;",
        "CREATE USER `ed`@`%` IDENTIFIED VIA ed25519 USING 'ZIgUREUg5PVgQ6LskhXmO+eZLS0nC8be6HPjYWR4YJY' REQUIRE SSL;"
            + "|CREATE USER `ed`@`%` REQUIRE SSL ACCOUNT LOCK;",
        "CREATE USER `old`@`%` IDENTIFIED BY PASSWORD '*AB' ACCOUNT LOCK PASSWORD EXPIRE;"
            + "|CREATE USER `old`@`%` ACCOUNT LOCK PASSWORD EXPIRE;",
        "GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` IDENTIFIED BY PASSWORD '*98084510096039C3BD708D85AD8B23562082CA92' WITH GRANT OPTION;"
            + "|GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION;",
        "GRANT USAGE ON *.* TO `app`@`10.%` IDENTIFIED VIA mysql_native_password USING '*B6' OR unix_socket;"
            + "|GRANT USAGE ON *.* TO `app`@`10.%`;",
        // MySQL: SHOW CREATE USER, the hash as a string or (print_identified_with_as_hex) as hex
        "CREATE USER 'u'@'%' IDENTIFIED WITH 'caching_sha2_password' AS '$A$005$x''y\\\\z' REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK;"
            + "|CREATE USER 'u'@'%' REQUIRE NONE PASSWORD EXPIRE DEFAULT ACCOUNT UNLOCK ACCOUNT LOCK;",
        "CREATE USER 'u'@'%' IDENTIFIED WITH 'caching_sha2_password' AS 0x244124303035 REQUIRE NONE;"
            + "|CREATE USER 'u'@'%' REQUIRE NONE ACCOUNT LOCK;",
        "CREATE USER 'n'@'%' IDENTIFIED WITH mysql_native_password AS '*AB';|CREATE USER 'n'@'%' ACCOUNT LOCK;",
        "SET PASSWORD FOR 'u'@'%' = '*AB';|-- SET PASSWORD removed (archive.include-password-hashes=false)",
        // nothing secret: unchanged
        "CREATE USER IF NOT EXISTS `root`@`::1`;|CREATE USER IF NOT EXISTS `root`@`::1`;",
        "CREATE USER `sock`@`localhost` IDENTIFIED VIA unix_socket;|CREATE USER `sock`@`localhost` IDENTIFIED VIA unix_socket;",
        "CREATE USER IF NOT EXISTS `mariadb.sys`@`localhost` ACCOUNT LOCK PASSWORD EXPIRE;"
            + "|CREATE USER IF NOT EXISTS `mariadb.sys`@`localhost` ACCOUNT LOCK PASSWORD EXPIRE;",
        "GRANT SELECT ON `test`.* TO `app`@`10.%`;|GRANT SELECT ON `test`.* TO `app`@`10.%`;",
    })
    void removesEveryCredentialAndLocksTheAccount(String line, String stripped) {
        assertEquals(stripped, PasswordHashes.stripLine(line));
    }

    @Test
    void aHashWithANewlineInItsBytesIsRemovedWhole() throws Exception {
        PasswordHashes hashes = new PasswordHashes();
        String dump = "CREATE USER `o'brien`@`%` IDENTIFIED WITH 'caching_sha2_password' AS '$A$005$a\nb''c\\\nd' "
                + "REQUIRE NONE;\nGRANT USAGE ON *.* TO `o'brien`@`%`;\n";
        ArchiveTarget target = DumpCommandsTest.instanceArchive(Engine.MYSQL);
        String out = new String(hashes.strip(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)), target)
                .readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(PasswordHashes.HEADER + "CREATE USER `o'brien`@`%` REQUIRE NONE ACCOUNT LOCK;\n"
                + "GRANT USAGE ON *.* TO `o'brien`@`%`;\n", out);
    }
}
