package org.coldarchiving.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;

import javax.management.MBeanAttributeInfo;
import javax.management.ObjectName;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.coldarchiving.Application;
import org.coldarchiving.support.Management;
import org.junit.jupiter.api.Test;

/**
 * The opt-in policy {@code jolokia-access-operate.xml} allows what the README promises and nothing more:
 * starting, stopping, suspending and resuming a route and resetting its counters. Every other operation
 * (the context's {@code requestBody}, which could call any endpoint or read a secret, a component's or an
 * endpoint's operations, the JVM's) and every attribute change stays forbidden, while Hawtio can still
 * read every one of Camel's MBeans.
 */
@CamelMainTest(mainClass = Application.class, propertyPlaceholderLocations = "file:application.properties",
        properties = {"camel.management.enabled=true",
                "archive.jolokia.policy=classpath:/jolokia-access-operate.xml"})
class JolokiaOperatePolicyTest extends InProcessArchiveTest {

    /** The management server's port, chosen (and handed to the application) before it starts. */
    static final int PORT = Management.PORT;

    private static final String CONTEXT = "org.apache.camel:context=cold-archiving,type=context,"
            + "name=\\\"cold-archiving\\\"";
    private static final String ROUTE = "org.apache.camel:context=cold-archiving,type=routes,"
            + "name=\\\"journal-ttl-check\\\"";

    @Test
    void routesCanBeStoppedStartedSuspendedAndResumed() {
        assertAllowed(exec(ROUTE, "stop()"));
        assertEquals("Stopped", context.getRouteController().getRouteStatus("journal-ttl-check").name());
        assertAllowed(exec(ROUTE, "start()"));
        assertAllowed(exec(ROUTE, "suspend()"));
        assertAllowed(exec(ROUTE, "resume()"));
        assertAllowed(exec(ROUTE, "reset()"));
        assertEquals("Started", context.getRouteController().getRouteStatus("journal-ttl-check").name());
    }

    @Test
    void everyOtherOperationAndEveryWriteIsRefused() {
        assertForbidden(exec(CONTEXT, "requestBody(java.lang.String,java.lang.Object)",
                "\"aws2-secrets-manager://read?operation=getSecret\"", "\"cold-archiving/local-postgres\""));
        assertForbidden(exec(CONTEXT, "sendStringBody(java.lang.String,java.lang.String)",
                "\"direct:archive-run\"", "\"x\""));
        assertForbidden(exec(CONTEXT, "stop()"));
        assertForbidden(exec(ROUTE, "updateRouteFromXml(java.lang.String)", "\"<routes/>\""));
        assertForbidden(exec("java.lang:type=Memory", "gc()"));
        assertForbidden(Management.postJson("/observe/jolokia/", "{\"type\":\"write\",\"mbean\":\"" + CONTEXT
                + "\",\"attribute\":\"Tracing\",\"value\":true}"));
        assertForbidden(Management.postJson("/observe/jolokia/", "{\"type\":\"write\",\"mbean\":\"" + ROUTE
                + "\",\"attribute\":\"Tracing\",\"value\":true}"));
        for (ObjectName name : camelMBeanOfEachType()) {
            String type = name.getKeyProperty("type");
            if (!"routes".equals(type)) {
                assertForbidden(exec(quoted(name), "stop()"));
            }
        }
        assertEquals("Started", context.getStatus().name());
    }

    @Test
    void everyCamelMBeanTypeStaysReadable() throws Exception {
        for (ObjectName name : camelMBeanOfEachType()) {
            MBeanAttributeInfo[] attributes = ManagementFactory.getPlatformMBeanServer().getMBeanInfo(name)
                    .getAttributes();
            if (attributes.length == 0) {
                continue;
            }
            HttpResponse<String> read = Management.postJson("/observe/jolokia/", "{\"type\":\"read\",\"mbean\":\""
                    + quoted(name) + "\",\"attribute\":\"" + attributes[0].getName() + "\"}");
            assertFalse(read.body().contains("\"status\":403"), name + ": " + read.body());
        }
    }

    /** One MBean of every Camel type this application registers (context, routes, components, ...). */
    private static Set<ObjectName> camelMBeanOfEachType() {
        Set<String> seen = new TreeSet<>();
        Set<ObjectName> names = new java.util.LinkedHashSet<>();
        try {
            for (ObjectName name : ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName("org.apache.camel:context=cold-archiving,*"), null)) {
                if (seen.add(name.getKeyProperty("type"))) {
                    names.add(name);
                }
            }
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        assertTrue(seen.containsAll(Set.of("context", "routes", "components", "endpoints")), seen.toString());
        return names;
    }

    private static String quoted(ObjectName name) {
        return name.getCanonicalName().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static HttpResponse<String> exec(String mbean, String operation, String... arguments) {
        return Management.postJson("/observe/jolokia/", "{\"type\":\"exec\",\"mbean\":\"" + mbean
                + "\",\"operation\":\"" + operation + "\",\"arguments\":[" + String.join(",", arguments) + "]}");
    }

    private static void assertAllowed(HttpResponse<String> response) {
        assertTrue(response.body().contains("\"status\":200"), response.body());
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertTrue(response.body().contains("\"status\":403"), response.body());
    }
}
