package org.coldarchiving.routes;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.BeanInject;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.coldarchiving.database.DatabaseLister;
import org.coldarchiving.manifest.CountedDumps;
import org.coldarchiving.manifest.ManifestStore;
import org.coldarchiving.database.VersionedTables;
import org.coldarchiving.discovery.RdsDiscovery;
import org.coldarchiving.discovery.TaggedInstance;
import org.coldarchiving.dump.DumpCommands;
import org.coldarchiving.fleet.ArchiveLeases;
import org.coldarchiving.fleet.Attempts;
import org.coldarchiving.fleet.RunRecords;
import org.coldarchiving.journal.Journal;
import org.coldarchiving.journal.JournalTtlCheck;
import org.coldarchiving.recovery.ArchiveRecovery;
import org.coldarchiving.run.RunSummary;
import org.coldarchiving.run.RunTally;
import org.coldarchiving.store.ArchiveUploader;
import org.coldarchiving.store.StoredArchive;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse;

/**
 * What the route tests share: the real route files and settings, with the beans that reach RDS, database
 * servers, DynamoDB and S3 replaced by {@link RouteFakes}, and every AWS endpoint (Secrets Manager, S3,
 * DynamoDB, SQS, SNS) replaced by a mock that answers as the service would. Nothing leaves the JVM but the
 * printf/false child processes that stand in for the dump tool. The concrete classes carry
 * {@code @CamelMainTest} with application.properties and route-test.properties, and mock the AWS
 * endpoints ({@code mockEndpointsAndSkip = "(aws2-|aws-secrets-manager).*"}).
 */
abstract class RouteTestSupport {

    static final String PASSWORD = "route-test-pw";

    @BeanInject
    CamelContext context;

    @ReplaceInRegistry
    RdsDiscovery rdsDiscovery = new RouteFakes.Discovery();
    @ReplaceInRegistry
    DatabaseLister databaseLister = new RouteFakes.Lister();
    @ReplaceInRegistry
    VersionedTables versionedTables = new RouteFakes.NoVersionedTables();
    @ReplaceInRegistry
    DumpCommands dumpCommands = new RouteFakes.Commands();
    @ReplaceInRegistry
    CountedDumps countedDumps = new RouteFakes.NoRowCounts();
    @ReplaceInRegistry
    ManifestStore manifestStore = new RouteFakes.MemoryManifests();
    @ReplaceInRegistry
    ArchiveUploader archiveUploader = new RouteFakes.Uploader();
    @ReplaceInRegistry
    Journal journal = new RouteFakes.MemoryJournal();
    @ReplaceInRegistry
    ArchiveRecovery archiveRecovery = new RouteFakes.NoRecovery();
    @ReplaceInRegistry
    RunRecords runRecords = new RouteFakes.MemoryRunRecords();
    /** Counts into the run records in memory. */
    @ReplaceInRegistry
    RunTally runTally = RouteFakes.tally(runRecords);
    @ReplaceInRegistry
    ArchiveLeases archiveLeases = new RouteFakes.FreeLeases();
    @ReplaceInRegistry
    Attempts attempts = new RouteFakes.MemoryAttempts();
    /** The start-up TTL check asks DynamoDB, which is not there (and retrying costs seconds per test). */
    @ReplaceInRegistry
    JournalTtlCheck journalTtlCheck = new RouteFakes.NoTtlCheck();

    RouteFakes.Discovery discovery() {
        return (RouteFakes.Discovery) rdsDiscovery;
    }

    RouteFakes.Lister lister() {
        return (RouteFakes.Lister) databaseLister;
    }

    RouteFakes.Commands commands() {
        return (RouteFakes.Commands) dumpCommands;
    }

    RouteFakes.MemoryJournal memoryJournal() {
        return (RouteFakes.MemoryJournal) journal;
    }

    /** A PostgreSQL instance tagged Active, with extra tags. */
    static TaggedInstance instance(String id, Map<String, String> extraTags) {
        Map<String, String> tags = new java.util.HashMap<>(extraTags);
        tags.put("arch:AutomatedArchiving", "Active");
        return new TaggedInstance(id, "postgres", id + ".rds.local", 5432, 10, tags);
    }

    MockEndpoint mock(String scheme) {
        return context.getEndpoints().stream().filter(e -> e.getEndpointUri().startsWith("mock://" + scheme))
                .map(MockEndpoint.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no mock for " + scheme + " in " + context.getEndpoints()));
    }

    MockEndpoint secrets() {
        return mock("aws-secrets-manager:database-credentials");
    }

    MockEndpoint s3() {
        return mock("aws2-s3");
    }

    MockEndpoint deadLetters() {
        return mock("aws2-sqs:dead-letters");
    }

    MockEndpoint alerts() {
        return mock("aws2-sns");
    }

    /** The mocks answer as the services would when everything is well. */
    void servicesAnswer() {
        secrets().whenAnyExchangeReceived(e -> e.getMessage()
                .setBody("{\"username\":\"backup\",\"password\":\"" + PASSWORD + "\"}"));
        s3().whenAnyExchangeReceived(e -> {
            String operation = operation(e);
            StoredArchive uploaded = e.getVariable("uploaded", StoredArchive.class);
            if (operation.contains("headObject")) {
                e.getMessage().setBody(HeadObjectResponse.builder().contentLength(uploaded.sizeBytes()).build());
            } else if (operation.contains("putObjectTagging")) {
                e.getMessage().setBody(PutObjectTaggingResponse.builder().build());
            }
        });
        mock("aws2-ddb").whenAnyExchangeReceived(e -> e.getMessage().setHeader("CamelAwsDdbItems", List.of()));
    }

    /** Which S3 operation an exchange sent to the S3 mock asked for. */
    static String operation(Exchange e) {
        return e.getProperty(Exchange.INTERCEPTED_ENDPOINT, String.class);
    }

    List<String> s3Operations() {
        return s3().getReceivedExchanges().stream().map(RouteTestSupport::operation)
                .map(uri -> uri.replaceAll(".*operation=([A-Za-z]+).*", "$1")).toList();
    }

    List<String> bodies(MockEndpoint mock) {
        return mock.getReceivedExchanges().stream().map(e -> e.getMessage().getBody(String.class)).toList();
    }

    RunSummary run(String runId) {
        return context.createProducerTemplate().requestBody("direct:archive-run", runId, RunSummary.class);
    }
}
