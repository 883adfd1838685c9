#!/usr/bin/env bash
# Generates a PostgreSQL and a MariaDB database of about SIZE_GB gigabytes of realistic, mixed data:
# ids, foreign keys, timestamps, amounts, statuses, hex and text notes, small binary payloads.
# (Not pgbench's blank filler, which compresses 100:1 and flatters every compressor.)
#   bench/generate.sh NAME SIZE_GB
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; size_gb=$2
eval "$(dev/stack.sh env)"
# about 250 bytes per row on disk, in both engines
rows=$(python3 -c "print(int($size_gb * 1e9 / 250))")
export PGPASSWORD=$STACK_ADMIN_PASSWORD PGOPTIONS=--client-min-messages=warning
psql="psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $STACK_PG_PORT -U postgres"
$psql -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
$psql -d "$name" <<SQL
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, amount numeric(12,2) NOT NULL,
  currency char(3) NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL,
  reference text NOT NULL, note text, payload bytea);
INSERT INTO orders
SELECT g, (random() * 1e6)::bigint, round((random() * 5000)::numeric, 2),
       (ARRAY['EUR','USD','GBP','JPY'])[1 + (g % 4)],
       (ARRAY['placed','paid','shipped','delivered','returned'])[1 + (random() * 4)::int],
       timestamptz '2019-01-01' + random() * interval '6 years',
       md5(random()::text) || md5(g::text),
       CASE WHEN random() < 0.3 THEN NULL
            ELSE 'customer asked for ' || (ARRAY['gift wrap','express','invoice','split delivery'])[1 + (g % 4)]
                 || ' on ' || to_char(timestamptz '2019-01-01' + random() * interval '6 years', 'YYYY-MM-DD')
                 || ', ref ' || substr(md5(random()::text), 1, 12) END,
       decode(substr(md5(random()::text) || md5(random()::text), 1, 48), 'hex')
FROM generate_series(1, $rows) g;
SQL
export MYSQL_PWD=$STACK_ADMIN_PASSWORD
mariadb="mariadb --no-defaults -h 127.0.0.1 -P $STACK_MARIADB_PORT -u root --ssl"
$mariadb -e "DROP DATABASE IF EXISTS $name; CREATE DATABASE $name"
$mariadb "$name" -e "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL,
  amount DECIMAL(12,2) NOT NULL, currency CHAR(3) NOT NULL, status VARCHAR(12) NOT NULL,
  created_at DATETIME NOT NULL, reference VARCHAR(64) NOT NULL, note TEXT, payload VARBINARY(24))"
batch=1000000
for ((start = 0; start < rows; start += batch)); do
  n=$(( rows - start < batch ? rows - start : batch ))
  $mariadb "$name" -e "INSERT INTO orders SELECT $start + seq, FLOOR(RAND() * 1000000), ROUND(RAND() * 5000, 2),
    ELT(1 + seq MOD 4, 'EUR', 'USD', 'GBP', 'JPY'), ELT(1 + FLOOR(RAND() * 5), 'placed', 'paid', 'shipped', 'delivered', 'returned'),
    TIMESTAMP '2019-01-01 00:00:00' + INTERVAL FLOOR(RAND() * 189216000) SECOND,
    CONCAT(MD5(RAND()), MD5($start + seq)),
    IF(RAND() < 0.3, NULL, CONCAT('customer asked for ', ELT(1 + seq MOD 4, 'gift wrap', 'express', 'invoice', 'split delivery'),
       ' on ', DATE(TIMESTAMP '2019-01-01 00:00:00' + INTERVAL FLOOR(RAND() * 189216000) SECOND), ', ref ', LEFT(MD5(RAND()), 12))),
    UNHEX(LEFT(CONCAT(MD5(RAND()), MD5(RAND())), 48))
    FROM seq_1_to_$n"
done
echo "[bench] generated $name: $rows rows in PostgreSQL and in MariaDB"
