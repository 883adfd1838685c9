package org.coldarchiving.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.github.luben.zstd.ZstdInputStream;
import org.coldarchiving.aws.AwsClients;
import org.coldarchiving.aws.AwsSettings;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The real local services the tests run against, started by {@code dev/stack.sh up} (which
 * {@code dev/test.sh} runs first): PostgreSQL and MariaDB servers, and moto as the AWS endpoint. Helpers
 * here create databases and tagged RDS instances, and read back what the application stored.
 */
public final class LocalServices {

    public static final String BUCKET = "cold-archiving-archives";
    public static final String TABLE = "cold-archiving-journal";
    public static final int PG_PORT = Integer.parseInt(env("STACK_PG_PORT"));
    public static final int MARIADB_PORT = Integer.parseInt(env("STACK_MARIADB_PORT"));
    public static final String ADMIN_PASSWORD = env("STACK_ADMIN_PASSWORD");

    public final S3Client s3;
    public final DynamoDbClient ddb;
    public final SqsClient sqs;
    public final RdsClient rds;
    public final SecretsManagerClient secrets;

    public LocalServices() {
        AwsSettings settings = new AwsSettings();
        settings.setS3PathStyle(true);
        s3 = AwsClients.s3(settings);
        ddb = AwsClients.dynamoDb(settings);
        sqs = AwsClients.sqs(settings);
        rds = AwsClients.rds(settings);
        secrets = AwsClients.secretsManager(settings);
    }

