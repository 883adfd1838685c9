package org.coldarchiving.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.coldarchiving.Application;
import org.coldarchiving.run.OneShotRun;
import org.coldarchiving.run.RunSummary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One-shot mode through the real archive-once route: the exit code is 0 when every database archived and
 * 1 when one failed. The route is started by the test once the mocks answer (with archive.once=true it
 * would fire as the context starts); exiting the process itself is OneShotModeTest's, against the stack.
 */
@CamelMainTest(mainClass = Application.class,
        propertyPlaceholderLocations = {"classpath:route-test.properties", "file:application.properties"},
        mockEndpointsAndSkip = "(aws2-|aws-secrets-manager).*")
class OneShotRoutesTest extends RouteTestSupport {

    /** A one-shot run that counts down when it has finished, so the test waits for it without sleeping. */
    static final class ObservedRun extends OneShotRun {
        final CountDownLatch finished = new CountDownLatch(1);

        ObservedRun() {
            setEnabled(true);
        }

        @Override
        public void finish(org.coldarchiving.run.TaskOutcome summary) {
            super.finish(summary);
            finished.countDown();
        }
    }

    @ReplaceInRegistry
    OneShotRun oneShotRun = new ObservedRun();

    @BeforeEach
    void oneInstanceWithTwoDatabases() {
        discovery().instances.add(instance("pg-1", Map.of()));
        servicesAnswer();
    }

    int runOnce() throws Exception {
        context.getRouteController().startRoute("archive-once");
        ObservedRun run = (ObservedRun) oneShotRun;
        assertTrue(run.finished.await(30, TimeUnit.SECONDS), "the one-shot run finished");
        return run.exitCode();
    }

    @Test
    void exitsZeroWhenEveryDatabaseIsArchived() throws Exception {
        assertEquals(0, runOnce());
    }

    @Test
    void exitsOneWhenADatabaseFailed() throws Exception {
        commands().failing.add("billing");
        assertEquals(1, runOnce());
    }

    /** Chaos seed 1 (issue 18): a throttled DescribeDBInstances left the one-shot task running for ever. */
    @Test
    void exitsOneWhenTheDiscoveryFailedInsteadOfNeverEnding() throws Exception {
        discovery().failing = true;
        assertEquals(1, runOnce());
    }

    /** Chaos seed 1 again: with the settling of interrupted archives failed first, the task broke off. */
    @Test
    void aFailedDiscoveryAfterAFailedSettlingStillEndsTheRun() throws Exception {
        ((RouteFakes.NoRecovery) archiveRecovery).failing = true;
        discovery().failing = true;
        assertEquals(1, runOnce()); // finished, with its summary: a task that broke off never counts down
    }
}
