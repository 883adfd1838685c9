package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.support.Management;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * The management server as an operator and ECS meet it: readiness DOWN naming a bucket the task cannot
 * reach and UP once it exists, liveness untouched; Jolokia reads Camel's MBeans and refuses to change
 * anything.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"camel.management.enabled=true", "archive.bucket=" + ManagementEndpointsTest.BUCKET})
class ManagementEndpointsTest extends InProcessArchiveTest {

    static final String BUCKET = "watch-readiness-bucket";

    /** The management server's port, chosen (and handed to the application) before it starts. */
    static final int PORT = Management.PORT;

    @Test
    void readinessIsDownNamingAMissingBucketAndUpOnceItExists() {
        deleteBucket();
        try {
            HttpResponse<String> ready = Management.get("/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"DOWN\"") && ready.body().contains("archive-bucket")
                    && ready.body().contains("bucket " + BUCKET + ": does not exist"), ready.body());
            HttpResponse<String> live = Management.get("/observe/health/live");
            assertEquals(200, live.statusCode(), "liveness does not depend on AWS: " + live.body());

            aws.s3.createBucket(r -> r.bucket(BUCKET));

            ready = Management.get("/observe/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("{\"status\":\"UP\"}", ready.body());
        } finally {
            deleteBucket();
        }
    }

    @Test
    void jolokiaReadsCamelsMBeansAndChangesNothing() {
        String route = "org.apache.camel:context=cold-archiving,type=routes,name=\\\"archive-database\\\"";
        HttpResponse<String> read = Management.postJson("/observe/jolokia/",
                "{\"type\":\"read\",\"mbean\":\"" + route + "\",\"attribute\":\"ExchangesTotal\"}");
        assertTrue(read.body().contains("\"status\":200"), read.body());

        HttpResponse<String> stop = Management.postJson("/observe/jolokia/",
                "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"stop()\"}");
        assertTrue(stop.body().contains("\"status\":403") && stop.body().contains("forbidden"), stop.body());
        HttpResponse<String> write = Management.postJson("/observe/jolokia/",
                "{\"type\":\"write\",\"mbean\":\"org.apache.camel:context=cold-archiving,type=context,"
                        + "name=\\\"cold-archiving\\\"\",\"attribute\":\"Tracing\",\"value\":true}");
        assertTrue(write.body().contains("\"status\":403"), write.body());
        assertEquals("Started", context.getRouteController().getRouteStatus("archive-database").name());
    }

    private void deleteBucket() {
        try {
            aws.s3.deleteBucket(r -> r.bucket(BUCKET));
        } catch (NoSuchBucketException e) {
            // not there
        }
    }
}
