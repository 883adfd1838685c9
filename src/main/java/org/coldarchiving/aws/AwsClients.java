package org.coldarchiving.aws;

import java.net.URI;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds every AWS SDK client of the application from one {@link AwsSettings}, so region, endpoint and
 * S3 addressing are configured once. Credentials always come from the SDK's default provider chain.
 */
public final class AwsClients {

    private AwsClients() {
    }

    public static S3Client s3(AwsSettings settings) {
        return configure(S3Client.builder(), settings).forcePathStyle(settings.isS3PathStyle()).build();
    }

    public static RdsClient rds(AwsSettings settings) {
        return configure(RdsClient.builder(), settings).build();
    }

    public static SecretsManagerClient secretsManager(AwsSettings settings) {
        return configure(SecretsManagerClient.builder(), settings).build();
    }

    public static DynamoDbClient dynamoDb(AwsSettings settings) {
        return configure(DynamoDbClient.builder(), settings).build();
    }

    public static SqsClient sqs(AwsSettings settings) {
        return configure(SqsClient.builder(), settings).build();
    }

    public static SnsClient sns(AwsSettings settings) {
        return configure(SnsClient.builder(), settings).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
            AwsSettings settings) {
        builder.httpClientBuilder(ApacheHttpClient.builder().maxConnections(32));
        if (!settings.getRegion().isEmpty()) {
            builder.region(Region.of(settings.getRegion()));
        }
        if (!settings.getEndpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.getEndpoint()));
        }
        ChaosInterceptor chaos = ChaosInterceptor.of(settings.getChaosSeed(), settings.getChaosFaults());
        if (chaos != null) {
            builder.overrideConfiguration(c -> c.addExecutionInterceptor(chaos));
        }
        return builder;
    }
}
