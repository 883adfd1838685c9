package org.coldarchiving.health;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Readiness: one AWS resource the archive needs, reached with the task's own credentials by the cheapest
 * call that proves it (HeadBucket, DescribeTable, GetQueueAttributes, GetTopicAttributes). DOWN names the
 * resource and says why (missing, access denied, unreachable). Not a liveness check: a process that
 * cannot reach S3 is not stuck, and restarting it would not help.
 */
public final class AwsResourceCheck extends AbstractHealthCheck {

    /** The call that proves a resource is there and allowed; throws when it is not. */
    @FunctionalInterface
    interface Probe {
        void call();
    }

    private final String what;
    private final Probe probe;

    private AwsResourceCheck(String id, String what, Probe probe) {
        super("cold-archiving", id);
        this.what = what;
        this.probe = probe;
    }

    public static AwsResourceCheck bucket(S3Client s3, String bucket) {
        return new AwsResourceCheck("archive-bucket", "bucket " + bucket, () -> s3.headBucket(r -> r.bucket(bucket)));
    }

    public static AwsResourceCheck journalTable(DynamoDbClient ddb, String table) {
        return new AwsResourceCheck("journal-table", "journal table " + table,
                () -> ddb.describeTable(r -> r.tableName(table)));
    }

    public static AwsResourceCheck deadLetterQueue(SqsClient sqs, String queueUrl) {
        // named by the queue's name: the health JSON escapes every '/' of a URL
        String name = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        return new AwsResourceCheck("dead-letter-queue", "dead-letter queue " + name,
                () -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN)));
    }

    public static AwsResourceCheck alertTopic(SnsClient sns, String topicArn) {
        return new AwsResourceCheck("alert-topic", "alert topic " + topicArn,
                () -> sns.getTopicAttributes(r -> r.topicArn(topicArn)));
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            probe.call();
            builder.up();
        } catch (AwsServiceException e) {
            // HeadBucket has no body, so its 404/403 come without an error code: say it in words
            String reason = switch (e.statusCode()) {
                case 404 -> "does not exist";
                case 403 -> "access denied with the task's credentials";
                default -> e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                        ? e.awsErrorDetails().errorMessage() : "HTTP " + e.statusCode();
            };
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            builder.message(what + ": " + reason + (code == null || code.isEmpty() ? "" : " (" + code + ")"))
                    .error(e).down();
        } catch (RuntimeException e) {
            builder.message(what + ": cannot be reached: " + e.getMessage()).error(e).down();
        }
    }
}
