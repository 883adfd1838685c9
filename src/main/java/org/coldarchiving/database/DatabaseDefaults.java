package org.coldarchiving.database;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.run.ArchiveTarget;

/**
 * A MySQL/MariaDB database's own defaults, which mariadb-dump leaves out of a one-database dump (they are in
 * its CREATE DATABASE, written only with --databases, which would also pin the restore to the archived
 * name): the default character set and collation (inherited by the tables, routines, triggers, events and
 * sequences created without one) and, on MariaDB, the database's comment. They are written at the head of
 * the dump as ALTER DATABASE statements without a name, which apply to the database the dump is loaded into.
 */
public class DatabaseDefaults {

    private static final String MARIADB = "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, SCHEMA_COMMENT "
            + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";
    private static final String MYSQL = "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, '' "
            + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?";

    /** The dump of a MySQL/MariaDB database, after the statements that give its target the same defaults. */
    public InputStream prependTo(InputStream dump, ArchiveTarget target, DbConnection connection) throws SQLException {
        if (connection.engine() == Engine.POSTGRESQL || target.isInstanceArchive()) {
            return dump;
        }
        String sql;
        try {
            sql = sql(target.database(), connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(dump, e); // stops the dump tool, already started
            throw e;
        }
        return sql.isEmpty() ? dump
                : new SequenceInputStream(new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8)), dump);
    }

    private static void closeQuietly(InputStream dump, Exception cause) {
        try {
            dump.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static String sql(String database, DbConnection connection) throws SQLException {
        try (Connection db = ServerConnections.open(connection);
                PreparedStatement st = db.prepareStatement(connection.engine() == Engine.MARIADB ? MARIADB : MYSQL)) {
            st.setString(1, database);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                StringBuilder sql = new StringBuilder("-- The archived database's defaults (cold-archiving), applied to "
                        + "the database this dump is loaded into\n")
                        .append("ALTER DATABASE CHARACTER SET ").append(rs.getString(1)).append(" COLLATE ")
                        .append(rs.getString(2)).append(";\n");
                String comment = rs.getString(3);
                if (comment != null && !comment.isEmpty()) {
                    sql.append("ALTER DATABASE COMMENT '").append(comment.replace("\\", "\\\\").replace("'", "''"))
                            .append("';\n");
                }
                return sql.toString();
            }
        }
    }
}
