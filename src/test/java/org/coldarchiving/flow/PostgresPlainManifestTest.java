package org.coldarchiving.flow;

import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.support.LocalServices;

/** {@link PostgresManifestTest} with pg_dump's plain SQL format, restored by psql. */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"camel.management.enabled=false", "archive.dump.postgresql-format=plain"})
class PostgresPlainManifestTest extends PostgresManifestTest {

    @Override
    String format() {
        return "plain";
    }

    @Override
    void restore(byte[] dump, String database) throws Exception {
        LocalServices.recreatePostgresDatabase(database);
        LocalServices.restore(dump, Map.of("PGPASSWORD", LocalServices.ADMIN_PASSWORD), "psql", "-q", "-v",
                "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(LocalServices.PG_PORT), "-U", "postgres",
                "-d", database);
    }
}
