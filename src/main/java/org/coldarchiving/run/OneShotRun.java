package org.coldarchiving.run;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a one-shot run ({@code archive.once=true}): remembers the exit code (0 only if nothing failed)
 * and stops Camel, which ends the process.
 */
public class OneShotRun implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(OneShotRun.class);
    private CamelContext camelContext;
    private boolean enabled;
    private volatile int exitCode = -1;

    /** Set from archive.once: a one-shot process that stops before its run finished exits non-zero. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void finish(RunSummary summary) {
        LOG.info("One-shot {}; stopping with exit code {}", summary, summary.succeeded() ? 0 : 1);
        stop(summary.succeeded() ? 0 : 1);
    }

    /** The run broke off before its end: stop with a failure exit code. */
    public void brokeOff(Exception cause) {
        LOG.error("One-shot run broke off; stopping with exit code 1: {}", cause.getMessage());
        stop(1);
    }

    private void stop(int code) {
        exitCode = code;
        Thread stopper = new Thread(() -> {
            try {
                camelContext.stop();
            } catch (RuntimeException e) {
                LOG.error("Stopping Camel failed", e);
            }
        }, "one-shot-stop");
        stopper.start();
    }

    /** 0 or 1 for a finished one-shot run, 2 for one stopped before it finished, -1 outside one-shot mode. */
    public int exitCode() {
        return exitCode >= 0 || !enabled ? exitCode : 2;
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
