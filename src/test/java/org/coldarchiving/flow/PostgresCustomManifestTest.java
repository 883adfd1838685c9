package org.coldarchiving.flow;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.support.LocalServices;

/** {@link PostgresManifestTest} with pg_dump's custom format, restored by pg_restore. */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"camel.management.enabled=false", "archive.dump.postgresql-format=custom"})
class PostgresCustomManifestTest extends PostgresManifestTest {

    @Override
    String format() {
        return "custom";
    }

    @Override
    void restore(byte[] dump, String database) throws Exception {
        LocalServices.restorePostgres(dump, database);
    }
}
