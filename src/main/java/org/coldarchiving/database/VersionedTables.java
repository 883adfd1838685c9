package org.coldarchiving.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.run.ArchiveTarget;

/**
 * Finds the system-versioned tables of a MariaDB database and how each is versioned: a transaction-precise
 * table has a {@code BIGINT UNSIGNED} row-start column, a timestamp-based one a {@code TIMESTAMP(6)} (the
 * implicit {@code row_start} column of {@code WITH SYSTEM VERSIONING} is always a timestamp and is not
 * listed in information_schema.COLUMNS).
 */
public class VersionedTables {

    private static final String VERSIONED = "SELECT t.TABLE_NAME, EXISTS (SELECT 1 FROM information_schema.COLUMNS c "
            + "WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME "
            + "AND c.GENERATION_EXPRESSION = 'ROW START' AND c.DATA_TYPE = 'bigint') "
            + "FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'SYSTEM VERSIONED' "
            + "ORDER BY t.TABLE_NAME";

    public SystemVersioning find(ArchiveTarget target, DbConnection connection) throws SQLException {
        if (connection.engine() != Engine.MARIADB || target.isInstanceArchive()) {
            return SystemVersioning.NONE;
        }
        List<String> timestamp = new ArrayList<>();
        List<String> transactionPrecise = new ArrayList<>();
        try (Connection db = ServerConnections.open(connection);
                PreparedStatement st = db.prepareStatement(VERSIONED)) {
            st.setString(1, target.database());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    (rs.getBoolean(2) ? transactionPrecise : timestamp).add(rs.getString(1));
                }
            }
        }
        return new SystemVersioning(List.copyOf(timestamp), List.copyOf(transactionPrecise));
    }
}
