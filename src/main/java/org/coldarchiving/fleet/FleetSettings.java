package org.coldarchiving.fleet;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The properties function {@code fleet:}, for what the routes need decided from the settings before they
 * are built: {@code {{fleet:parallelism}}} is {@code archive.parallelism} with 0 resolved from the
 * machine ({@link #defaultParallelism}), the number of consumers of the work queue.
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
        if (!"parallelism".equals(remainder)) {
            throw new IllegalArgumentException("{{fleet:" + remainder + "}} is not known: use {{fleet:parallelism}}");
        }
        return Integer.toString(parallelism(camelContext.getPropertiesComponent()
                .resolveProperty("archive.parallelism").orElse("0")));
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
