#!/usr/bin/env bash
# Local stack for development and tests: PostgreSQL, MariaDB and moto server (the AWS endpoint for
# S3, DynamoDB, SQS, SNS, RDS and Secrets Manager), all on loopback.
#
#   dev/stack.sh up     install what is missing, start everything, create the AWS resources (idempotent)
#   dev/stack.sh down   stop everything (data directories are kept)
#   dev/stack.sh env    print the exports that point the application and the AWS SDK at the stack
#   dev/stack.sh restart-postgres   restart PostgreSQL at once (fast shutdown), for fault tests
#
# Settings (environment): STACK_DIR (data, logs, certificates), PG_PORT, MARIADB_PORT, MOTO_PORT.
set -euo pipefail

PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${STACK_DIR:-/var/tmp/cold-archiving-stack}
PG_PORT=${PG_PORT:-55432}
MARIADB_PORT=${MARIADB_PORT:-53306}
MOTO_PORT=${MOTO_PORT:-55000}
VENV=${VENV:-$PROJECT_DIR/.venv}
AWS_REGION_LOCAL=us-east-1
# The admin password of the local servers only; never used outside this machine.
LOCAL_ADMIN_PASSWORD=local-admin-pw

log() { echo "[stack] $*" >&2; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_packages() {
  local missing=()
  command -v pg_dump >/dev/null || missing+=(postgresql-client)
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
  command -v mariadbd >/dev/null || missing+=(mariadb-server)
  command -v mariadb-dump >/dev/null || missing+=(mariadb-client)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v zstd >/dev/null || missing+=(zstd)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ ! -x "$VENV/bin/moto_server" ]; then
    log "installing moto[server] into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check 'moto[server]==5.2.5'
  fi
}

