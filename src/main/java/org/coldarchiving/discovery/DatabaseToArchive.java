package org.coldarchiving.discovery;

/**
 * A database of an instance, with the size the server reports for it (0 when unknown) and the
 * server's version.
 *
 * @param name          database name, exactly as the server knows it
 * @param reportedBytes size the server reports (pg_database_size, or data + index length)
 * @param serverMajor   the server's major version (PostgreSQL; 0 when unknown)
 */
public record DatabaseToArchive(String name, long reportedBytes, int serverMajor) {
}
