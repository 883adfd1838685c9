package org.coldarchiving.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Start-up: warns when the journal table's TTL attribute is still {@code ExpiresAt}. DynamoDB would then
 * delete the row of an archive whose retention ended, before retention deleted its object: the object
 * would stay billed and recorded nowhere. The TTL attribute is {@code PurgeAt}.
 */
public class JournalTtlCheck {

    private static final Logger LOG = LoggerFactory.getLogger(JournalTtlCheck.class);
    private final DynamoDbClient ddb;
    private String table;

    public JournalTtlCheck(DynamoDbClient ddb) {
        this.ddb = ddb;
    }

    public void setTable(String table) {
        this.table = table;
    }

    public void check() {
        TimeToLiveDescription ttl;
        try {
            ttl = ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            LOG.warn("Could not read the TTL of journal table {} ({}): check that it is on PurgeAt, not ExpiresAt",
                    table, why.length() > 160 ? why.substring(0, 157) + "..." : why);
            return;
        }
        boolean on = ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING);
        if (on && "ExpiresAt".equals(ttl.attributeName())) {
            LOG.warn("Journal table {} expires rows on ExpiresAt (TTL): DynamoDB deletes the row of an expired "
                    + "archive before retention deletes its object, which then stays billed and recorded nowhere. "
                    + "Move the TTL to PurgeAt: aws dynamodb update-time-to-live --table-name {} "
                    + "--time-to-live-specification Enabled=false,AttributeName=ExpiresAt ; then, once that is "
                    + "done (DynamoDB takes up to an hour): aws dynamodb update-time-to-live --table-name {} "
                    + "--time-to-live-specification Enabled=true,AttributeName=PurgeAt "
                    + "(or update the CloudFormation stack, whose template has TTL on PurgeAt)", table, table, table);
        }
    }
}
