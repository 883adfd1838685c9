package org.coldarchiving.fleet;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The properties function {@code fleet:}, for what the routes need decided from the settings before they
 * are built: {@code {{fleet:sqs}}} / {@code {{fleet:local}}} say which work queue consumes (SQS when
 * {@code archive.work-queue-url} is set, the in-process seda queue otherwise), and
 * {@code {{fleet:parallelism}}} is {@code archive.parallelism} with 0 resolved from the machine
 * ({@link #defaultParallelism}).
 */
public class FleetSettings implements PropertiesFunction, CamelContextAware {

    /** Heap one archive needs: its upload buffers (16 MiB parts x 3) plus the compressor's, with room. */
    static final long HEAP_PER_ARCHIVE = 256L * 1024 * 1024;
    private CamelContext camelContext;

    @Override
    public String getName() {
        return "fleet";
    }

    @Override
    public String apply(String remainder) {
        String queueUrl = setting("archive.work-queue-url").orElse("").trim();
        return switch (remainder) {
            case "sqs" -> Boolean.toString(!queueUrl.isEmpty());
            case "local" -> Boolean.toString(queueUrl.isEmpty());
            case "parallelism" -> Integer.toString(parallelism(setting("archive.parallelism").orElse("0")));
            default -> throw new IllegalArgumentException("{{fleet:" + remainder
                    + "}} is not known: use fleet:sqs, fleet:local or fleet:parallelism");
        };
    }

    private Optional<String> setting(String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key);
    }

    static int parallelism(String setting) {
        int value;
        try {
            value = Integer.parseInt(setting.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("archive.parallelism=" + setting
                    + " is not a number: use 0 (sized from CPUs and memory) or the archives to run at once");
        }
        if (value < 0) {
            throw new IllegalArgumentException("archive.parallelism=" + setting + " must be 0 (auto) or more");
        }
        return value > 0 ? value : defaultParallelism(Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory());
    }

    /**
     * One archive per CPU (each runs a dump tool and a compressor beside it), as far as the heap holds one
     * archive's buffers per {@value #HEAP_PER_ARCHIVE} bytes, and at least one.
     */
    static int defaultParallelism(int cpus, long maxHeap) {
        return (int) Math.max(1, Math.min(cpus, maxHeap / HEAP_PER_ARCHIVE));
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
