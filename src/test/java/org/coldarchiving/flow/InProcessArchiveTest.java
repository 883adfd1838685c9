package org.coldarchiving.flow;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.CapturedLogs;
import org.coldarchiving.support.LocalServices;

/**
 * What the tests that start the application in-process share (each names its settings with
 * {@code @CamelMainTest}): the local services, the running Camel context, and a way to run one archive
 * cycle under a given run id, as the schedule does (with or without its log lines).
 */
abstract class InProcessArchiveTest {

    final LocalServices aws = new LocalServices();

    @BeanInject
    CamelContext context;

    /** One archive run, synchronously; returns its totals. */
    RunSummary run(String runId) {
        return context.createProducerTemplate().requestBody("direct:archive-run", runId, RunSummary.class);
    }

    /** A run's totals and every log line it wrote, as text and as JSON (archive.log-format=json). */
    record LoggedRun(RunSummary summary, String text, String json) {
    }

    /** One archive run, with the log lines it wrote. */
    LoggedRun runLogged(String runId) {
        try (CapturedLogs logs = new CapturedLogs()) {
            RunSummary summary = run(runId);
            return new LoggedRun(summary, logs.text(), logs.json());
        }
    }
}
