package org.coldarchiving.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.DatabaseToArchive;
import org.coldarchiving.discovery.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the databases of an instance to archive, with their sizes: the ones named by
 * {@code arch:DB_name}, or else every non-system database the server reports over SQL. The sizes let
 * the upload choose parts big enough for S3's 10,000-part limit; when they cannot be read for named
 * databases, archiving goes on with the instance's allocated storage as the estimate.
 */
public class DatabaseLister {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseLister.class);
    private static final Set<String> POSTGRES_SYSTEM = Set.of("postgres", "rdsadmin", "template0", "template1");
    private static final Set<String> MYSQL_SYSTEM = Set.of("information_schema", "mysql", "performance_schema", "sys",
            "rdsadmin", "innodb", "tmp");
    private static final String POSTGRES_SIZES = "SELECT datname, pg_database_size(datname) FROM pg_database "
            + "WHERE datallowconn AND NOT datistemplate ORDER BY datname";
    private static final String MYSQL_SIZES = "SELECT s.schema_name, COALESCE(SUM(t.data_length + t.index_length), 0) "
            + "FROM information_schema.schemata s LEFT JOIN information_schema.tables t "
            + "ON t.table_schema = s.schema_name GROUP BY s.schema_name ORDER BY s.schema_name";

    public List<DatabaseToArchive> databases(ArchiveInstance instance, DbConnection connection) throws SQLException {
        Map<String, Long> sizes;
        int serverMajor = 0;
        try (Connection db = ServerConnections.open(connection)) {
            sizes = sizes(db, connection.engine());
            serverMajor = connection.engine() == Engine.POSTGRESQL
                    ? db.getMetaData().getDatabaseMajorVersion() : 0;
        } catch (SQLException e) {
            if (instance.databaseNames().isEmpty()) {
                throw new SQLException("Listing the databases of " + connection + " failed: " + e.getMessage()
                        + " (or name them with tag arch:DB_name)", e.getSQLState());
            }
            LOG.warn("Could not read the database sizes of {}: {}; estimating from allocated storage",
                    instance.instanceId(), e.getMessage());
            sizes = Map.of();
        }
        List<DatabaseToArchive> databases = new ArrayList<>();
        if (instance.databaseNames().isEmpty()) {
            Set<String> system = instance.engine() == Engine.POSTGRESQL ? POSTGRES_SYSTEM : MYSQL_SYSTEM;
            int major = serverMajor;
            sizes.forEach((name, size) -> {
                if (!system.contains(name)) {
                    databases.add(new DatabaseToArchive(name, size, major));
                }
            });
        } else {
            for (String name : instance.databaseNames()) {
                databases.add(new DatabaseToArchive(name, sizes.getOrDefault(name, 0L), serverMajor));
            }
        }
        return databases;
    }

    private static Map<String, Long> sizes(Connection db, Engine engine) throws SQLException {
        String sql = engine == Engine.POSTGRESQL ? POSTGRES_SIZES : MYSQL_SIZES;
        Map<String, Long> sizes = new TreeMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                sizes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return sizes;
    }
}
