package org.coldarchiving.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.coldarchiving.Application;
import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.DatabaseToArchive;
import org.coldarchiving.fleet.WorkItem;
import org.coldarchiving.fleet.WorkQueue;
import org.coldarchiving.report.Failure;
import org.coldarchiving.run.RunSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * A database that cannot be put on the work queue (SQS SendMessage failing, chaos seed 2 of issue 18) is
 * that database's failure: journaled FAILED at step enqueue, dead letter and alert naming it, while the
 * instance's other databases are archived. (It was reported as the whole instance, {@code pg-1/*} at step
 * "unknown", and the database itself had no journal row: missing from the run without being named.)
 */
@CamelMainTest(mainClass = Application.class,
        propertyPlaceholderLocations = {"classpath:route-test.properties", "file:application.properties"},
        mockEndpointsAndSkip = "(aws2-|aws-secrets-manager).*")
class EnqueueFailureRoutesTest extends RouteTestSupport {

    static final String RUN = "2026-12-02T01:30:00Z";

    /** The in-process work queue, failing to take one database's message as SQS does with a 500. */
    static final class FailingEnqueue extends WorkQueue {
        FailingEnqueue() {
            super(null);
            setAttempts(3);
            setBackoffSeconds(0);
            setMaxPerInstance(4);
        }

        @Override
        public WorkItem message(ArchiveInstance instance, DatabaseToArchive database, String runId) {
            if ("billing".equals(database.name())) {
                throw SqsException.builder().statusCode(500).message("We encountered an internal error (fake)").build();
            }
            return super.message(instance, database, runId);
        }
    }

    @ReplaceInRegistry
    WorkQueue workQueue = new FailingEnqueue();

    @BeforeEach
    void oneInstanceWithTwoDatabases() {
        discovery().instances.add(instance("pg-1", Map.of()));
        servicesAnswer();
        ((FailingEnqueue) workQueue).setCamelContext(context);
        ((FailingEnqueue) workQueue).check();
    }

    @Test
    void aDatabaseThatCannotBeQueuedIsReportedAsThatDatabaseAndTheOthersAreArchived() {
        RunSummary summary = context.createProducerTemplate().requestBody("direct:archive-run", RUN, RunSummary.class);

        assertEquals(new RunSummary(RUN, 2, 1, 0), summary, "sales and the instance archive; billing failed");
        List<Failure> journaled = memoryJournal().failures;
        assertEquals(List.of("pg-1/billing"), journaled.stream().map(Failure::databaseId).toList(), journaled::toString);
        assertEquals("enqueue", journaled.get(0).step());
        assertEquals("FAILED", memoryJournal().status.get("pg-1/billing@" + RUN));
        List<String> letters = bodies(deadLetters()).stream().filter(m -> m.contains("ArchiveFailed")).toList();
        assertEquals(1, letters.size(), letters::toString);
        assertTrue(letters.get(0).contains("\"databaseId\":\"pg-1/billing\""), letters.get(0));
    }
}
