package org.coldarchiving.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the database clients (dump and restore tools) are pointed at a server, the same way for both: a
 * quoted libpq conninfo for PostgreSQL tools, TLS flags for MySQL/MariaDB tools. Untrusted strings
 * (database names, hosts and users from secrets or tags) stay inside one argument.
 */
public final class ClientOptions {

    private ClientOptions() {
    }

    /**
     * A libpq conninfo string: every value single-quoted with backslash and quote escaped (a database
     * name containing {@code =} is never taken for options). No database (null): a tool that picks its own
     * (pg_dumpall).
     */
    public static String postgresConninfo(DbConnection c, String database) {
        StringBuilder info = new StringBuilder();
        append(info, "host", c.host());
        append(info, "port", Integer.toString(c.port()));
        if (database != null) {
            append(info, "dbname", database);
        }
        append(info, "user", c.username());
        append(info, "sslmode", c.sslMode());
        if (!c.caBundle().isEmpty()) {
            append(info, "sslrootcert", c.caBundle());
        }
        append(info, "application_name", "cold-archiving");
        return info.toString();
    }

    private static void append(StringBuilder info, String key, String value) {
        if (info.length() > 0) {
            info.append(' ');
        }
        info.append(key).append("='").append(value.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
    }

    /** The TLS options of a mysql/mariadb client for archive.db-ssl-mode (their flags differ). */
    public static List<String> mysqlTls(DbConnection c, boolean mariadbClient) {
        List<String> options = new ArrayList<>();
        String mode = c.sslMode();
        if (mariadbClient) {
            options.add("disable".equals(mode) ? "--skip-ssl" : "--ssl");
            if (mode.startsWith("verify")) {
                options.add("--ssl-verify-server-cert");
            }
        } else {
            options.add("--ssl-mode=" + switch (mode) {
                case "disable" -> "DISABLED";
                case "verify-ca" -> "VERIFY_CA";
                case "verify-full" -> "VERIFY_IDENTITY";
                default -> "REQUIRED";
            });
        }
        if (!c.caBundle().isEmpty() && !"disable".equals(mode)) {
            options.add("--ssl-ca=" + c.caBundle());
        }
        return options;
    }

    /** A mysql/mariadb client's start: the tool, no option files, the server, the user and TLS. */
    public static List<String> mysqlClient(String tool, DbConnection c, boolean mariadbClient) {
        List<String> argv = new ArrayList<>(List.of(tool, "--no-defaults", "--host=" + c.host(), "--port=" + c.port(),
                "--user=" + c.username()));
        argv.addAll(mysqlTls(c, mariadbClient));
        return argv;
    }

    /** The child environment of a PostgreSQL tool: the password (never in argv) and a connect timeout. */
    public static Map<String, String> postgresEnvironment(DbConnection c) {
        return Map.of("PGPASSWORD", c.password(), "PGCONNECT_TIMEOUT", "30");
    }

    /** The child environment of a mysql/mariadb tool: the password (never in argv). */
    public static Map<String, String> mysqlEnvironment(DbConnection c) {
        return Map.of("MYSQL_PWD", c.password());
    }
}
