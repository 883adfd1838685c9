#!/usr/bin/env bash
# Creates the demo databases on the local servers (idempotent): PostgreSQL "shop" and MariaDB
# "inventory", each with a few thousand rows of mixed data, and a least-privilege backup user on each.
set -euo pipefail
eval "$("$(dirname "$0")/stack.sh" env)"
PG="psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $STACK_PG_PORT -U postgres"
export PGPASSWORD=$STACK_ADMIN_PASSWORD PGOPTIONS=--client-min-messages=warning
if ! $PG -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='shop'" | grep -q 1; then
  $PG -d postgres -c "CREATE DATABASE shop"
  $PG -d shop <<'SQL'
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers(id),
                     amount numeric(12,2) NOT NULL, placed_at timestamptz NOT NULL, note text);
INSERT INTO customers SELECT g, 'customer ' || md5(g::text), now() - g * interval '1 hour'
  FROM generate_series(1, 2000) g;
INSERT INTO orders SELECT g, 1 + g % 2000, round((random() * 1000)::numeric, 2),
  now() - g * interval '1 minute', encode(sha256(g::text::bytea), 'hex')
  FROM generate_series(1, 20000) g;
SQL
fi
$PG -d postgres <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cold_backup') THEN
    CREATE ROLE cold_backup LOGIN PASSWORD 'demo-backup-pw';
  END IF;
END $$;
GRANT pg_read_all_data TO cold_backup;
SQL
export MYSQL_PWD=$STACK_ADMIN_PASSWORD
MARIADB="mariadb --no-defaults -h 127.0.0.1 -P $STACK_MARIADB_PORT -u root --ssl"
$MARIADB <<'SQL'
CREATE DATABASE IF NOT EXISTS inventory;
USE inventory;
CREATE TABLE IF NOT EXISTS inventory.items (id BIGINT PRIMARY KEY, sku VARCHAR(40) NOT NULL,
  price DECIMAL(10,2) NOT NULL, updated_at DATETIME NOT NULL, photo BLOB);
INSERT IGNORE INTO inventory.items
  SELECT seq, CONCAT('SKU-', MD5(seq)), ROUND(RAND(seq) * 500, 2), NOW() - INTERVAL seq MINUTE, UNHEX(SHA2(seq, 256))
  FROM seq_1_to_5000;
CREATE USER IF NOT EXISTS 'cold_backup'@'%' IDENTIFIED BY 'demo-backup-pw';
GRANT SELECT, LOCK TABLES, SHOW VIEW, EVENT, TRIGGER ON *.* TO 'cold_backup'@'%';
SQL
echo "[demo] databases shop (PostgreSQL) and inventory (MariaDB) are ready"
