# cold-archiving container image: the Camel application, its routes and settings, and the dump clients.
#   docker build -t cold-archiving .
# The PostgreSQL client majors shipped (pg_dump refuses servers newer than itself; the application picks,
# per server, the closest major at or above the server's). This is the one place the list lives.
ARG PG_MAJORS="13 14 15 16 17"

# --- build: the application jar and its libraries (target/lib) -------------------------------------
FROM docker.io/library/maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

# --- runtime: Java 17, pg_dump 13-17 (PostgreSQL's apt repository), mariadb-dump, the RDS CA bundle
# (for archive.db-ssl-mode=verify-full with ARCHIVE_DB_CA_BUNDLE=/etc/ssl/rds/global-bundle.pem), non-root
FROM docker.io/library/debian:bookworm-slim
ARG PG_MAJORS
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl gnupg openjdk-17-jre-headless mariadb-client \
 && install -d /usr/share/keyrings \
 && curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc \
      | gpg --dearmor -o /usr/share/keyrings/postgresql.gpg \
 && echo "deb [signed-by=/usr/share/keyrings/postgresql.gpg] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
      > /etc/apt/sources.list.d/pgdg.list \
 && apt-get update \
 && for major in ${PG_MAJORS}; do packages+=("postgresql-client-${major}"); done \
 && apt-get install -y --no-install-recommends "${packages[@]}" \
 && apt-get purge -y gnupg && apt-get autoremove -y \
 && rm -rf /var/lib/apt/lists/* \
 && install -d /etc/ssl/rds \
 && curl -fsSL -o /etc/ssl/rds/global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin archiver
WORKDIR /app
# libraries first (they change rarely), then the thin application jar, the routes and the settings
COPY --from=build /src/target/lib/ lib/
COPY --from=build /src/target/cold-archiving.jar cold-archiving.jar
COPY routes/ routes/
COPY application.properties .
# zstd-jni unpacks its native library into /tmp: writable even with a read-only root file system
VOLUME ["/tmp"]
USER 10001
# Heap from the task's memory; dumps stream through fixed buffers, so the heap does not grow with a dump.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
# Health, metrics and Jolokia (/observe/...) listen on the container's loopback only (camel.management.host):
# the health check below runs inside the container; reach them from outside with ECS Exec port forwarding.
# Readiness: the bucket, journal table, dead-letter queue and alert topic answer with the task's credentials.
HEALTHCHECK --interval=60s --timeout=10s --retries=5 --start-period=60s \
  CMD ["curl", "-fsS", "http://127.0.0.1:9876/observe/health/ready"]
ENTRYPOINT ["java", "-jar", "/app/cold-archiving.jar"]
