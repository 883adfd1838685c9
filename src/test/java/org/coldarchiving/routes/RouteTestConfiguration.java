package org.coldarchiving.routes;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import software.amazon.awssdk.services.s3.S3Client;

/** Bound before the components are configured, so that route-test.properties can name it. */
public class RouteTestConfiguration implements CamelConfiguration {

    @BindToRegistry("bucketExists")
    public S3Client bucketExists() {
        return RouteFakes.bucketExists();
    }
}
