package org.coldarchiving.routes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.coldarchiving.credentials.DbConnection;
import org.coldarchiving.database.DatabaseLister;
import org.coldarchiving.database.SystemVersioning;
import org.coldarchiving.database.VersionedTables;
import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.DatabaseToArchive;
import org.coldarchiving.discovery.RdsDiscovery;
import org.coldarchiving.discovery.TaggedInstance;
import org.coldarchiving.dump.DumpCommand;
import org.coldarchiving.dump.DumpCommands;
import org.coldarchiving.dump.DumpInfo;
import org.coldarchiving.dump.DumpProcesses;
import org.coldarchiving.dump.HistoryCoverage;
import org.coldarchiving.journal.Journal;
import org.coldarchiving.journal.JournalTtlCheck;
import org.coldarchiving.manifest.CountedDump;
import org.coldarchiving.manifest.CountedDumps;
import org.coldarchiving.manifest.Manifest;
import org.coldarchiving.manifest.ManifestStore;
import org.coldarchiving.manifest.StoredManifest;
import org.coldarchiving.manifest.TableRows;
import org.coldarchiving.recovery.ArchiveRecovery;
import org.coldarchiving.fleet.ArchiveLeases;
import org.coldarchiving.fleet.Attempts;
import org.coldarchiving.fleet.WorkItem;
import org.coldarchiving.fleet.RunRecords;
import org.coldarchiving.report.Failure;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.run.RunTally;
import org.coldarchiving.run.ArchiveTarget;
import org.coldarchiving.store.ArchiveUploader;
import org.coldarchiving.store.Compression;
import org.coldarchiving.store.StoredArchive;

/**
 * Stand-ins for the beans that reach RDS, a database server, DynamoDB or S3, so that the route tests run
 * the real route files in seconds without the local stack. The dump itself stays a real child process
 * (printf, or false for a failing dump tool), streamed through the real DumpProcesses and DumpStream.
 */
final class RouteFakes {

    private RouteFakes() {
    }

    /** Instances "discovered" in RDS; {@code failing} makes the discovery fail as a throttled RDS call does. */
    static final class Discovery extends RdsDiscovery {
        final List<TaggedInstance> instances = new ArrayList<>();
        volatile boolean failing;

        Discovery() {
            super(null);
        }

        @Override
        public List<TaggedInstance> taggedInstances() {
            if (failing) {
                throw software.amazon.awssdk.services.rds.model.RdsException.builder().statusCode(400)
                        .message("Rate exceeded (fake)").build();
            }
            return instances;
        }
    }

    /** Databases "listed" on every instance; a database named {@code list-fails} makes the listing fail. */
    static final class Lister extends DatabaseLister {
        final List<String> names = new ArrayList<>(List.of("sales", "billing"));

        @Override
        public List<DatabaseToArchive> databases(ArchiveInstance instance, DbConnection connection)
                throws java.sql.SQLException {
            if (names.contains("list-fails")) {
                throw new java.sql.SQLException("connection refused (fake)");
            }
            return names.stream().map(n -> new DatabaseToArchive(n, 1000, 15)).toList();
        }
    }

    static final class NoVersionedTables extends VersionedTables {
        @Override
        public SystemVersioning find(ArchiveTarget target, DbConnection connection) {
            return SystemVersioning.NONE;
        }
    }

    /** A real child process instead of the dump tool: printf writes a small dump, false fails. */
    static final class Commands extends DumpCommands {
        final List<String> failing = Collections.synchronizedList(new ArrayList<>());

        Commands() {
            super(null);
        }

        @Override
        public DumpCommand build(ArchiveTarget target, DbConnection connection, SystemVersioning versioning) {
            String name = target.isInstanceArchive() ? "the instance" : target.database();
            List<String> argv = failing.contains(name) ? List.of("false") : List.of("printf", "-- dump of %s\n", name);
            return new DumpCommand(argv, Map.of(), new DumpInfo("sql", "printf (fake)", HistoryCoverage.NONE));
        }
    }

    /** The real dump process, with no rows counted (a database server is needed for that). */
    static final class NoRowCounts extends CountedDumps {
        NoRowCounts() {
            super(new DumpProcesses());
        }

        @Override
        public CountedDump start(ArchiveTarget target, DbConnection connection, SystemVersioning versioning,
                DumpCommand dump) throws IOException {
            return new CountedDump(new DumpProcesses().start(dump)) {
                @Override
                protected void passed(byte[] buffer, int offset, int length) {
                }

                @Override
                protected void dumpEnded() {
                }

                @Override
                public String counted() {
                    return "none (route test)";
                }

                @Override
                protected List<TableRows> counts() {
                    return List.of();
                }
            };
        }
    }

    /** "Stores" a manifest: nothing leaves the process. */
    static final class MemoryManifests extends ManifestStore {
        final Map<String, Manifest> stored = new ConcurrentHashMap<>();

        MemoryManifests() {
            super(null);
        }

        @Override
        public StoredManifest put(StoredArchive archive, Manifest manifest) {
            stored.put(archive.key() + Manifest.KEY_SUFFIX, manifest);
            return new StoredManifest(archive.bucket(), archive.key() + Manifest.KEY_SUFFIX, "sha-manifest", null);
        }
    }

    /** Reads the dump to its end (so a failing tool fails here, as it would in S3) and "stores" it. */
    static final class Uploader extends ArchiveUploader {
        Uploader() {
            super(null, null);
        }

