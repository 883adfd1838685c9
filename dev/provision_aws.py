"""Creates the AWS resources of cold-archiving in the local moto server, the way the deployment
template does: archive bucket (versioned), journal table (key schema, the indexes RunningIndex and
ExpiryIndex, TTL on PurgeAt), dead-letter queue, alert topic.
An extra SQS queue subscribed to the alert topic stands in for the operator's e-mail inbox, so tests
and the demo can read alerts. Idempotent: existing resources are brought up to date (versioning, missing indexes, TTL moved from
ExpiresAt to PurgeAt) and otherwise left as they are."""
import json
import os

import boto3

BUCKET = os.environ.get("ARCHIVE_BUCKET", "cold-archiving-archives")
TABLE = os.environ.get("ARCHIVE_JOURNAL_TABLE", "cold-archiving-journal")
DLQ = "cold-archiving-dlq"
TOPIC = "cold-archiving-alerts"
INBOX = "cold-archiving-alerts-inbox"
WORK = "cold-archiving-work.fifo"
WORK_DLQ = "cold-archiving-work-dlq.fifo"

s3 = boto3.client("s3")
ddb = boto3.client("dynamodb")
sqs = boto3.client("sqs")
sns = boto3.client("sns")

if BUCKET not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
    s3.create_bucket(Bucket=BUCKET)
    s3.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
# versioned, as in the template: retention deletes the exact version an archive created
s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})

# The journal's indexes (the same in deploy/cold-archiving.cfn.yaml): RUNNING items (sparse: attribute
# Running exists only while RUNNING) by start, for recovery; items by Status and ExpiresAt, for retention.
ATTRIBUTES = [{"AttributeName": "DatabaseId", "AttributeType": "S"},
              {"AttributeName": "RunId", "AttributeType": "S"},
              {"AttributeName": "Running", "AttributeType": "S"},
              {"AttributeName": "StartedAt", "AttributeType": "S"},
              {"AttributeName": "Status", "AttributeType": "S"},
              {"AttributeName": "ExpiresAt", "AttributeType": "N"}]
INDEXES = [{"IndexName": "RunningIndex",
            "KeySchema": [{"AttributeName": "Running", "KeyType": "HASH"},
                          {"AttributeName": "StartedAt", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}},
           {"IndexName": "ExpiryIndex",
            "KeySchema": [{"AttributeName": "Status", "KeyType": "HASH"},
                          {"AttributeName": "ExpiresAt", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}]

if TABLE not in ddb.list_tables()["TableNames"]:
    ddb.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=ATTRIBUTES,
        KeySchema=[{"AttributeName": "DatabaseId", "KeyType": "HASH"},
                   {"AttributeName": "RunId", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=INDEXES)
else:
    existing = {i["IndexName"] for i in ddb.describe_table(TableName=TABLE)["Table"].get("GlobalSecondaryIndexes", [])}
    for index in INDEXES:
        if index["IndexName"] not in existing:
            ddb.update_table(TableName=TABLE, AttributeDefinitions=ATTRIBUTES,
                             GlobalSecondaryIndexUpdates=[{"Create": index}])
# TTL on PurgeAt (never ExpiresAt: the row of an expired archive must outlive its object)
ttl = ddb.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING") and ttl.get("AttributeName") != "PurgeAt":
    ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={
        "Enabled": False, "AttributeName": ttl["AttributeName"]})
    ttl = ddb.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"]
if ttl.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
    ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "PurgeAt"})

dlq_url = sqs.create_queue(QueueName=DLQ)["QueueUrl"]
# The fleet's work queue (archive.work-queue-url; the tests that run several processes set it): FIFO with
# content-based deduplication, and its own dead-letter queue by redrive (attempts 3, plus room for takeovers).
work_dlq_url = sqs.create_queue(QueueName=WORK_DLQ, Attributes={"FifoQueue": "true"})["QueueUrl"]
work_dlq_arn = sqs.get_queue_attributes(QueueUrl=work_dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
work_url = sqs.create_queue(QueueName=WORK, Attributes={
    "FifoQueue": "true", "ContentBasedDeduplication": "true", "VisibilityTimeout": "120",
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": work_dlq_arn, "maxReceiveCount": "6"})})["QueueUrl"]
inbox_url = sqs.create_queue(QueueName=INBOX)["QueueUrl"]
inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
topic_arn = sns.create_topic(Name=TOPIC)["TopicArn"]
subscribed = [s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]]
if inbox_arn not in subscribed:
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=inbox_arn)

print(json.dumps({"bucket": BUCKET, "table": TABLE, "dlqUrl": dlq_url,
                  "alertTopicArn": topic_arn, "alertInboxUrl": inbox_url,
                  "workQueueUrl": work_url}))