make_certificates() {
  local dir=$STACK_DIR/tls
  [ -f "$dir/server.crt" ] && return
  log "creating a local CA and a server certificate for 127.0.0.1/localhost"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=cold-archiving local CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$dir/san.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 3650 -extfile "$dir/san.ext" -out "$dir/server.crt" 2>/dev/null
  chmod 0644 "$dir"/*.crt; chmod 0600 "$dir"/*.key
}

pg_running() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }

start_postgres() {
  local data=$STACK_DIR/postgres
  if pg_running; then log "PostgreSQL already up on $PG_PORT"; return; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $data"
    mkdir -p "$data"; printf '%s\n' "$LOCAL_ADMIN_PASSWORD" > "$STACK_DIR/pg-admin-pw"
    [ "$(id -u)" = 0 ] && chown postgres "$data" "$STACK_DIR/pg-admin-pw"
    as_postgres "$(pg_bin)/initdb" -D "$data" -U postgres --pwfile="$STACK_DIR/pg-admin-pw" \
      --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$STACK_DIR/pg-admin-pw"
    install -m 0600 "$STACK_DIR/tls/server.key" "$data/server.key"
    install -m 0644 "$STACK_DIR/tls/server.crt" "$data/server.crt"
    [ "$(id -u)" = 0 ] && chown postgres "$data/server.key" "$data/server.crt"
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$data'
ssl = on
max_connections = 50
CONF
  fi
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_postgres "$(pg_bin)/pg_ctl" -D "$data" -l "$data/server.log" -w start >/dev/null
}

mariadb_running() {
  MYSQL_PWD=$LOCAL_ADMIN_PASSWORD mariadb-admin -h 127.0.0.1 -P "$MARIADB_PORT" -u root --skip-ssl \
    status >/dev/null 2>&1
}

start_mariadb() {
  local data=$STACK_DIR/mariadb
  if mariadb_running; then log "MariaDB already up on $MARIADB_PORT"; drop_unusable_root; return; fi
  local fresh=no
  if [ ! -d "$data/mysql" ]; then
    log "initialising MariaDB in $data"
    mkdir -p "$data"
    mariadb-install-db --no-defaults --datadir="$data" --user="$(id -un)" \
      --auth-root-authentication-method=normal >/dev/null
    fresh=yes
  fi
  log "starting MariaDB on 127.0.0.1:$MARIADB_PORT"
  nohup mariadbd --no-defaults --datadir="$data" --user="$(id -un)" --bind-address=127.0.0.1 \
    --port="$MARIADB_PORT" --skip-name-resolve --socket="$data/mariadb.sock" --pid-file="$data/mariadb.pid" \
    --ssl-ca="$STACK_DIR/tls/ca.crt" --ssl-cert="$STACK_DIR/tls/server.crt" \
    --ssl-key="$STACK_DIR/tls/server.key" --log-error="$data/server.log" >/dev/null 2>&1 &
  for _ in $(seq 60); do
    [ -S "$data/mariadb.sock" ] && break; sleep 0.5
  done
  if [ "$fresh" = yes ]; then
    mariadb --no-defaults -S "$data/mariadb.sock" -u root <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
ALTER USER 'root'@'localhost' IDENTIFIED BY '$LOCAL_ADMIN_PASSWORD';
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$LOCAL_ADMIN_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  fi
  for _ in $(seq 60); do mariadb_running && break; sleep 0.5; done
  mariadb_running || { log "MariaDB did not start: see $data/server.log"; exit 1; }
  drop_unusable_root
}

# mariadb-install-db creates root@<host name>, which --skip-name-resolve makes an account the server
# ignores: SHOW CREATE USER fails on it, and so does mariadb-dump --system=users (the instance archive).
drop_unusable_root() {
  MYSQL_PWD=$LOCAL_ADMIN_PASSWORD mariadb --no-defaults -h 127.0.0.1 -P "$MARIADB_PORT" -u root --skip-ssl \
    -e "DELETE FROM mysql.global_priv WHERE User = 'root' AND Host = '$(hostname)'; FLUSH PRIVILEGES;"
}

moto_running() { curl -fsS "http://127.0.0.1:$MOTO_PORT/moto-api/" >/dev/null 2>&1; }

start_moto() {
  if moto_running; then log "moto already up on $MOTO_PORT"; return; fi
  log "starting moto server on 127.0.0.1:$MOTO_PORT"
  mkdir -p "$STACK_DIR"
  nohup "$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" > "$STACK_DIR/moto.log" 2>&1 &
  echo $! > "$STACK_DIR/moto.pid"
  for _ in $(seq 60); do moto_running && return; sleep 0.5; done
  log "moto did not start: see $STACK_DIR/moto.log"; exit 1
}

print_env() {
  cat <<ENV
export AWS_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT
export AWS_REGION=$AWS_REGION_LOCAL
export AWS_DEFAULT_REGION=$AWS_REGION_LOCAL
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export ARCHIVE_S3_PATH_STYLE=true
export ARCHIVE_DLQ_URL=http://127.0.0.1:$MOTO_PORT/123456789012/cold-archiving-dlq
export ARCHIVE_ALERT_TOPIC_ARN=arn:aws:sns:$AWS_REGION_LOCAL:123456789012:cold-archiving-alerts
export ARCHIVE_DB_SSL_MODE=verify-full
export ARCHIVE_DB_CA_BUNDLE=$STACK_DIR/tls/ca.crt
export STACK_WORK_QUEUE_URL=http://127.0.0.1:$MOTO_PORT/123456789012/cold-archiving-work.fifo
export STACK_WORK_DLQ_URL=http://127.0.0.1:$MOTO_PORT/123456789012/cold-archiving-work-dlq.fifo
export STACK_PG_PORT=$PG_PORT
export STACK_MARIADB_PORT=$MARIADB_PORT
export STACK_ADMIN_PASSWORD=$LOCAL_ADMIN_PASSWORD
ENV
}

case "${1:-}" in
  up)
    install_packages
    mkdir -p "$STACK_DIR"; chmod 0755 "$STACK_DIR"
    make_certificates
    start_postgres
    start_mariadb
    start_moto
    eval "$(print_env)"
    "$VENV/bin/python" "$PROJECT_DIR/dev/provision_aws.py"
    log "stack is up"
    ;;
  down)
    if [ -f "$STACK_DIR/postgres/postmaster.pid" ]; then
      as_postgres "$(pg_bin)/pg_ctl" -D "$STACK_DIR/postgres" -m fast -w stop >/dev/null || true
    fi
    if [ -f "$STACK_DIR/mariadb/mariadb.pid" ]; then
      kill "$(cat "$STACK_DIR/mariadb/mariadb.pid")" 2>/dev/null || true
    fi
    if [ -f "$STACK_DIR/moto.pid" ]; then
      kill "$(cat "$STACK_DIR/moto.pid")" 2>/dev/null || true; rm -f "$STACK_DIR/moto.pid"
    fi
    log "stack is down"
    ;;
  env) print_env ;;
  restart-postgres)
    as_postgres "$(pg_bin)/pg_ctl" -D "$STACK_DIR/postgres" -m fast -w restart -l "$STACK_DIR/postgres/server.log" >/dev/null
    ;;
  *) echo "usage: dev/stack.sh up|down|env|restart-postgres" >&2; exit 2 ;;
esac
