package org.coldarchiving.database;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.Engine;

/**
 * JDBC connections to a database server, for the questions the application asks it over SQL (which
 * databases, how big, which tables are system-versioned), with the same TLS settings as the dump tool.
 */
public final class ServerConnections {

    private static final int CONNECT_TIMEOUT_SECONDS = 30;

    private ServerConnections() {
    }

    /** A connection to the server's maintenance database (PostgreSQL: postgres; MySQL/MariaDB: none). */
    public static Connection open(DbConnection c) throws SQLException {
        return open(c, c.engine() == Engine.POSTGRESQL ? "postgres" : "");
    }

    /**
     * A connection to one database of the server (PostgreSQL connects to it; MySQL/MariaDB name it as the
     * default schema, empty for none). The name travels percent-encoded in the URL, so any name works.
     */
    public static Connection open(DbConnection c, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", c.username());
        props.setProperty("password", c.password());
        String url;
        if (c.engine() == Engine.POSTGRESQL) {
            url = "jdbc:postgresql://" + hostPort(c) + "/"
                    + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
            props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
            props.setProperty("sslmode", c.sslMode());
            if (!c.caBundle().isEmpty()) {
                props.setProperty("sslrootcert", c.caBundle());
            }
            props.setProperty("ApplicationName", "cold-archiving");
        } else {
            url = "jdbc:mariadb://" + hostPort(c) + "/";
            if (!database.isEmpty()) {
                props.setProperty("database", database);
            }
            props.setProperty("sslMode", "require".equals(c.sslMode()) ? "trust" : c.sslMode());
            if (!c.caBundle().isEmpty()) {
                props.setProperty("serverSslCert", c.caBundle());
            }
            props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
        }
        return DriverManager.getConnection(url, props);
    }

    private static String hostPort(DbConnection c) {
        return (c.host().contains(":") ? "[" + c.host() + "]" : c.host()) + ":" + c.port();
    }
}
