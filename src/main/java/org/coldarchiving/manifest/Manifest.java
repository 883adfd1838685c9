package org.coldarchiving.manifest;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * What an archive holds, table by table: the exact row count of every table of the dumped snapshot,
 * stored beside the archive as {@code <archive key>.manifest.json}. A restore test checks a restored
 * database against it.
 *
 * @param engine      postgresql, mysql or mariadb
 * @param databaseId  {@code <instance-id>/<database>} (the journal's key)
 * @param database    the archived database
 * @param runId       the run that archived it
 * @param archiveKey  the archive object's key
 * @param counted     how the rows were counted: {@value #EXPORTED_SNAPSHOT} (PostgreSQL: in the transaction
 *                    whose exported snapshot pg_dump dumped) or {@value #DUMP_STREAM} (MySQL/MariaDB: the
 *                    rows of the dump's INSERT statements, as they streamed by)
 * @param tables      every table whose rows the archive holds, in a stable order
 */
public record Manifest(String engine, String databaseId, String database, String runId, String archiveKey,
        String counted, List<TableRows> tables) {

    public static final String EXPORTED_SNAPSHOT = "exported-snapshot";
    public static final String DUMP_STREAM = "dump-stream";
    /** Appended to the archive's key: the manifest's key. */
    public static final String KEY_SUFFIX = ".manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("manifest of " + databaseId + " cannot be written as JSON", e);
        }
    }

    /** A manifest read back; the error names {@code where} it came from, never quotes its content. */
    public static Manifest fromJson(byte[] json, String where) throws IOException {
        try {
            Manifest manifest = JSON.readValue(json, Manifest.class);
            if (manifest.tables() == null || manifest.engine() == null) {
                throw new IOException("manifest " + where + " has no engine or no tables");
            }
            return manifest;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("manifest " + where + " is not a manifest's JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
