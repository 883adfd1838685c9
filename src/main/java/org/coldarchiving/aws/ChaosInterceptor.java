package org.coldarchiving.aws;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * TEST ONLY (archive.chaos-seed): fails a fraction of AWS calls the way AWS and the network fail them, to
 * check that nothing is lost when they do. Inert unless a seed is set. The decision for a call depends only
 * on the seed, the service, the operation and the call's index among the calls of that operation in this
 * client (not on timing), so a replayed seed fails the same calls with the same errors. A fault is thrown
 * before the request is sent (throttling, 500, timeout, connection reset: nothing was applied), or after
 * the response arrived (LOST_RESPONSE: the write was applied, the caller never hears of it; the SDK retries
 * it as any connection error, so each attempt is applied and lost, and logged). Each fault is logged at WARN
 * as {@code chaos-fault kind=... service=... operation=... call=... seed=...}.
 */
public final class ChaosInterceptor implements ExecutionInterceptor {

    /** The kinds of fault, as logged. */
    public enum Kind {
        THROTTLING, INTERNAL_ERROR, TIMEOUT, CONNECTION_RESET, LOST_RESPONSE
    }

    private static final Logger LOG = LoggerFactory.getLogger(ChaosInterceptor.class);
    private static final ExecutionAttribute<Kind> LOST = new ExecutionAttribute<>("chaos-lost-response");
    private static final ExecutionAttribute<Long> CALL = new ExecutionAttribute<>("chaos-call");

    private final long seed;
    private final double defaultRate;
    private final Map<String, Double> rates;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    private ChaosInterceptor(long seed, double defaultRate, Map<String, Double> rates) {
        this.seed = seed;
        this.defaultRate = defaultRate;
        this.rates = rates;
    }

    /**
     * The interceptor for these settings, or null when chaos is off (blank seed).
     *
     * @param seed  any integer; blank: off
     * @param faults the fraction of calls to fail: a default ({@code 0.05}) and/or overrides per service (S3, DynamoDB, SQS, SNS,
     *               SecretsManager, RDS; any case) or service and operation, comma-separated ({@code 0.02,S3=0.1,DynamoDB.UpdateItem=0.3,SNS=0})
     */
    public static ChaosInterceptor of(String seed, String faults) {
        if (seed == null || seed.isBlank()) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(seed.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("archive.chaos-seed must be an integer, got '" + seed.trim()
                    + "': set a number, or leave it empty (chaos off)");
        }
        double fallback = 0.05;
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String part : (faults == null ? "" : faults).split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            try {
                if (eq < 0) {
                    fallback = rate(p);
                } else {
                    rates.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), rate(p.substring(eq + 1).trim()));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("archive.chaos-faults: '" + p + "' is not a fraction between 0 "
                        + "and 1 (or SERVICE[.Operation]=fraction), e.g. 0.05,S3=0.1,DynamoDB.UpdateItem=0.3");
            }
        }
        return new ChaosInterceptor(value, fallback, rates);
    }

    private static double rate(String text) {
        double r = Double.parseDouble(text);
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalArgumentException(text);
        }
        return r;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = serviceOf(attributes);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        long call = calls.computeIfAbsent(service + "." + operation, k -> new AtomicLong()).incrementAndGet();
        Kind kind = decide(service, operation, call);
        if (kind == null) {
            return;
        }
        if (kind == Kind.LOST_RESPONSE) {
            attributes.putAttribute(LOST, kind);
            attributes.putAttribute(CALL, call);
            return;
        }
        log(kind, service, operation, call);
        throw fault(kind, service);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (attributes.getAttribute(LOST) != null) {
            String service = serviceOf(attributes);
            log(Kind.LOST_RESPONSE, service, attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                    attributes.getAttribute(CALL));
            throw fault(Kind.LOST_RESPONSE, service);
        }
        return context.response();
    }

    /** The service as the SDK names it, without spaces: S3, DynamoDB, Sqs, Sns, SecretsManager, Rds. */
    private static String serviceOf(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).replace(" ", "");
    }

    /** The fault for this call, or null: a pure function of seed, service, operation and call index. */
    public Kind decide(String service, String operation, long call) {
        double rate = rateOf(service, operation);
        if (rate <= 0) {
            return null;
        }
        long h = mix(seed ^ mix((service + "." + operation).hashCode()) ^ mix(call * 0x9E3779B97F4A7C15L));
        double u = (h >>> 11) * 0x1.0p-53;
        if (u >= rate) {
            return null;
        }
        return Kind.values()[(int) Long.remainderUnsigned(mix(h), Kind.values().length)];
    }

    private double rateOf(String service, String operation) {
        String s = service.toLowerCase(Locale.ROOT);
        Double r = rates.get(s + "." + operation.toLowerCase(Locale.ROOT));
        if (r == null) {
            r = rates.get(s);
        }
        return r == null ? defaultRate : r;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void log(Kind kind, String service, String operation, long call) {
        LOG.warn("chaos-fault kind={} service={} operation={} call={} seed={}", kind, service, operation, call, seed);
    }

    /** The error AWS or the network gives for this kind of fault. */
    static RuntimeException fault(Kind kind, String service) {
        return switch (kind) {
            case THROTTLING -> "S3".equalsIgnoreCase(service)
                    ? serviceError(service, 503, "SlowDown", "Please reduce your request rate.")
                    : serviceError(service, 400, "ThrottlingException", "Rate exceeded");
            case INTERNAL_ERROR -> serviceError(service, 500, "InternalError",
                    "We encountered an internal error. Please try again.");
            case TIMEOUT -> SdkClientException.builder().message("Unable to execute HTTP request: Read timed out")
                    .cause(new SocketTimeoutException("Read timed out")).build();
            case CONNECTION_RESET -> SdkClientException.builder()
                    .message("Unable to execute HTTP request: Connection reset").cause(new SocketException("Connection reset"))
                    .build();
            case LOST_RESPONSE -> SdkClientException.builder()
                    .message("Unable to execute HTTP request: The target server failed to respond")
                    .cause(new SocketException("The target server failed to respond")).build();
        };
    }

    private static AwsServiceException serviceError(String service, int status, String code, String message) {
        AwsServiceException.Builder builder = switch (service.toLowerCase(Locale.ROOT)) {
            case "s3" -> S3Exception.builder();
            case "dynamodb" -> DynamoDbException.builder();
            case "sqs" -> SqsException.builder();
            case "sns" -> SnsException.builder();
            case "secretsmanager" -> SecretsManagerException.builder();
            case "rds" -> RdsException.builder();
            default -> AwsServiceException.builder();
        };
        return builder.statusCode(status).message(message + " (Service: " + service + ", Status Code: " + status
                + ", Request ID: chaos)").awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                .serviceName(service).sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build()).build())
                .build();
    }

    /** For tests: the faults this seed gives the first {@code n} calls of one operation. */
    public List<Kind> plan(String service, String operation, int n) {
        List<Kind> kinds = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            kinds.add(decide(service, operation, i));
        }
        return kinds;
    }
}
