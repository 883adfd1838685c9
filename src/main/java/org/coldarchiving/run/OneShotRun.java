package org.coldarchiving.run;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a one-shot task ({@code archive.once=true}, the task named by {@code archive.task}): remembers the
 * exit code (0 only if the task did everything it set out to do) and stops Camel, which ends the process.
 */
public class OneShotRun implements CamelContextAware {

    /** The tasks {@code archive.task} can name. */
    public static final List<String> TASKS = List.of("archive", "retention", "restore", "verify");
    private static final Logger LOG = LoggerFactory.getLogger(OneShotRun.class);
    private CamelContext camelContext;
    private boolean enabled;
    private String task;
    private volatile int exitCode = -1;

    /** Set from archive.once: a one-shot process that stops before its task finished exits non-zero. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Set from archive.task. */
    public void setTask(String task) {
        this.task = task == null ? "" : task.trim();
    }

    /** Refuses to start with a task that does not exist, naming the setting. */
    public void check() {
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("archive.task='" + task + "' is not a task: use one of " + TASKS
                    + " (archive: one archive run; retention: delete the archives whose retention ended; restore: restore "
                    + "one archive, archive.restore.*; verify: prove that the newest archives restore, archive.verify.*)");
        }
    }

    public void finish(TaskOutcome outcome) {
        LOG.info("One-shot {} {}; stopping with exit code {}", task, outcome, outcome.exitCode());
        stop(outcome.exitCode());
    }

    /** The task broke off before its end: stop with a failure exit code. */
    public void brokeOff(Exception cause) {
        LOG.error("One-shot {} broke off; stopping with exit code 1: {}", task, cause.getMessage());
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

    /** 0, 1 or 3 for a finished one-shot task, 2 for one stopped before it finished, -1 outside one-shot mode. */
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
