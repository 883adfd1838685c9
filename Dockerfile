# cold-archiving container image: the Camel application, its routes and settings, and the dump clients.
# Build: docker build -t cold-archiving .

# --- build: the application jar and its libraries --------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

# --- runtime: JRE, dump clients, non-root user ----------------------------------------------------
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client mariadb-client curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin archiver
WORKDIR /app
# libraries first (they change rarely), then the thin application jar, routes and settings
COPY --from=build /src/target/lib/ lib/
COPY --from=build /src/target/cold-archiving.jar cold-archiving.jar
COPY routes/ routes/
COPY application.properties .
USER archiver
# The heap follows the task's memory; dumps stream through fixed-size buffers outside the heap's growth.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
EXPOSE 9876
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD curl -fsS http://localhost:9876/observe/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/cold-archiving.jar"]
