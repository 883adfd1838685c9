package org.coldarchiving.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.coldarchiving.aws.AwsClients;
import org.coldarchiving.aws.AwsSettings;
import org.coldarchiving.aws.ChaosInterceptor;
import org.coldarchiving.aws.ChaosInterceptor.Kind;
import org.coldarchiving.support.LocalServices;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The AWS fault injector (archive.chaos-seed), against moto: inert by default, deterministic, AWS's errors. */
class ChaosInterceptorTest {

    static AwsSettings chaos(String seed, String faults) {
        AwsSettings settings = new AwsSettings();
        settings.setS3PathStyle(true);
        settings.setChaosSeed(seed);
        settings.setChaosFaults(faults);
        return settings;
    }

    @Test
    void offByDefaultAndWithABlankSeed() {
        assertNull(ChaosInterceptor.of("", "1"));
        assertNull(ChaosInterceptor.of(null, null));
        AwsSettings settings = new AwsSettings();
        assertEquals("", settings.getChaosSeed());
        S3Client s3 = AwsClients.s3(chaos("", "1"));
        for (int i = 0; i < 50; i++) {
            s3.headBucket(r -> r.bucket(LocalServices.BUCKET)); // no call fails
        }
    }

    @Test
    void aSeedDecidesTheSameFaultsForTheSameCallsAndAnotherSeedOthers() {
        List<Kind> plan = ChaosInterceptor.of("42", "0.2").plan("DynamoDB", "UpdateItem", 2000);
        assertEquals(plan, ChaosInterceptor.of("42", "0.2").plan("DynamoDB", "UpdateItem", 2000));
        assertNotEquals(plan, ChaosInterceptor.of("43", "0.2").plan("DynamoDB", "UpdateItem", 2000));
        assertNotEquals(plan, ChaosInterceptor.of("42", "0.2").plan("DynamoDB", "PutItem", 2000));
        long faults = plan.stream().filter(k -> k != null).count();
        assertTrue(faults > 300 && faults < 500, "about a fifth of 2000 calls: " + faults);
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        plan.stream().filter(k -> k != null).forEach(k -> kinds.merge(k, 1, Integer::sum));
        assertEquals(Kind.values().length, kinds.size(), "every kind occurs: " + kinds);
    }

    @Test
    void ratesPerServiceAndOperationOverrideTheDefault() {
        ChaosInterceptor chaos = ChaosInterceptor.of("7", "0,S3=1,DynamoDB.UpdateItem=1");
        assertTrue(chaos.plan("S3", "PutObject", 50).stream().allMatch(k -> k != null));
        assertTrue(chaos.plan("DynamoDB", "UpdateItem", 50).stream().allMatch(k -> k != null));
        assertTrue(chaos.plan("DynamoDB", "PutItem", 50).stream().allMatch(k -> k == null));
        assertTrue(chaos.plan("SQS", "SendMessage", 50).stream().allMatch(k -> k == null));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ChaosInterceptor.of("x", ""));
        assertTrue(bad.getMessage().contains("archive.chaos-seed"), bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> ChaosInterceptor.of("1", "S3=2"));
        assertTrue(bad.getMessage().contains("archive.chaos-faults"), bad.getMessage());
    }

    @Test
    void theFaultsAreTheErrorsAwsGivesAndALostResponseWasApplied() {
        String seed = "11";
        ChaosInterceptor plan = ChaosInterceptor.of(seed, "S3=1,0");
        S3Client s3 = AwsClients.s3(chaos(seed, "S3=1,0"));
        List<Kind> kinds = plan.plan("S3", "PutObject", 30);
        List<String> seen = new ArrayList<>();
        String prefix = "chaos-test/" + System.nanoTime() + "/";
        for (int call = 1; call <= kinds.size(); call++) {
            String key = prefix + call;
            RuntimeException e = assertThrows(RuntimeException.class, () -> s3.putObject(
                    r -> r.bucket(LocalServices.BUCKET).key(key), RequestBody.fromString("x")));
            Kind kind = kinds.get(call - 1);
            seen.add(kind + ":" + e);
            switch (kind) {
                case THROTTLING -> {
                    S3Exception s = (S3Exception) e;
                    assertEquals(503, s.statusCode());
                    assertEquals("SlowDown", s.awsErrorDetails().errorCode());
                    assertTrue(s.isThrottlingException() || s.statusCode() == 503);
                }
                case INTERNAL_ERROR -> assertEquals(500, ((S3Exception) e).statusCode());
                case TIMEOUT, CONNECTION_RESET -> assertTrue(e instanceof SdkClientException, e::toString);
                case LOST_RESPONSE -> assertTrue(e instanceof SdkClientException, e::toString);
                default -> throw new AssertionError(kind);
            }
            boolean stored = new LocalServices().objects(key).size() == 1;
            assertEquals(kind == Kind.LOST_RESPONSE, stored, "only a lost response was applied: " + kind);
        }
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("LOST_RESPONSE")), seen::toString);
    }

    @Test
    void everyClientOfTheApplicationGetsTheInjectorWithServicesNamedAsTheSettingSaysThem() {
        AwsSettings all = chaos("5", "0,S3=1,DynamoDB=1,SQS=1,SNS=1,SecretsManager=1,RDS=1");
        S3Client s3 = AwsClients.s3(all);
        DynamoDbClient ddb = AwsClients.dynamoDb(all);
        SqsClient sqs = AwsClients.sqs(all);
        SnsClient sns = AwsClients.sns(all);
        SecretsManagerClient secrets = AwsClients.secretsManager(all);
        RdsClient rds = AwsClients.rds(all);
        List<Runnable> calls = List.of(() -> s3.headBucket(r -> r.bucket(LocalServices.BUCKET)),
                () -> ddb.listTables(), () -> sqs.listQueues(), () -> sns.listTopics(),
                () -> secrets.listSecrets(r -> { }), () -> rds.describeDBInstances());
        for (Runnable call : calls) {
            for (int i = 0; i < 8; i++) {
                RuntimeException e = assertThrows(RuntimeException.class, call::run);
                assertTrue(e instanceof SdkClientException || e instanceof AwsServiceException, e::toString);
            }
        }
        AwsClients.rds(chaos("5", "0")).describeDBInstances(); // a zero rate fails nothing
    }
}