        @Override
        public StoredArchive upload(ArchiveTarget target, String format, InputStream dump) throws IOException {
            try (dump) {
                byte[] bytes = dump.readAllBytes();
                return new StoredArchive(target.instance().bucket(), "fake/" + target.databaseId() + ".sql", format,
                        Compression.NONE, bytes.length, bytes.length, "sha-" + target.database(), null, null, null);
            }
        }
    }

    /** The journal in memory; each write can be made to fail. */
    static final class MemoryJournal extends Journal {
        final Map<String, String> status = new ConcurrentHashMap<>();
        final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        final List<String> failingWrites = Collections.synchronizedList(new ArrayList<>());
        /** Writes that fail only their next n calls (a passing fault). */
        final Map<String, Integer> failingNext = new ConcurrentHashMap<>();

        MemoryJournal() {
            super(null);
        }

        @Override
        public boolean begin(ArchiveTarget target) {
            fail("begin");
            return status.putIfAbsent(target.databaseId() + "@" + target.runId(), RUNNING) == null;
        }

        @Override
        public void archived(ArchiveTarget target, StoredArchive stored, DumpInfo dump, StoredManifest manifest) {
            fail("archived");
            status.put(target.databaseId() + "@" + target.runId(), ARCHIVED);
        }

        @Override
        public boolean expired(String table, String databaseId, String runId, String note) {
            fail("expired");
            return status.replace(databaseId + "@" + runId, ARCHIVED, EXPIRED + (note == null ? "" : ": " + note));
        }

        @Override
        public void failed(Failure failure) {
            fail("failed");
            failures.add(failure);
            status.put(failure.databaseId() + "@" + failure.runId(), FAILED);
        }

        private void fail(String write) {
            Integer left = failingNext.computeIfPresent(write, (w, n) -> n - 1);
            if (left != null && left >= 0) {
                throw new IllegalStateException("DynamoDB unreachable for a moment (fake) at " + write);
            }
            if (failingWrites.contains(write)) {
                throw new IllegalStateException("DynamoDB unreachable (fake) at " + write);
            }
        }
    }

    static final class NoTtlCheck extends JournalTtlCheck {
        NoTtlCheck() {
            super(null);
        }

        @Override
        public void check() {
            // no DynamoDB in route tests
        }
    }

    /** Recovery without S3; {@code failing} makes it fail as a timed-out ListMultipartUploads does. */
    static final class NoRecovery extends ArchiveRecovery {
        volatile boolean failing;

        NoRecovery() {
            super(null, null, null);
        }

        @Override
        public void abortOrphanUploads() {
            if (failing) {
                throw software.amazon.awssdk.core.exception.SdkClientException.create("Read timed out (fake)");
            }
            // nothing to abort without S3
        }
    }

    /** The run records in memory: one process, so it discovers and reports every run. */
    static final class MemoryRunRecords extends RunRecords {
        final Map<String, String> status = new ConcurrentHashMap<>();
        final Map<String, Map<String, Integer>> counts = new ConcurrentHashMap<>();

        MemoryRunRecords() {
            super(null);
        }

        @Override
        public boolean claim(String runId) {
            counts.put(runId, new ConcurrentHashMap<>());
            return !DISCOVERING.equals(status.put(runId, DISCOVERING));
        }

        @Override
        public void discovered(String runId) {
            status.put(runId, DISCOVERED);
        }

        @Override
        public boolean isDiscovered(String runId) {
            return !DISCOVERING.equals(status.get(runId));
        }

        @Override
        public void count(String runId, String counter) {
            counts.computeIfAbsent(runId, r -> new ConcurrentHashMap<>()).merge(counter, 1, Integer::sum);
        }

        @Override
        public boolean reportTurn(String runId) {
            return status.replace(runId, DISCOVERED, COMPLETE);
        }

        @Override
        public int unaccounted(String runId) {
            Map<String, Integer> c = counts.getOrDefault(runId, Map.of());
            return Math.max(0, c.getOrDefault("Enqueued", 0) - c.getOrDefault("Archived", 0)
                    - c.getOrDefault("Failed", 0) - c.getOrDefault("Skipped", 0));
        }

        @Override
        public RunSummary summary(String runId) {
            Map<String, Integer> c = counts.getOrDefault(runId, Map.of());
            return new RunSummary(runId, c.getOrDefault("Archived", 0), c.getOrDefault("Failed", 0),
                    c.getOrDefault("Skipped", 0));
        }
    }

    static RunTally tally(RunRecords records) {
        RunTally tally = new RunTally();
        tally.setRunRecords(records);
        return tally;
    }

    /** Failed attempts in memory, per run and database. */
    static final class MemoryAttempts extends Attempts {
        final Map<String, Integer> failed = new ConcurrentHashMap<>();

        MemoryAttempts() {
            super(null);
        }

        @Override
        public WorkItem current(WorkItem item) {
            return new WorkItem(item.runId(), item.instance(), item.database(),
                    failed.getOrDefault(item.runId() + "/" + item.databaseId(), 0) + 1);
        }

        @Override
        public void failed(String table, String runId, String databaseId) {
            failed.merge(runId + "/" + databaseId, 1, Integer::sum);
        }
    }

    /** No DynamoDB: every database is free to archive, nothing to renew or give up. */
    static final class FreeLeases extends ArchiveLeases {
        FreeLeases() {
            super(null, null, null, null);
        }

        @Override
        public Lease takeOver(ArchiveTarget target) {
            return Lease.FREE;
        }

        @Override
        public void release(Failure failure) {
            // nothing to give up (called by WorkQueueRoutesTest's retry; attempts=1 elsewhere)
        }
    }
}
