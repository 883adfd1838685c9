package org.coldarchiving.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The dump-stream row counter against dump text whose rows were counted by hand: strings full of quotes,
 * parentheses, semicolons, backslashes and comment markers, hex and binary literals, column lists,
 * triggers and routines that contain INSERTs, and every split of the stream into reads.
 */
class SqlDumpRowsTest {

    /** A mariadb-dump of 5 tables: orders 4 rows, `we`ird``name` 3, empty 0, hist 3 (column list), g 2. */
    static final String DUMP = """
            /*M!999999\\- enable the sandbox mode */\s
            -- MariaDB dump 10.19  Distrib 10.11.14-MariaDB
            /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
            /*!40101 SET NAMES utf8mb4 */;
            --
            -- Table structure for table `orders`
            --

            DROP TABLE IF EXISTS `orders`;
            CREATE TABLE `orders` (
              `id` int(11) NOT NULL,
              `note` text DEFAULT NULL,
              `payload` varbinary(24) DEFAULT NULL,
              PRIMARY KEY (`id`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
            LOCK TABLES `orders` WRITE;
            /*!40000 ALTER TABLE `orders` DISABLE KEYS */;
            INSERT INTO `orders` VALUES (1,'it\\'s (a) \\"test\\"; INSERT INTO `orders` VALUES (9);',0x28293B27),\
            (2,'back\\\\slash\\\\',_binary 'x\\0y'),(3,'-- not a comment /* nor this */ ),(',NULL),
            (4,'doubled '' quote (',0x);
            /*!40000 ALTER TABLE `orders` ENABLE KEYS */;
            UNLOCK TABLES;
            DROP TABLE IF EXISTS `we``ird ``name`;
            CREATE TABLE `we``ird ``name` (
              `a;b` varchar(10) DEFAULT 'x;(y'
            );
            INSERT INTO `we``ird ``name` VALUES ('('),(')'),
            ('\\\\'),('\\'');
            CREATE TABLE `empty` (`id` int);
            CREATE TABLE `hist` (`id` int, `s` varchar(20)) WITH SYSTEM VERSIONING;
            INSERT INTO `hist` (`id`, `s`, row_start, row_end) VALUES (1,'a','2026-11-25 22:12:42.369315','2026-11-25 22:12:42.369962'),
            (1,'c','2026-11-25 22:12:42.369962','2038-01-19 03:14:07.999999'),
            (2,'(b)','2026-11-25 22:12:42.369315','2038-01-19 03:14:07.999999');
            CREATE TABLE `g` (`a` int, `b` int GENERATED ALWAYS AS (`a` + 1) VIRTUAL);
            DELIMITER ;;
            /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER tr AFTER INSERT ON e FOR EACH ROW INSERT INTO `g` (a) VALUES (NEW.id)
            */;;
            DELIMITER ;
            INSERT INTO `g` VALUES
            (1,2),
            (2,3);
            DELIMITER ;;
            CREATE DEFINER=`root`@`%` PROCEDURE `p`()
            BEGIN INSERT INTO `g` VALUES (1); INSERT INTO `g` VALUES (2),(3); END
            ;;
            DELIMITER ;
            /*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
            -- Dump completed
            """;

    static final Map<String, Long> EXPECTED = Map.of("orders", 4L, "we`ird `name", 4L, "empty", 0L, "hist", 3L,
            "g", 2L);

    @Test
    void countsTheRowsOfEveryTableOfAHandCheckedDump() {
        assertEquals(EXPECTED, count(DUMP.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE));
    }

    @Test
    void countsTheSameWhateverTheReadsTheStreamArrivesIn() {
        byte[] dump = DUMP.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 3, 7, 64}) {
            assertEquals(EXPECTED, count(dump, chunk), "read in pieces of " + chunk + " bytes");
        }
    }

    @Test
    void bytesThatAreNotUtf8InsideStringsChangeNothing() {
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        dump.writeBytes("CREATE TABLE `bin` (`b` blob);\nINSERT INTO `bin` VALUES ('".getBytes(StandardCharsets.UTF_8));
        dump.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, '(', '\\', '\'', ')', 0, (byte) 0x80});
        dump.writeBytes("'),('\\\\'),(0xFF28);\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("bin", 3L), count(dump.toByteArray(), 5));
    }

    @Test
    void insertIgnoreReplaceAndSeveralStatementsOfOneTableAddUp() {
        String dump = "CREATE TABLE `t` (`id` int);\nINSERT IGNORE INTO `t` VALUES (1),(2);\n"
                + "REPLACE INTO `t` VALUES (3);\nINSERT INTO `t` VALUES (4),(5),(6);\n";
        assertEquals(Map.of("t", 6L), count(dump.getBytes(StandardCharsets.UTF_8), 4));
    }

    @Test
    void aLastStatementWithoutDelimiterCounts() {
        assertEquals(Map.of("t", 2L), count("INSERT INTO `t` VALUES (1),(2)".getBytes(StandardCharsets.UTF_8), 100));
    }

    static Map<String, Long> count(byte[] dump, int chunk) {
        SqlDumpRows rows = new SqlDumpRows();
        for (int i = 0; i < dump.length; i += chunk) {
            rows.update(dump, i, Math.min(chunk, dump.length - i));
        }
        return rows.rows();
    }
}
