package org.coldarchiving.restore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.coldarchiving.credentials.ClientOptions;
import org.coldarchiving.database.SqlNames;
import org.coldarchiving.dump.ChildProcesses;
import org.coldarchiving.journal.JournaledArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL custom-format archive's database-level properties (ALTER DATABASE ... SET, ALTER ROLE ... IN
 * DATABASE ... SET, the database's comment and privileges) applied to the restored database. pg_restore
 * writes them only with --create, and for the archived database's name, so they are read from the
 * archive's table of contents (its head, kept while it streamed: {@link ArchiveLoader}) and applied renamed.
 * With archive.restore.ownership=restoring-user the privileges and role settings (which name roles the
 * target may not have) are left out, as the objects' owners and grants are.
 */
public class DatabaseProperties {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseProperties.class);
    /** The database name of a database-level statement: after its first "DATABASE ", quoted or bare. */
    private static final Pattern DATABASE_NAME = Pattern.compile(
            "^(?:ALTER DATABASE |COMMENT ON DATABASE |(?:GRANT|REVOKE) [^\"]*? ON DATABASE |ALTER ROLE (?:\"(?:[^\"]|\"\")*\"|\\S+) IN DATABASE )"
                    + "(\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)");
    private final RestoreCommands commands;

    public DatabaseProperties(RestoreCommands commands) {
        this.commands = commands;
    }

    /** Applies the properties in the archive's head (null: not a custom-format archive) to the plan's database. */
    public void apply(Path head, JournaledArchive archive, RestorePlan plan) throws IOException, RestoreFailedException {
        if (head == null) {
            return;
        }
        Path list = Files.createTempFile("cold-archiving-toc", ".list");
        try {
            String pgRestore = commands.postgresClient("pg_restore");
            List<String> entries = run(List.of(pgRestore, "--create", "--list", head.toString()), null).lines()
                    .filter(l -> l.matches("\\d+; .*(DATABASE PROPERTIES|COMMENT - DATABASE"
                            + (commands.keepsOwnership() ? "|ACL - DATABASE" : "") + ") .*"))
                    .toList();
            if (entries.isEmpty()) {
                return;
            }
            Files.write(list, entries);
            String sql = run(List.of(pgRestore, "--create", "--use-list=" + list, "--file=-", head.toString()), null);
            List<String> statements = new ArrayList<>();
            for (String line : sql.lines().toList()) {
                boolean roleSetting = line.matches("ALTER ROLE .* IN DATABASE .*");
                if (line.matches("(COMMENT ON DATABASE|ALTER DATABASE \\S.* SET|GRANT|REVOKE) .*")
                        || (roleSetting && commands.keepsOwnership())) {
                    statements.add(renamed(line, archive.database(), plan.loadInto()));
                }
            }
            if (statements.isEmpty()) {
                return;
            }
            var server = plan.server();
            run(List.of(pgRestore.replaceAll("pg_restore$", "psql"), "--no-psqlrc", "--quiet", "--no-password",
                    "--set=ON_ERROR_STOP=1", "--dbname=" + ClientOptions.postgresConninfo(server, plan.loadInto())),
                    ClientOptions.postgresEnvironment(server),
                    String.join("\n", statements) + "\n");
            LOG.info("{}: {} database-level properties applied to {}", archive.describe(), statements.size(),
                    plan.target());
        } finally {
            Files.deleteIfExists(list);
            Files.deleteIfExists(head);
        }
    }

    /**
     * One statement of the archive's database properties, its database name (after {@code DATABASE}: bare
     * or double-quoted, however pg_dump chose to write it) read as an identifier and, when it is the
     * archived database, replaced by the restored one's, always quoted. A statement naming any other
     * database is refused: it would run against a database this restore did not make (the source itself
     * when it lives on the target server).
     */
    static String renamed(String statement, String source, String target) throws RestoreFailedException {
        Matcher m = DATABASE_NAME.matcher(statement);
        if (m.find()) {
            String written = m.group(1);
            String name = written.startsWith("\"") ? written.substring(1, written.length() - 1).replace("\"\"", "\"")
                    : written.toLowerCase(Locale.ROOT);
            if (name.equals(source)) {
                return statement.substring(0, m.start(1)) + SqlNames.postgres(target) + statement.substring(m.end(1));
            }
        }
        throw new RestoreFailedException("the database-level properties could not be applied: a statement of the "
                + "archive does not name the archived database " + source + " and is not run: "
                + statement.lines().findFirst().orElse("").substring(0, Math.min(200, statement.length())));
    }

    private static String run(List<String> argv, Map<String, String> env) throws IOException, RestoreFailedException {
        return run(argv, env == null ? Map.of() : env, null);
    }

    private static String run(List<String> argv, Map<String, String> env, String input)
            throws IOException, RestoreFailedException {
        Process process = ChildProcesses.builder(argv, env).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new RestoreFailedException("the database-level properties could not be applied: "
                        + argv.get(0) + " failed: " + out.lines().limit(20).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while applying the database-level properties", e);
        }
        return out;
    }
}