    public static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(name + " is not set: run the tests with dev/test.sh, which starts "
                    + "the local stack and exports its settings (or eval \"$(dev/stack.sh env)\" first)");
        }
        return value;
    }

    // ---- RDS and Secrets Manager in moto -------------------------------------------------------

    /** Removes every RDS instance and Aurora cluster from moto, so discovery sees only what a test registers. */
    public void forgetAllInstances() {
        for (DBInstance instance : rds.describeDBInstances().dbInstances()) {
            rds.deleteDBInstance(r -> r.dbInstanceIdentifier(instance.dbInstanceIdentifier()).skipFinalSnapshot(true));
        }
        for (DBCluster cluster : rds.describeDBClusters().dbClusters()) {
            rds.deleteDBCluster(r -> r.dbClusterIdentifier(cluster.dbClusterIdentifier()).skipFinalSnapshot(true));
        }
    }

    /** Registers an Aurora PostgreSQL cluster with these tags, and one member instance with the same tags. */
    public void registerAuroraCluster(String id, Map<String, String> tags) {
        List<Tag> tagList = new ArrayList<>();
        tags.forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
        rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine("aurora-postgresql").engineVersion("15.4")
                .masterUsername("admin_user").masterUserPassword("not-used-1").tags(tagList));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-1").dbClusterIdentifier(id).engine("aurora-postgresql")
                .dbInstanceClass("db.r6g.large").tags(tagList));
    }

    /** Registers an RDS instance with these tags (engine as RDS names it: postgres, mariadb, mysql). */
    public void registerInstance(String id, String engine, Map<String, String> tags) {
        String version = switch (engine) {
            case "postgres" -> "15.8";
            case "mariadb" -> "10.11.9";
            default -> "8.0.39";
        };
        List<Tag> tagList = new ArrayList<>();
        tags.forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
        rds.createDBInstance(r -> r.dbInstanceIdentifier(id).engine(engine).engineVersion(version)
                .dbInstanceClass("db.t3.micro").allocatedStorage(20).masterUsername("admin_user")
                .masterUserPassword("not-used-1").tags(tagList));
    }

    /** Stores (or replaces) an RDS-credentials secret pointing at a local server. */
    public void putSecret(String name, String username, String password, int port) {
        String json = "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"host\":\"127.0.0.1\",\"port\":" + port + "}";
        putSecretString(name, json);
    }

    public void putSecretString(String name, String secretString) {
        try {
            secrets.createSecret(r -> r.name(name).secretString(secretString));
        } catch (ResourceExistsException e) {
            secrets.putSecretValue(r -> r.secretId(name).secretString(secretString));
        }
    }

    // ---- journal, S3, queues --------------------------------------------------------------------

    public Map<String, AttributeValue> journalRow(String databaseId, String runId) {
        return journalRow(TABLE, databaseId, runId);
    }

    public Map<String, AttributeValue> journalRow(String table, String databaseId, String runId) {
        return ddb.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "DatabaseId", AttributeValue.fromS(databaseId), "RunId", AttributeValue.fromS(runId)))).item();
    }

    /**
     * A journal table of a test's own (the schema and indexes of dev/provision_aws.py), emptied: for tests
     * that read the whole journal (a verify run) and must not see other tests' archives.
     */
    public void ownJournal(String table) {
        if (!ddb.listTables().tableNames().contains(table)) {
            ddb.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(attribute("DatabaseId", "S"), attribute("RunId", "S"),
                            attribute("Running", "S"), attribute("StartedAt", "S"), attribute("Status", "S"),
                            attribute("ExpiresAt", "N"))
                    .keySchema(key("DatabaseId", "HASH"), key("RunId", "RANGE"))
                    .globalSecondaryIndexes(
                            g -> g.indexName("RunningIndex").keySchema(key("Running", "HASH"), key("StartedAt", "RANGE"))
                                    .projection(p -> p.projectionType("ALL")),
                            g -> g.indexName("ExpiryIndex").keySchema(key("Status", "HASH"), key("ExpiresAt", "RANGE"))
                                    .projection(p -> p.projectionType("ALL"))));
        }
        ddb.scanPaginator(r -> r.tableName(table)).items().forEach(i -> ddb.deleteItem(r -> r.tableName(table)
                .key(Map.of("DatabaseId", i.get("DatabaseId"), "RunId", i.get("RunId")))));
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeDefinition attribute(String name,
            String type) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder().attributeName(name)
                .attributeType(type).build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.KeySchemaElement key(String name, String type) {
        return software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder().attributeName(name)
                .keyType(type).build();
    }

    /** Deletes every journal row of one database (earlier test runs' archives of it). */
    public void forgetRuns(String databaseId) {
        ddb.queryPaginator(r -> r.tableName(TABLE).keyConditions(Map.of("DatabaseId", Condition.builder()
                        .comparisonOperator(ComparisonOperator.EQ).attributeValueList(AttributeValue.fromS(databaseId))
                        .build())))
                .items().forEach(i -> ddb.deleteItem(r -> r.tableName(TABLE)
                        .key(Map.of("DatabaseId", i.get("DatabaseId"), "RunId", i.get("RunId")))));
    }

    public List<Map<String, AttributeValue>> journalRows(String runId) {
        return ddb.scan(r -> r.tableName(TABLE)).items().stream()
                .filter(i -> i.get("RunId").s().equals(runId)).toList();
    }

    public List<S3Object> objects(String prefix) {
        return s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(prefix)).contents();
    }

    public int multipartUploads(String prefix) {
        return s3.listMultipartUploads(r -> r.bucket(BUCKET).prefix(prefix)).uploads().size();
    }

    public byte[] objectBytes(String key) {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key));
        return bytes.asByteArray();
    }

    public static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    public static byte[] unzstd(byte[] data) throws IOException {
        try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    public String queueUrl(String name) {
        return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    }

    public void purge(String queueName) {
        String url = queueUrl(queueName);
        List<Message> messages;
        do {
            messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages();
            for (Message m : messages) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        } while (!messages.isEmpty());
    }

    /** The dead-letter messages of one type (ArchiveFailed, RunSummary) now in the queue; all are deleted. */
    public List<String> deadLetters(String type) {
        return drain("cold-archiving-dlq").stream().filter(m -> m.contains("\"type\":\"" + type + "\"")).toList();
    }

    /** The e-mail alerts (SNS notifications, as JSON) whose text contains a fragment; all are deleted. */
    public List<String> alerts(String fragment) {
        return drain("cold-archiving-alerts-inbox").stream().filter(m -> m.contains(fragment)).toList();
    }

    /** Every message now in the queue (read and deleted). */
    public List<String> drain(String queueName) {
        String url = queueUrl(queueName);
        List<String> bodies = new ArrayList<>();
        List<Message> messages;
        do {
            messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages();
            for (Message m : messages) {
                bodies.add(m.body());
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        } while (!messages.isEmpty());
        return bodies;
    }

    // ---- databases ------------------------------------------------------------------------------

    public static Connection postgres(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", ADMIN_PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/"
                + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"), p);
    }

    public static Connection mariadb(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", ADMIN_PASSWORD);
        p.setProperty("allowMultiQueries", "true");
        p.setProperty("database", database);
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + MARIADB_PORT + "/", p);
    }

    public static void execute(Connection c, String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    public static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every row's first column, as text. */
    public static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** A fresh PostgreSQL database (dropped first if it exists). */
    public static void recreatePostgresDatabase(String name) throws SQLException {
        try (Connection c = postgres("postgres")) {
            execute(c, "DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)",
                    "CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        }
    }

    /** A fresh MariaDB database (dropped first if it exists). */
    public static void recreateMariadbDatabase(String name) throws SQLException {
        try (Connection c = mariadb("")) {
            String quoted = "`" + name.replace("`", "``") + "`";
            execute(c, "DROP DATABASE IF EXISTS " + quoted, "CREATE DATABASE " + quoted);
        }
    }

    /** A PostgreSQL database of random bytes: {@code rows} of 2 KiB, a dump about 4 KiB a row. */
    public static void randomBlobs(String database, int rows) throws SQLException {
        recreatePostgresDatabase(database);
        try (Connection c = postgres(database)) {
            execute(c, "CREATE EXTENSION pgcrypto", "CREATE TABLE blobs (id int PRIMARY KEY, data bytea NOT NULL)",
                    "ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL",
                    "INSERT INTO blobs SELECT g, gen_random_bytes(1024) || gen_random_bytes(1024) "
                            + "FROM generate_series(1, " + rows + ") g");
        }
    }

    public static void dropPostgresDatabase(String database) throws SQLException {
        try (Connection c = postgres("postgres")) {
            execute(c, "DROP DATABASE IF EXISTS \"" + database.replace("\"", "\"\"") + "\" WITH (FORCE)");
        }
    }

    /** Creates a login role on PostgreSQL that may read all data (the least a backup user needs). */
    public static void postgresBackupUser(String user, String password) throws SQLException {
        try (Connection c = postgres("postgres")) {
            execute(c, "DROP ROLE IF EXISTS " + user, "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'",
                    "GRANT pg_read_all_data TO " + user);
        }
    }

    /** Creates a MariaDB user with the privileges a consistent dump needs, and no more. */
    public static void mariadbBackupUser(String user, String password) throws SQLException {
        try (Connection c = mariadb("")) {
            execute(c, "DROP USER IF EXISTS '" + user + "'@'%'",
                    "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                    "GRANT SELECT, LOCK TABLES, SHOW VIEW, EVENT, TRIGGER ON *.* TO '" + user + "'@'%'");
        }
    }

    /** Runs a restore tool with the dump on its standard input; fails with its output if it fails. */
    public static void restore(byte[] dump, Map<String, String> env, String... argv) throws Exception {
        restore(new java.io.ByteArrayInputStream(dump), env, argv);
    }

    /** Runs a restore tool with the dump streamed to its standard input; fails with its output if it fails. */
    public static void restore(InputStream dump, Map<String, String> env, String... argv) throws Exception {
        String failure = load(dump, env, argv);
        if (failure != null) {
            throw new AssertionError(failure);
        }
    }

    /**
     * Runs a loading tool whose statement errors are expected and skipped (psql without ON_ERROR_STOP, as
     * pg_dumpall's output is loaded: roles that exist already fail); fails only if it does not finish.
     */
    public static void restoreIgnoringErrors(byte[] dump, Map<String, String> env, String... argv) throws Exception {
        load(new java.io.ByteArrayInputStream(dump), env, argv);
    }

    /** Runs the tool with the dump on its standard input; null when it exited 0, else its exit and output. */
    private static String load(InputStream dump, Map<String, String> env, String... argv) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException ignored) {
                // process ended
            }
        });
        reader.start();
        try (var stdin = process.getOutputStream(); dump) {
            dump.transferTo(stdin);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(argv[0] + " did not finish");
        }
        reader.join();
        return process.exitValue() == 0 ? null : argv[0] + " exited " + process.exitValue() + ": " + output;
    }

    public static void restorePostgres(byte[] customFormatDump, String database) throws Exception {
        restorePostgres(new java.io.ByteArrayInputStream(customFormatDump), database);
    }

    public static void restorePostgres(InputStream customFormatDump, String database) throws Exception {
        recreatePostgresDatabase(database);
        restore(customFormatDump, Map.of("PGPASSWORD", ADMIN_PASSWORD), "pg_restore", "--no-owner", "--exit-on-error",
                "-h", "127.0.0.1", "-p", Integer.toString(PG_PORT), "-U", "postgres", "-d", database);
    }

    public static void restoreMariadb(byte[] sqlDump, String database) throws Exception {
        recreateMariadbDatabase(database);
        restore(sqlDump, Map.of("MYSQL_PWD", ADMIN_PASSWORD), "mariadb", "--no-defaults", "-h", "127.0.0.1",
                "-P", Integer.toString(MARIADB_PORT), "-u", "root", "--ssl", database);
    }
}
