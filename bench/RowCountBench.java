import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.database.SystemVersioning;
import org.coldarchiving.discovery.Engine;
import org.coldarchiving.dump.DumpCommand;
import org.coldarchiving.dump.DumpInfo;
import org.coldarchiving.dump.DumpProcesses;
import org.coldarchiving.dump.HistoryCoverage;
import org.coldarchiving.manifest.CountedDump;
import org.coldarchiving.manifest.CountedDumps;
import org.coldarchiving.manifest.SqlDumpRows;
import org.coldarchiving.store.Compression;

/**
 * What counting the rows of a MariaDB dump stream costs the archive's stream (bench/row-count.sh runs it).
 * Each repetition runs, in turn, on the same database:
 *   raw      mariadb-dump read to its end (the dump tool's own speed)
 *   stream   mariadb-dump -> zstd -3 (2 workers) -> SHA-256, as ArchiveUploader does without S3
 *   counted  the same, the dump read through CountedDumps (the production class: SqlDumpRows on every byte)
 *   raw-counted  mariadb-dump read through CountedDumps to its end, nothing else (does the count keep up?)
 * and, on the first 64 MiB of the dump held in memory (no process, no I/O: the CPU cost alone),
 *   mem-sha256   SHA-256 of them (what the uploader already does to every stored byte)
 *   mem-count    SqlDumpRows over them
 * Prints one CSV line per run and the medians, counted / stream (the cost of the manifest to the archive's
 * stream), raw-counted / raw and mem-count / mem-sha256.
 */
public class RowCountBench {

    public static void main(String[] args) throws Exception {
        String database = args[0];
        int reps = Integer.parseInt(args[1]);
        int port = Integer.parseInt(System.getenv("STACK_MARIADB_PORT"));
        String password = System.getenv("STACK_ADMIN_PASSWORD");
        DumpCommand dump = new DumpCommand(List.of("mariadb-dump", "--no-defaults", "--host=127.0.0.1", "--port=" + port,
                "--user=root", "--ssl", "--single-transaction", "--quick", "--routines", "--triggers", "--events",
                "--hex-blob", "--no-tablespaces", "--", database), Map.of("MYSQL_PWD", password),
                new DumpInfo("sql", "mariadb-dump", HistoryCoverage.NONE));
        DbConnection connection = new DbConnection("bench", Engine.MARIADB, "127.0.0.1", port, "root", password,
                "require", "");
        DumpProcesses processes = new DumpProcesses();
        CountedDumps counted = new CountedDumps(processes);
        Map<String, List<Double>> seconds = new java.util.LinkedHashMap<>();
        System.out.println("rep,method,seconds,dump_bytes,rows");
        for (int rep = 1; rep <= reps; rep++) {
            for (String method : List.of("raw", "stream", "counted", "raw-counted", "mem-sha256", "mem-count")) {
                long start = System.nanoTime();
                long bytes;
                long rows = -1;
                switch (method) {
                    case "raw" -> bytes = drain(processes.start(dump), false);
                    case "stream" -> bytes = drain(processes.start(dump), true);
                    case "mem-sha256" -> {
                        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                        byte[] data = slice(processes, dump);
                        start = System.nanoTime();
                        sha256.update(data);
                        sha256.digest();
                        bytes = data.length;
                    }
                    case "mem-count" -> {
                        byte[] data = slice(processes, dump);
                        start = System.nanoTime();
                        SqlDumpRows sql = new SqlDumpRows();
                        for (int i = 0; i < data.length; i += 1 << 20) {
                            sql.update(data, i, Math.min(1 << 20, data.length - i));
                        }
                        rows = sql.rows().values().stream().mapToLong(Long::longValue).sum();
                        bytes = data.length;
                    }
                    case "raw-counted" -> {
                        CountedDump stream = counted.start(null, connection, SystemVersioning.NONE, dump);
                        bytes = drain(stream, false);
                        rows = stream.tables().stream().mapToLong(t -> t.rows()).sum();
                    }
                    default -> {
                        CountedDump stream = counted.start(null, connection, SystemVersioning.NONE, dump);
                        bytes = drain(stream, true);
                        rows = stream.tables().stream().mapToLong(t -> t.rows()).sum();
                    }
                }
                double s = (System.nanoTime() - start) / 1e9;
                seconds.computeIfAbsent(method, m -> new ArrayList<>()).add(s);
                System.out.printf(Locale.ROOT, "%d,%s,%.3f,%d,%d%n", rep, method, s, bytes, rows);
            }
        }
        double stream = median(seconds.get("stream"));
        double withCount = median(seconds.get("counted"));
        System.out.printf(Locale.ROOT, "medians: raw %.3f s, stream %.3f s, counted %.3f s, raw-counted %.3f s, "
                + "mem-sha256 %.3f s, mem-count %.3f s%n", median(seconds.get("raw")), stream, withCount,
                median(seconds.get("raw-counted")), median(seconds.get("mem-sha256")), median(seconds.get("mem-count")));
        System.out.printf(Locale.ROOT, "counted / stream = %.3f; raw-counted / raw = %.3f; mem-count / mem-sha256 = %.3f%n",
                withCount / stream, median(seconds.get("raw-counted")) / median(seconds.get("raw")),
                median(seconds.get("mem-count")) / median(seconds.get("mem-sha256")));
    }

    /** Reads a dump to its end, through zstd and SHA-256 as the uploader does (or not); returns its bytes. */
    static long drain(InputStream dump, boolean compressAndHash) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        OutputStream hashed = new OutputStream() {
            @Override
            public void write(int b) {
                sha256.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sha256.update(b, off, len);
            }
        };
        long total = 0;
        byte[] buffer = new byte[1 << 20];
        try (dump; OutputStream out = compressAndHash ? Compression.ZSTD.wrap(hashed, 3, 2) : OutputStream.nullOutputStream()) {
            int n;
            while ((n = dump.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    private static byte[] cached;

    /** The first 64 MiB of the dump (read once). */
    static byte[] slice(DumpProcesses processes, DumpCommand dump) throws Exception {
        if (cached == null) {
            try (InputStream in = processes.start(dump)) {
                cached = in.readNBytes(64 << 20);
            }
        }
        return cached;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }
}
