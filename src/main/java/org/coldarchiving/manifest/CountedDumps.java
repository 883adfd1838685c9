package org.coldarchiving.manifest;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.database.SystemVersioning;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.dump.DumpCommand;
import org.coldarchiving.dump.DumpProcesses;
import org.coldarchiving.dump.HistoryCoverage;
import org.coldarchiving.run.ArchiveTarget;

/**
 * Starts a dump so that the exact rows of what it dumps are counted, each engine its exact way:
 * PostgreSQL in the snapshot pg_dump dumps ({@code pg_export_snapshot()} + {@code pg_dump --snapshot}),
 * MySQL/MariaDB in the dump's own SQL as it streams by (neither can hand a snapshot to another session).
 */
public class CountedDumps {

    private final DumpProcesses processes;

    public CountedDumps(DumpProcesses processes) {
        this.processes = processes;
    }

    public CountedDump start(ArchiveTarget target, DbConnection connection, SystemVersioning versioning,
            DumpCommand dump) throws IOException, SQLException {
        if (target.isInstanceArchive()) {
            return new InstanceDump(processes.start(dump));
        }
        if (connection.engine() != Engine.POSTGRESQL) {
            Set<String> allVersions = new HashSet<>();
            if (HistoryCoverage.INCLUDED.equals(dump.info().history())) {
                allVersions.addAll(versioning.timestampTables());
            }
            return new DumpStreamCounts(processes.start(dump), allVersions);
        }
        ExportedSnapshot snapshot = ExportedSnapshot.export(connection, target.database());
        try {
            return new SnapshotCounts(processes.start(dump.withSnapshot(snapshot.id())), snapshot);
        } catch (IOException | RuntimeException e) {
            snapshot.close();
            throw e;
        }
    }
}
