package org.coldarchiving.flow;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.support.LocalServices;

/**
 * What the tests that start the application in-process share (each names its settings with
 * {@code @CamelMainTest}): the local services, the running Camel context, and a way to run one archive
 * cycle under a given run id, as the schedule does.
 */
abstract class InProcessArchiveTest {

    final LocalServices aws = new LocalServices();

    @BeanInject
    CamelContext context;

    /** One archive run, synchronously; returns its totals. */
    RunSummary run(String runId) {
        return context.createProducerTemplate().requestBody("direct:archive-run", runId, RunSummary.class);
    }
}
