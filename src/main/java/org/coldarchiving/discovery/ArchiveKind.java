package org.coldarchiving.discovery;

/**
 * What an archive holds, journaled as its {@code Kind} (a journal row without it is a DATABASE archive:
 * rows written before instance archives existed).
 *
 * <ul>
 * <li>{@link #DATABASE}: one database (journal {@code DatabaseId} {@code <instance-id>/<database>});</li>
 * <li>{@link #INSTANCE}: what the databases of an instance need from it to be restored on another
 * server, once per instance and run: PostgreSQL roles, memberships, role settings and tablespaces
 * ({@code pg_dumpall --globals-only}), MySQL/MariaDB users, roles and grants ({@code mariadb-dump
 * --system=users}); journal {@code DatabaseId} {@code <instance-id>} (no '/': never a database's), no
 * {@code Database} attribute. Plain SQL, never restored as a database.</li>
 * </ul>
 */
public enum ArchiveKind {
    DATABASE, INSTANCE;

    /** The kind a journal row records; absent (rows older than this attribute) means DATABASE. */
    public static ArchiveKind fromJournal(String kind) {
        return kind == null || kind.isEmpty() ? DATABASE : valueOf(kind);
    }
}
