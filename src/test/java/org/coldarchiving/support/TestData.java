package org.coldarchiving.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic, mixed test data (ids, timestamps, amounts, binary, unicode and multi-line text, NULLs) and
 * content fingerprints that compare every value of every row, so a restore is checked for content,
 * not only for row counts.
 */
public final class TestData {

    private TestData() {
    }

    /** A run id no earlier test run has used: the journal in moto outlives a test run. */
    public static String uniqueRunId() {
        long offset = ThreadLocalRandom.current().nextLong(0, 3_000_000_000L);
        return Instant.parse("2030-01-01T00:00:00Z").plusSeconds(offset).toString();
    }

    public static void postgresShop(String database, int orders) throws SQLException {
        LocalServices.recreatePostgresDatabase(database);
        try (Connection c = LocalServices.postgres(database)) {
            LocalServices.execute(c,
                    "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, joined timestamptz NOT NULL, "
                            + "photo bytea)",
                    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers(id), "
                            + "amount numeric(12,2) NOT NULL, placed_at timestamptz NOT NULL, note text)",
                    "INSERT INTO customers SELECT g, 'Zoë ''" + database.replace("'", "''") + "'' ' || md5(g::text), "
                            + "timestamptz '2020-01-01' + g * interval '17 minutes', "
                            + "CASE WHEN g % 3 = 0 THEN NULL ELSE decode(md5(g::text), 'hex') END "
                            + "FROM generate_series(1, 500) g",
                    "INSERT INTO orders SELECT g, 1 + g % 500, round((g * 7.31)::numeric % 10000, 2), "
                            + "timestamptz '2021-06-01' + g * interval '3 minutes', "
                            + "CASE WHEN g % 5 = 0 THEN NULL ELSE 'line 1\nline 2 ✓ ' || encode(sha256(g::text::bytea), 'hex') END "
                            + "FROM generate_series(1, " + orders + ") g");
        }
    }

    public static String postgresFingerprint(String database) throws SQLException {
        try (Connection c = LocalServices.postgres(database)) {
            return LocalServices.queryString(c, "SELECT md5(string_agg(x, '#')) FROM ("
                    + "SELECT md5(string_agg(c::text, '|' ORDER BY id)) x FROM customers c UNION ALL "
                    + "SELECT md5(string_agg(o::text, '|' ORDER BY id)) FROM orders o) t");
        }
    }

    public static void mariadbInventory(String database, int items) throws SQLException {
        LocalServices.recreateMariadbDatabase(database);
        try (Connection c = LocalServices.mariadb(database)) {
            LocalServices.execute(c,
                    "CREATE TABLE items (id BIGINT PRIMARY KEY, sku VARCHAR(40) NOT NULL, price DECIMAL(10,2) NOT NULL, "
                            + "updated_at DATETIME(3) NOT NULL, photo BLOB, note TEXT CHARACTER SET utf8mb4)",
                    "INSERT INTO items SELECT seq, CONCAT('SKU-', MD5(seq)), (seq * 3.17) MOD 5000, "
                            + "TIMESTAMP '2022-03-01 00:00:00' + INTERVAL seq SECOND, "
                            + "IF(seq % 4 = 0, NULL, UNHEX(SHA2(seq, 256))), "
                            + "IF(seq % 6 = 0, NULL, CONCAT('Größe ', seq, '\\n\\'quoted\\' ; DROP')) "
                            + "FROM seq_1_to_" + items,
                    "CREATE VIEW cheap_items AS SELECT id, sku FROM items WHERE price < 100");
        }
    }

    public static String mariadbFingerprint(String database) throws SQLException {
        try (Connection c = LocalServices.mariadb(database)) {
            LocalServices.execute(c, "SET SESSION group_concat_max_len = 1073741824");
            return LocalServices.queryString(c, "SELECT MD5(GROUP_CONCAT(CONCAT_WS('~', id, sku, price, updated_at, "
                    + "IFNULL(HEX(photo), '<null>'), IFNULL(note, '<null>')) ORDER BY id SEPARATOR '|')) FROM items");
        }
    }
}
