package org.coldarchiving.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.coldarchiving.Application;
import org.coldarchiving.discovery.ArchiveInstance;
import org.coldarchiving.discovery.ArchiveTags;
import org.coldarchiving.discovery.DatabaseToArchive;
import org.coldarchiving.fleet.WorkQueue;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

/**
 * A work message from SQS whose receipt handle went stale before its failed attempt was put back for the
 * retry (its visibility ended and another receive took it, or it is visible again): the error handler goes
 * on, the message is not deleted (SQS hands it out again: the database is retried), and nothing is lost in
 * the error handler. archive-work is called as the SQS consumer calls it, with the receipt handle header.
 */
@CamelMainTest(mainClass = Application.class,
        propertyPlaceholderLocations = {"classpath:route-test.properties", "file:application.properties"},
        mockEndpointsAndSkip = "(aws2-|aws-secrets-manager).*")
class WorkQueueRoutesTest extends RouteTestSupport {

    static final String RUN = "2026-12-01T01:30:00Z";
    static final String STALE = "receipt-of-a-message-received-again-since";
    final List<ChangeMessageVisibilityRequest> visibilityChanges = new CopyOnWriteArrayList<>();

    /** The SQS work queue, three attempts; its client says every receipt handle is stale. */
    @ReplaceInRegistry
    WorkQueue workQueue = staleReceiptQueue();

    WorkQueue staleReceiptQueue() {
        SqsClient sqs = new SqsClient() {
            @Override
            public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest request) {
                visibilityChanges.add(request);
                throw ReceiptHandleIsInvalidException.builder()
                        .message("The input receipt handle \"" + request.receiptHandle() + "\" is not valid (fake)").build();
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };
        WorkQueue queue = new WorkQueue(sqs);
        queue.setQueueUrl("https://sqs.us-east-1.amazonaws.com/000000000000/cold-archiving-work.fifo");
        queue.setAttempts(3);
        return queue;
    }

    @Test
    void aRetryWhoseReceiptIsStaleLeavesTheMessageOnTheQueueForTheNextAttempt() throws Exception {
        servicesAnswer();
        commands().failing.add("billing");
        ArchiveInstance instance = context.getRegistry().lookupByNameAndType("archiveTags", ArchiveTags.class)
                .resolve(instance("pg-1", Map.of()));
        String message = new ObjectMapper().writeValueAsString(
                workQueue.message(instance, new DatabaseToArchive("billing", 1000, 15), RUN));

        Exchange done = context.createProducerTemplate().send("direct:archive-work", e -> {
            e.getMessage().setBody(message);
            e.getMessage().setHeader("CamelAwsSqsReceiptHandle", STALE);
        });

        assertNull(done.getException(), "the error handler went on");
        assertEquals(1, visibilityChanges.size(), "the retry asked SQS to put the message back");
        assertEquals(STALE, visibilityChanges.get(0).receiptHandle());
        assertEquals(30, visibilityChanges.get(0).visibilityTimeout(), "after the first backoff");
        assertEquals(Boolean.FALSE, done.getProperty("CamelAwsSqsDeleteFiltered"),
                "not deleted: SQS hands the message out again, and the database is retried");
        assertTrue(memoryJournal().failures.isEmpty(), "attempt 1 of 3: not reported as failed");
        assertTrue(deadLetters().getReceivedExchanges().isEmpty(), "no dead letter for attempt 1 of 3");
    }
}
