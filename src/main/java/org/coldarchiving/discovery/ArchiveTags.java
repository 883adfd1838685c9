package org.coldarchiving.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Checks the {@code arch:*} tags of a discovered instance against the defaults and turns them into
 * an {@link ArchiveInstance}. Every refusal names the instance, the tag, the value and the fix.
 */
public class ArchiveTags {

    public static final String SECRET_TAG = "arch:AutomatedBackupSecret";
    public static final String DATABASES_TAG = "arch:DB_name";
    public static final String ENGINE_TAG = "arch:DbEngine";
    public static final String BUCKET_TAG = "arch:AutomatedDBDumpS3Bucket";
    public static final String TABLE_TAG = "arch:DynamoDBtable";
    public static final String RETENTION_TAG = "arch:RetentionDays";
    public static final String STORAGE_CLASS_TAG = "arch:StorageClass";
    public static final String SECRET_PREFIX = "cold-archiving/";

    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final int MAX_RETENTION_DAYS = 36500;
    /**
     * MySQL's and MariaDB's system schemas: {@code mysql} holds every account's password hash (mysql.user,
     * mysql.global_priv, mysql.password_history) and other credentials (mysql.servers); the others are
     * server state. Matched without regard to case (lower_case_table_names=1 folds the name).
     */
    private static final Set<String> MYSQL_SYSTEM_SCHEMAS = Set.of("mysql", "information_schema",
            "performance_schema", "sys");

    private String defaultBucket;
    private String defaultJournalTable;
    private int defaultRetentionDays;
    private String defaultStorageClass;
    private boolean includePasswordHashes;

    public void setDefaultBucket(String defaultBucket) {
        this.defaultBucket = defaultBucket;
    }

    public void setDefaultJournalTable(String defaultJournalTable) {
        this.defaultJournalTable = defaultJournalTable;
    }

    public void setDefaultRetentionDays(int defaultRetentionDays) {
        this.defaultRetentionDays = defaultRetentionDays;
    }

    public void setDefaultStorageClass(String defaultStorageClass) {
        this.defaultStorageClass = defaultStorageClass;
    }

    /** Set from archive.include-password-hashes: false refuses a MySQL/MariaDB system schema in arch:DB_name. */
    public void setIncludePasswordHashes(boolean includePasswordHashes) {
        this.includePasswordHashes = includePasswordHashes;
    }

    public ArchiveInstance resolve(TaggedInstance found) {
        Map<String, String> tags = found.tags();
        String id = found.id();
        Engine engine;
        try {
            engine = Engine.fromName(tags.getOrDefault(ENGINE_TAG, found.rdsEngine()));
        } catch (IllegalArgumentException e) {
            throw new InvalidTagException("Instance " + id + ": " + e.getMessage());
        }
        String secret = tags.getOrDefault(SECRET_TAG, SECRET_PREFIX + id).trim();
        if (!secret.startsWith(SECRET_PREFIX) || secret.length() == SECRET_PREFIX.length()
                || !SECRET_NAME.matcher(secret).matches()) {
            throw invalid(id, SECRET_TAG, secret, "name a Secrets Manager secret under '" + SECRET_PREFIX
                    + "' (e.g. " + SECRET_PREFIX + id + "); the task may read only those secrets");
        }
        String bucket = tags.getOrDefault(BUCKET_TAG, defaultBucket).trim();
        if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
            throw invalid(id, BUCKET_TAG, bucket, "name an existing S3 bucket (3-63 lower-case letters, digits, '.', '-')");
        }
        String table = tags.getOrDefault(TABLE_TAG, defaultJournalTable).trim();
        if (!TABLE_NAME.matcher(table).matches()) {
            throw invalid(id, TABLE_TAG, table, "name an existing DynamoDB table (3-255 of A-Z a-z 0-9 _ . -)");
        }
        int retention = retentionDays(id, tags.get(RETENTION_TAG));
        String storageClass = tags.getOrDefault(STORAGE_CLASS_TAG, defaultStorageClass).trim();
        if (StorageClass.fromValue(storageClass) == StorageClass.UNKNOWN_TO_SDK_VERSION) {
            throw invalid(id, STORAGE_CLASS_TAG, storageClass,
                    "use an S3 storage class such as GLACIER_IR, GLACIER or DEEP_ARCHIVE");
        }
        List<String> databases = databaseNames(id, tags.get(DATABASES_TAG));
        if (engine != Engine.POSTGRESQL && !includePasswordHashes) {
            refuseSystemSchemas(id, tags.get(DATABASES_TAG), databases);
        }
        return new ArchiveInstance(id, engine, found.host(), found.port(), secret,
                databases, bucket, table, retention, storageClass,
                found.allocatedGiB() * 1024L * 1024L * 1024L);
    }

    private int retentionDays(String id, String tag) {
        if (tag == null) {
            return defaultRetentionDays;
        }
        try {
            int days = Integer.parseInt(tag.trim());
            if (days >= 1 && days <= MAX_RETENTION_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(id, RETENTION_TAG, tag, "set a whole number of days from 1 to " + MAX_RETENTION_DAYS + " (e.g. 365)");
    }

    private static List<String> databaseNames(String id, String tag) {
        List<String> names = new ArrayList<>();
        if (tag == null || tag.isBlank()) {
            return names;
        }
        for (String name : tag.split(":")) {
            if (name.isEmpty() || name.codePoints().anyMatch(Character::isISOControl)) {
                throw invalid(id, DATABASES_TAG, tag,
                        "list database names separated by ':' with no empty name and no control characters");
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * A dump of a MySQL/MariaDB system schema would carry password hashes (or server state, not data): it is
     * refused, not stripped, because no rewriting of its rows can be shown to catch every credential column.
     * (PostgreSQL keeps roles and their passwords outside every database: pg_dump of any database, postgres
     * and template1 included, has none.)
     */
    private static void refuseSystemSchemas(String id, String tag, List<String> databases) {
        for (String name : databases) {
            if (MYSQL_SYSTEM_SCHEMAS.contains(name.toLowerCase(Locale.ROOT))) {
                throw invalid(id, DATABASES_TAG, tag, "'" + name + "' is a system schema, and its dump would hold "
                        + "password hashes (mysql.user, mysql.global_priv) or server state; remove it from the tag "
                        + "(the instance archive, " + id + " in the journal, keeps users, roles and grants without "
                        + "hashes), or set archive.include-password-hashes=true to archive it with its hashes");
            }
        }
    }

    private static InvalidTagException invalid(String id, String tag, String value, String fix) {
        return new InvalidTagException("Instance " + id + ": tag " + tag + "=" + Quoted.of(value)
                + " is not valid: " + fix + ".");
    }

    /** A tag of an instance cannot be used as it is; the message says which and how to fix it. */
    public static class InvalidTagException extends IllegalArgumentException {
        public InvalidTagException(String message) {
            super(message);
        }
    }
}
