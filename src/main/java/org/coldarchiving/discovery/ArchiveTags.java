package org.coldarchiving.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private String defaultBucket;
    private String defaultJournalTable;
    private int defaultRetentionDays;
    private String defaultStorageClass;

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
        return new ArchiveInstance(id, engine, found.host(), found.port(), secret,
                databaseNames(id, tags.get(DATABASES_TAG)), bucket, table, retention, storageClass,
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
