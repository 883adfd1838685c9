package org.coldarchiving.manifest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.database.ServerConnections;
import org.coldarchiving.database.SqlNames;
import org.coldarchiving.discovery.Engine;

/**
 * Checks a restored database against its archive's manifest: every table the manifest names exists and
 * has exactly the manifest's row count (a system-versioned table's rows counted over all its versions,
 * {@code FOR SYSTEM_TIME ALL}, when the manifest counted its history). Each difference is named.
 */
public class ManifestCheck {

    /** Opens a connection to the restored database on the given server and checks it. */
    public ManifestCheckResult check(Manifest manifest, DbConnection server, String restoredDatabase)
            throws SQLException {
        try (Connection db = ServerConnections.open(server, restoredDatabase)) {
            return check(manifest, db, restoredDatabase);
        }
    }

    /**
     * Checks through an open connection: on PostgreSQL connected to the restored database; on
     * MySQL/MariaDB tables are read as {@code `restoredDatabase`.`table`}.
     */
    public ManifestCheckResult check(Manifest manifest, Connection db, String restoredDatabase) throws SQLException {
        boolean postgres = Engine.fromName(manifest.engine()) == Engine.POSTGRESQL;
        db.setAutoCommit(true);
        List<String> differences = new ArrayList<>();
        for (TableRows table : manifest.tables()) {
            String sql = postgres
                    ? "SELECT count(*) FROM ONLY " + SqlNames.postgres(table.schema()) + "."
                            + SqlNames.postgres(table.table())
                    : "SELECT COUNT(*) FROM " + SqlNames.mysql(restoredDatabase) + "." + SqlNames.mysql(table.table())
                            + (table.allVersions() ? " FOR SYSTEM_TIME ALL" : "");
            long restored;
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                restored = rs.getLong(1);
            } catch (SQLException e) {
                if (missing(e)) {
                    differences.add("table " + table.describe() + " missing");
                    continue;
                }
                throw e;
            }
            if (restored != table.rows()) {
                differences.add("table " + table.describe() + ": " + table.rows() + " rows in the manifest"
                        + (table.allVersions() ? " (all row versions)" : "") + ", " + restored + " restored");
            }
        }
        return new ManifestCheckResult(manifest.tables().size(), List.copyOf(differences));
    }

    /** PostgreSQL: undefined table or schema; MySQL/MariaDB: no such table (1146). */
    private static boolean missing(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState()) || e.getErrorCode() == 1146;
    }
}
