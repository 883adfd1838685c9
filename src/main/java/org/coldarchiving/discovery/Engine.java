package org.coldarchiving.discovery;

import java.util.Locale;

/** The database engines cold-archiving can dump, and how RDS and the tags name them. */
public enum Engine {
    POSTGRESQL("postgresql"),
    MYSQL("mysql"),
    MARIADB("mariadb");

    private final String id;

    Engine(String id) {
        this.id = id;
    }

    /** Lower-case name used in S3 keys, journal rows and property names. */
    public String id() {
        return id;
    }

    /**
     * Maps an RDS engine name ({@code postgres}, {@code aurora-postgresql}, {@code mysql},
     * {@code aurora-mysql}, {@code mariadb}) or an {@code arch:DbEngine} tag value to an engine.
     */
    public static Engine fromName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "postgres", "postgresql", "aurora-postgresql":
                return POSTGRESQL;
            case "mysql", "aurora-mysql", "aurora":
                return MYSQL;
            case "mariadb":
                return MARIADB;
            default:
                throw new IllegalArgumentException("unknown database engine " + Quoted.of(name)
                        + ": use postgres, mysql or mariadb (RDS engine or tag arch:DbEngine)");
        }
    }
}
