"""Creates the AWS resources of cold-archiving in the local moto server, the way the deployment
template does: archive bucket, journal table (key schema + TTL), dead-letter queue, alert topic.
An extra SQS queue subscribed to the alert topic stands in for the operator's e-mail inbox, so tests
and the demo can read alerts. Idempotent: existing resources are left as they are."""
import json
import os

import boto3

BUCKET = os.environ.get("ARCHIVE_BUCKET", "cold-archiving-archives")
TABLE = os.environ.get("ARCHIVE_JOURNAL_TABLE", "cold-archiving-journal")
DLQ = "cold-archiving-dlq"
TOPIC = "cold-archiving-alerts"
INBOX = "cold-archiving-alerts-inbox"

s3 = boto3.client("s3")
ddb = boto3.client("dynamodb")
sqs = boto3.client("sqs")
sns = boto3.client("sns")

if BUCKET not in [b["Name"] for b in s3.list_buckets().get("Buckets", [])]:
    s3.create_bucket(Bucket=BUCKET)
    s3.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True,
        "BlockPublicPolicy": True, "RestrictPublicBuckets": True})

if TABLE not in ddb.list_tables()["TableNames"]:
    ddb.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "DatabaseId", "AttributeType": "S"},
                              {"AttributeName": "RunId", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "DatabaseId", "KeyType": "HASH"},
                   {"AttributeName": "RunId", "KeyType": "RANGE"}])
    ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": "ExpiresAt"})

dlq_url = sqs.create_queue(QueueName=DLQ)["QueueUrl"]
inbox_url = sqs.create_queue(QueueName=INBOX)["QueueUrl"]
inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
topic_arn = sns.create_topic(Name=TOPIC)["TopicArn"]
subscribed = [s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]]
if inbox_arn not in subscribed:
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=inbox_arn)

print(json.dumps({"bucket": BUCKET, "table": TABLE, "dlqUrl": dlq_url,
                  "alertTopicArn": topic_arn, "alertInboxUrl": inbox_url}))
