package org.coldarchiving.discovery;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.coldarchiving.credentials.DbConnection;

/**
 * Lists the databases of an instance to archive: the ones named by {@code arch:DB_name}, or else every
 * non-system database the server reports over SQL.
 */
public class DatabaseLister {

    private static final Set<String> POSTGRES_SYSTEM = Set.of("postgres", "rdsadmin", "template0", "template1");
    private static final Set<String> MYSQL_SYSTEM = Set.of("information_schema", "mysql", "performance_schema", "sys",
            "rdsadmin", "innodb", "tmp");
    private static final int CONNECT_TIMEOUT_SECONDS = 30;

    public List<String> databases(ArchiveInstance instance, DbConnection connection) throws SQLException {
        if (!instance.databaseNames().isEmpty()) {
            return instance.databaseNames();
        }
        boolean postgres = instance.engine() == Engine.POSTGRESQL;
        String sql = postgres
                ? "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname"
                : "SHOW DATABASES";
        Set<String> system = postgres ? POSTGRES_SYSTEM : MYSQL_SYSTEM;
        List<String> names = new ArrayList<>();
        try (Connection db = connect(connection); Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (!system.contains(name)) {
                    names.add(name);
                }
            }
        } catch (SQLException e) {
            throw new SQLException("Listing the databases of " + connection + " failed: " + e.getMessage()
                    + " (or name them with tag arch:DB_name)", e.getSQLState());
        }
        return names;
    }

    private static Connection connect(DbConnection c) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", c.username());
        props.setProperty("password", c.password());
        props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        String url;
        if (c.engine() == Engine.POSTGRESQL) {
            url = "jdbc:postgresql://" + hostPort(c) + "/postgres";
            props.setProperty("sslmode", c.sslMode());
            if (!c.caBundle().isEmpty()) {
                props.setProperty("sslrootcert", c.caBundle());
            }
            props.setProperty("ApplicationName", "cold-archiving");
        } else {
            url = "jdbc:mariadb://" + hostPort(c) + "/";
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
