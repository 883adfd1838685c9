package org.coldarchiving.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The DEFINER rewrite of archive.restore.ownership=restoring-user, on mariadb-dump's own line shapes. */
class DefinerRewriteTest {

    static String rewrite(String dump, int chunk) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        try (DefinerRewrite rewrite = new DefinerRewrite(out)) {
            for (int i = 0; i < bytes.length; i += chunk) {
                rewrite.write(bytes, i, Math.min(chunk, bytes.length - i));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void definersOfViewsTriggersRoutinesAndEventsBecomeTheRestoringUser() throws Exception {
        String dump = "/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n"
                + "/*!50003 CREATE*/ /*!50017 DEFINER=`app``s`@`%`*/ /*!50003 TRIGGER t AFTER UPDATE ON x */;;\n"
                + "CREATE DEFINER=`root`@`127.0.0.1` PROCEDURE `p`()\n"
                + "/*!50106 CREATE*/ /*!50117 DEFINER=`ops`@`10.%`*/ /*!50106 EVENT `e` ON SCHEDULE EVERY 1 DAY */;;\n";
        for (int chunk : new int[] {1, 7, 4096}) {
            assertEquals("/*!50013 DEFINER=CURRENT_USER SQL SECURITY DEFINER */\n"
                    + "/*!50003 CREATE*/ /*!50017 DEFINER=CURRENT_USER*/ /*!50003 TRIGGER t AFTER UPDATE ON x */;;\n"
                    + "CREATE DEFINER=CURRENT_USER PROCEDURE `p`()\n"
                    + "/*!50106 CREATE*/ /*!50117 DEFINER=CURRENT_USER*/ /*!50106 EVENT `e` ON SCHEDULE EVERY 1 DAY */;;\n",
                    rewrite(dump, chunk), "chunk " + chunk);
        }
    }

    @Test
    void rowDataAndLongLinesPassUntouched() throws Exception {
        String data = "INSERT INTO `t` VALUES (1,'DEFINER=`root`@`localhost` Größe'),(2,'\\n');\n";
        String longLine = "-- " + "x".repeat(70_000) + " DEFINER=`a`@`b`\n";
        String tail = "no newline at the end, DEFINER=`a`@`b`";
        String dump = data + longLine + tail;
        assertEquals(data + longLine + "no newline at the end, DEFINER=CURRENT_USER", rewrite(dump, 1000));
    }
}
