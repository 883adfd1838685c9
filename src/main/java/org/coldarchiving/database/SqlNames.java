package org.coldarchiving.database;

/**
 * Names (databases, schemas, tables, events) written into SQL the application sends: quoted so that any
 * name, hostile ones included, stays one identifier.
 */
public final class SqlNames {

    private SqlNames() {
    }

    /** A PostgreSQL identifier, double-quoted. */
    public static String postgres(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A MySQL/MariaDB identifier, in backticks. */
    public static String mysql(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
