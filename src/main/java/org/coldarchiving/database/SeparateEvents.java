package org.coldarchiving.database;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.run.ArchiveTarget;

/**
 * The events of a MySQL/MariaDB database whose name mariadb-dump cannot dump events for: with a quote,
 * a double quote or a backslash in the name, {@code mariadb-dump --events} fails ("Unknown database ...
 * when selecting the database"). Such a database is dumped without {@code --events} (see
 * DumpCommands#needsSeparateEvents) and its events, read with SHOW CREATE EVENT, are appended to the
 * dump as the SQL mariadb-dump would have written: each with its sql_mode, time zone and character set.
 */
public class SeparateEvents {

    private static final String EVENTS = "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? "
            + "ORDER BY EVENT_NAME";

    private boolean dumpsEvents;

    /** archive.dump.mysql-options: events are archived only when they ask for them (--events). */
    public void setMysqlOptions(String mysqlOptions) {
        this.dumpsEvents = List.of(mysqlOptions.trim().split("\\s+")).contains("--events");
    }

    /** True when mariadb-dump cannot dump this database's events itself. */
    public static boolean needed(Engine engine, String database) {
        return engine != Engine.POSTGRESQL && database.chars().anyMatch(c -> c == '\'' || c == '"' || c == '\\');
    }

    /**
     * The SQL that creates the database's events, when mariadb-dump cannot dump them itself and the dump
     * options ask for events; else empty. Read before the dump starts.
     */
    public String sql(ArchiveTarget target, DbConnection connection) throws SQLException {
        return dumpsEvents && !target.isInstanceArchive() && needed(connection.engine(), target.database())
                ? eventsSql(target.database(), connection) : "";
    }

    /** The dump, followed by the events' SQL (if any). */
    public InputStream appendTo(InputStream dump, String eventsSql) {
        return eventsSql == null || eventsSql.isEmpty() ? dump
                : new SequenceInputStream(dump, new ByteArrayInputStream(eventsSql.getBytes(StandardCharsets.UTF_8)));
    }

    private static String eventsSql(String database, DbConnection connection) throws SQLException {
        StringBuilder sql = new StringBuilder();
        try (Connection db = ServerConnections.open(connection)) {
            List<String> names = new ArrayList<>();
            try (PreparedStatement st = db.prepareStatement(EVENTS)) {
                st.setString(1, database);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            if (names.isEmpty()) {
                return "";
            }
            sql.append("\n--\n-- Events (dumped apart: mariadb-dump --events cannot select this database's name)\n--\n")
                    .append("DELIMITER ;;\n")
                    .append("SET @saved_cs_client = @@character_set_client;;\n")
                    .append("SET @saved_col_connection = @@collation_connection;;\n")
                    .append("SET @saved_sql_mode = @@sql_mode;;\n")
                    .append("SET @saved_time_zone = @@time_zone;;\n");
            try (Statement st = db.createStatement()) {
                for (String name : names) {
                    try (ResultSet rs = st.executeQuery("SHOW CREATE EVENT " + SqlNames.mysql(database) + "."
                            + SqlNames.mysql(name))) {
                        rs.next();
                        sql.append("SET character_set_client = ").append(literal(rs.getString("character_set_client")))
                                .append(";;\n")
                                .append("SET collation_connection = ")
                                .append(literal(rs.getString("collation_connection"))).append(";;\n")
                                .append("SET sql_mode = ").append(literal(rs.getString("sql_mode"))).append(";;\n")
                                .append("SET time_zone = ").append(literal(rs.getString("time_zone"))).append(";;\n")
                                .append(rs.getString("Create Event")).append(" ;;\n");
                    }
                }
            }
            sql.append("SET time_zone = @saved_time_zone;;\n")
                    .append("SET sql_mode = @saved_sql_mode;;\n")
                    .append("SET character_set_client = @saved_cs_client;;\n")
                    .append("SET collation_connection = @saved_col_connection;;\n")
                    .append("DELIMITER ;\n");
        }
        return sql.toString();
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
