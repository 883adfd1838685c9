package org.coldarchiving.discovery;

import java.util.ArrayList;
import java.util.List;

/**
 * A database of an instance, with the size the server reports for it (0 when unknown) and the
 * server's version; or the instance archive ({@link ArchiveKind#INSTANCE}: no name).
 *
 * @param name          database name, exactly as the server knows it (null for the instance archive)
 * @param reportedBytes size the server reports (pg_database_size, or data + index length)
 * @param serverMajor   the server's major version (PostgreSQL; 0 when unknown)
 * @param kind          a database, or the instance archive
 */
public record DatabaseToArchive(String name, long reportedBytes, int serverMajor, ArchiveKind kind) {

    public DatabaseToArchive(String name, long reportedBytes, int serverMajor) {
        this(name, reportedBytes, serverMajor, ArchiveKind.DATABASE);
    }

    /**
     * The databases of an instance followed by its instance archive (roles, users and grants), each
     * archived on its own by the same steps.
     */
    public static List<DatabaseToArchive> withInstanceArchive(List<DatabaseToArchive> databases) {
        List<DatabaseToArchive> all = new ArrayList<>(databases);
        int serverMajor = databases.stream().mapToInt(DatabaseToArchive::serverMajor).max().orElse(0);
        all.add(new DatabaseToArchive(null, 0, serverMajor, ArchiveKind.INSTANCE));
        return all;
    }
}
