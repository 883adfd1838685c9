package org.coldarchiving.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The database name in the archive's database-level statements, written bare or quoted as pg_dump chose,
 * is read as an identifier: the archived database's statements go to the restored one, and a statement
 * naming any other database is refused rather than run against it.
 */
class DatabasePropertiesTest {

    static final String TARGET = "cold_archiving_restore_20260101000000_0123456789";
    static final String QUOTED_TARGET = "\"" + TARGET + "\"";

    @Test
    void everyFormOfStatementIsRenamedWhateverTheQuoting() throws Exception {
        assertEquals("ALTER DATABASE " + QUOTED_TARGET + " SET work_mem TO '7MB';",
                DatabaseProperties.renamed("ALTER DATABASE \"order\" SET work_mem TO '7MB';", "order", TARGET));
        assertEquals("COMMENT ON DATABASE " + QUOTED_TARGET + " IS 'DATABASE \"order\" x';",
                DatabaseProperties.renamed("COMMENT ON DATABASE \"order\" IS 'DATABASE \"order\" x';", "order",
                        TARGET));
        assertEquals("GRANT CONNECT,TEMPORARY ON DATABASE " + QUOTED_TARGET + " TO \"Reader\";",
                DatabaseProperties.renamed("GRANT CONNECT,TEMPORARY ON DATABASE \"pay$day\" TO \"Reader\";",
                        "pay$day", TARGET));
        assertEquals("ALTER ROLE \"a b\" IN DATABASE " + QUOTED_TARGET + " SET search_path TO app;",
                DatabaseProperties.renamed("ALTER ROLE \"a b\" IN DATABASE shop SET search_path TO app;", "shop",
                        TARGET));
        assertEquals("REVOKE ALL ON DATABASE " + QUOTED_TARGET + " FROM PUBLIC;",
                DatabaseProperties.renamed("REVOKE ALL ON DATABASE \"Sh\"\"op\" FROM PUBLIC;", "Sh\"op", TARGET));
    }

    @Test
    void aStatementNamingAnotherDatabaseIsRefused() {
        RestoreFailedException refused = assertThrows(RestoreFailedException.class,
                () -> DatabaseProperties.renamed("ALTER DATABASE \"order\" SET work_mem TO '7MB';", "orders", TARGET));
        assertTrue(refused.getMessage().contains("does not name the archived database orders"), refused::getMessage);
        assertThrows(RestoreFailedException.class,
                () -> DatabaseProperties.renamed("ALTER DATABASE order SET work_mem TO '7MB';", "Order", TARGET));
    }
}
