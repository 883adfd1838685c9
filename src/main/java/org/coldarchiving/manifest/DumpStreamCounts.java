package org.coldarchiving.manifest;

import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * MySQL/MariaDB: the rows counted in the dump's SQL as it streams to S3 ({@link SqlDumpRows}). Exact by
 * construction: the manifest says what the archive holds, whatever the server did meanwhile. Tables whose
 * history was dumped ({@code --dump-history}) hold every row version, and say so.
 */
final class DumpStreamCounts extends CountedDump {

    private final SqlDumpRows sql = new SqlDumpRows();
    private final Set<String> allVersions;
    private List<TableRows> tables;

    /** @param allVersions tables whose every row version is in the dump (their history was dumped) */
    DumpStreamCounts(InputStream dump, Set<String> allVersions) {
        super(dump);
        this.allVersions = allVersions;
    }

    @Override
    protected void passed(byte[] buffer, int offset, int length) {
        sql.update(buffer, offset, length);
    }

    @Override
    protected void dumpEnded() {
        tables = sql.rows().entrySet().stream()
                .map(e -> new TableRows(null, e.getKey(), e.getValue(), allVersions.contains(e.getKey())))
                .sorted(Comparator.comparing(TableRows::table))
                .toList();
    }

    @Override
    public String counted() {
        return Manifest.DUMP_STREAM;
    }

    @Override
    protected List<TableRows> counts() {
        return tables;
    }
}
