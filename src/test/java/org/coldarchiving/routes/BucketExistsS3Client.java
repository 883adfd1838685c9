package org.coldarchiving.routes;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;

/**
 * Camel's aws2-s3 endpoint asks S3 whether its bucket exists when it starts, before a mock can take its
 * place: this client (route-test.properties gives it to the aws2-s3 component) answers that one question;
 * every S3 operation of the routes goes to a mock. Any other call fails, as the SDK's defaults do.
 */
public class BucketExistsS3Client implements S3Client {

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
        return HeadBucketResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public void close() {
        // nothing to close
    }
}
