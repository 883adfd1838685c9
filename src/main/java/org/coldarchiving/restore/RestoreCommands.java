package org.coldarchiving.restore;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import org.coldarchiving.credentials.ClientOptions;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.dump.DumpTools;
import org.coldarchiving.dump.PgDumpSelector;
import org.coldarchiving.journal.JournaledArchive;

/**
 * Builds the restore tool's command line for one archive, chosen like the dump tool: pg_restore (custom
 * format) or psql (plain SQL) of the newest PostgreSQL client installed, mariadb or mysql for SQL dumps of
 * those engines. The database name and server come from the plan, inside one argument each; the password
 * goes into the child's environment only.
 *
 * <p>archive.restore.ownership: {@code restoring-user} (default) makes the restoring user own what is
 * restored: pg_restore {@code --no-owner --no-acl}, and MariaDB/MySQL DEFINERs rewritten to
 * CURRENT_USER, so a restore works without the archived roles and users; {@code archived} keeps the
 * archived owners, grants and definers (they must exist on the target: restore the instance's roles
 * and users first).
 */
public class RestoreCommands {

    private final DumpTools tools;
    private String postgresqlClients;
    private String mariadbCommand;
    private String mysqlCommand;
    private boolean keepOwnership;

    public RestoreCommands(DumpTools tools) {
        this.tools = tools;
    }

    public void setPostgresqlClients(String postgresqlClients) {
        this.postgresqlClients = postgresqlClients;
    }

    public void setMariadbCommand(String mariadbCommand) {
        this.mariadbCommand = mariadbCommand;
    }

    public void setMysqlCommand(String mysqlCommand) {
        this.mysqlCommand = mysqlCommand;
    }

    public void setOwnership(String ownership) {
        String value = ownership == null ? "" : ownership.trim();
        if (!"restoring-user".equals(value) && !"archived".equals(value)) {
            throw new IllegalArgumentException("archive.restore.ownership=" + ownership + " is not valid: use "
                    + "restoring-user (what is restored belongs to the restoring user) or archived (the archived "
                    + "owners, grants and DEFINERs, which must exist on the target server)");
        }
        this.keepOwnership = "archived".equals(value);
    }

    /** What restoring-user ownership does, for the restore's log line (null with archived ownership). */
    public String ownershipNote(JournaledArchive archive) {
        if (keepOwnership) {
            return null;
        }
        return switch (archive.engine()) {
            case POSTGRESQL -> "pgdump".equals(archive.format())
                    ? "objects are owned by the restoring user and archived grants are not applied "
                            + "(archive.restore.ownership=restoring-user)"
                    : null;
            default -> "DEFINERs of views, triggers, routines and events are the restoring user "
                    + "(archive.restore.ownership=restoring-user)";
        };
    }

    public LoadCommand build(JournaledArchive archive, RestorePlan plan) {
        var server = plan.server();
        Map<String, String> env = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>();
        switch (archive.engine()) {
            case POSTGRESQL -> {
                boolean custom = "pgdump".equals(archive.format());
                String conninfo = ClientOptions.postgresConninfo(server, plan.loadInto());
                argv.add(postgresClient(custom ? "pg_restore" : "psql"));
                argv.add("--no-password");
                if (custom) {
                    argv.add("--exit-on-error");
                    if (!keepOwnership) {
                        argv.add("--no-owner");
                        argv.add("--no-acl");
                    }
                } else {
                    argv.addAll(List.of("--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1"));
                }
                argv.add("--dbname=" + conninfo);
                env.putAll(ClientOptions.postgresEnvironment(server));
            }
            case MARIADB, MYSQL -> {
                String tool = archive.engine() == Engine.MARIADB ? mariadbCommand
                        : mysqlCommand;
                argv.addAll(ClientOptions.mysqlClient(tool, server, tools.isMariaDbClient(tool)));
                argv.add("--binary-mode");
                argv.add("--database=" + plan.loadInto());
                env.putAll(ClientOptions.mysqlEnvironment(server));
            }
        }
        return new LoadCommand(List.copyOf(argv), env,
                archive.engine() != Engine.POSTGRESQL && !keepOwnership);
    }

    /** True with archive.restore.ownership=archived: owners, grants and DEFINERs as archived. */
    public boolean keepsOwnership() {
        return keepOwnership;
    }

    /**
     * pg_restore or psql of the newest client installed: a restore tool reads archives of its own and
     * older versions.
     */
    String postgresClient(String name) {
        NavigableMap<Integer, String> installed = PgDumpSelector.installed(postgresqlClients);
        if (installed.isEmpty()) {
            return name;
        }
        File tool = new File(new File(installed.lastEntry().getValue()).getParentFile(), name);
        return tool.canExecute() ? tool.getPath() : name;
    }
}
