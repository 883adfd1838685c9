package org.coldarchiving.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stand-in for the restore task (issue 9) in the tests that restore an archive the application made:
 * {@link #restoreArchive} is the one method to replace by the restore task (archive.task=restore) when it
 * lands; its callers stay as they are.
 */
public final class ArchiveRestore {

    private ArchiveRestore() {
    }

    /**
     * Restores the archive a journal row describes into a new database of the local server (dropped first if
     * it exists), as its administrator, keeping owners and privileges: the object is read from S3, its
     * SHA-256 checked against the journal, decompressed, loaded with pg_restore / psql / mariadb. A
     * PostgreSQL archive's database-level properties (settings, role settings in the database, comment,
     * privileges), which pg_restore writes only with --create and for the archived database's name, are
     * applied to the target database.
     */
    public static void restoreArchive(LocalServices aws, Map<String, AttributeValue> row, String target)
            throws Exception {
        byte[] stored = aws.s3.getObjectAsBytes(r -> r.bucket(row.get("Bucket").s()).key(row.get("Key").s()))
                .asByteArray();
        if (!LocalServices.sha256(stored).equals(row.get("Sha256").s())) {
            throw new AssertionError("checksum mismatch: " + row.get("Key").s());
        }
        byte[] dump = decompress(stored, row.get("Compression").s());
        String engine = row.get("Engine").s();
        if ("postgresql".equals(engine)) {
            LocalServices.recreatePostgresDatabase(target);
            Map<String, String> env = Map.of("PGPASSWORD", LocalServices.ADMIN_PASSWORD);
            String conninfo = "host=127.0.0.1 port=" + LocalServices.PG_PORT + " user=postgres dbname='"
                    + target.replace("\\", "\\\\").replace("'", "\\'") + "'";
            if ("pgdump".equals(row.get("Format").s())) {
                LocalServices.restore(dump, env, "pg_restore", "--exit-on-error", "--dbname=" + conninfo);
                LocalServices.restore(databaseProperties(dump, row.get("Database").s(), target), env, "psql", "-q",
                        "-v", "ON_ERROR_STOP=1", "--dbname=" + conninfo);
            } else {
                LocalServices.restore(dump, env, "psql", "-q", "-v", "ON_ERROR_STOP=1", "--dbname=" + conninfo);
            }
        } else {
            LocalServices.recreateMariadbDatabase(target);
            LocalServices.restore(dump, Map.of("MYSQL_PWD", LocalServices.ADMIN_PASSWORD), "mariadb", "--no-defaults",
                    "-h", "127.0.0.1", "-P", Integer.toString(LocalServices.MARIADB_PORT),
                    "-u", "root", "--ssl", target);
        }
    }

    private static byte[] decompress(byte[] stored, String compression) throws IOException {
        return switch (compression) {
            case "zstd" -> LocalServices.unzstd(stored);
            case "gzip" -> {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
                    yield in.readAllBytes();
                }
            }
            default -> stored;
        };
    }

    /**
     * The statements of a custom-format archive's database entries (DATABASE PROPERTIES, COMMENT and ACL on
     * the database), renamed from the archived database to the target.
     */
    private static byte[] databaseProperties(byte[] dump, String source, String target) throws Exception {
        Path archive = Files.createTempFile("restore", ".pgdump");
        Path list = Files.createTempFile("restore", ".list");
        try {
            Files.write(archive, dump);
            List<String> entries = run("pg_restore", "--create", "--list", archive.toString()).lines()
                    .filter(l -> l.matches("\\d+; .*(DATABASE PROPERTIES|COMMENT - DATABASE|ACL - DATABASE) .*")).toList();
            Files.write(list, entries);
            String sql = run("pg_restore", "--create", "--use-list=" + list, "--file=-", archive.toString());
            List<String> statements = new ArrayList<>();
            for (String line : sql.lines().toList()) {
                if (line.matches("(COMMENT ON DATABASE|ALTER DATABASE \\S.* SET|ALTER ROLE .* IN DATABASE|GRANT|REVOKE) .*")) {
                    statements.add(line.replace("DATABASE " + identifier(source), "DATABASE " + identifier(target)));
                }
            }
            return (String.join("\n", statements) + "\n").getBytes(StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(list);
        }
    }

    /** A name as pg_dump writes it: bare when a plain lower-case identifier, else double-quoted. */
    private static String identifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String run(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + process.exitValue());
        }
        return out;
    }
}
