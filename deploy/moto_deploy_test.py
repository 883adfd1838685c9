#!/usr/bin/env python3
"""Deploys deploy/cold-archiving.cfn.yaml into moto's CloudFormation and checks what it created.

Run by deploy/check.sh (endpoint from AWS_ENDPOINT_URL, e.g. `eval "$(dev/stack.sh env)"`). Deploys one
stack per DeploymentMode (scheduled-task, service) under a unique name, checks the bucket, table, queue,
topic, key, roles, task definition and mode-specific resources, then deletes only its own stacks and the
resources they retained (DeletionPolicy: Retain) or that this test created itself.

moto does not implement every resource type and property in CloudFormation. For those:
  * resource types moto's CloudFormation cannot create are left out of the template sent to moto and
    applied by this test through the service API with the template's own (resolved) properties;
  * properties moto's CloudFormation ignores are reported as MOTO GAP, checked in the template, and
    applied through the service API with the template's values to show the API accepts them.
Everything of that kind is printed at the end, in the list "what moto could not create or apply".
A check that fails for any other reason fails the test.
"""
import ast
import copy
import json
import os
import re
import sys
import time
import uuid

import boto3
from botocore.exceptions import ClientError
from cfnlint.decode import decode

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "cold-archiving.cfn.yaml")
APP_PROPERTIES = os.path.join(HERE, "..", "application.properties")

# Resource types moto (5.x) cannot create from CloudFormation (it skips them silently).
MOTO_NO_CFN = {"AWS::S3::BucketPolicy", "AWS::SNS::Subscription", "AWS::SNS::TopicPolicy",
               "AWS::Scheduler::Schedule",
               # service-mode scaling on the work queue: checked from the template
               "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy",
               "AWS::CloudWatch::Alarm"}
# Properties moto's CloudFormation accepts but does not apply (checked, reported, not failed).
MOTO_IGNORED_PROPERTIES = {
    "AWS::S3::Bucket.PublicAccessBlockConfiguration",
    "AWS::S3::Bucket.LifecycleConfiguration",
    "AWS::S3::Bucket.VersioningConfiguration",
    "AWS::S3::Bucket.OwnershipControls",
    "AWS::S3::Bucket.BucketEncryption.BucketKeyEnabled",
    "AWS::S3::Bucket.ObjectLockEnabled/ObjectLockConfiguration",
    "AWS::DynamoDB::Table.PointInTimeRecoverySpecification",
    "AWS::DynamoDB::Table.TimeToLiveSpecification",
    "AWS::DynamoDB::Table.SSESpecification",
    "AWS::ECS::Cluster.ClusterSettings (containerInsights)",
    "AWS::ECS::TaskDefinition.NetworkMode/RequiresCompatibilities/Cpu/TaskRoleArn/ExecutionRoleArn",
    "AWS::EC2::SecurityGroup.SecurityGroupEgress",
    "AWS::Logs::LogGroup.KmsKeyId",
    "AWS::IAM::Role.ManagedPolicyArns",
    "AWS::ECS::Service.LaunchType/NetworkConfiguration/DeploymentConfiguration",
    "AWS::KMS::Key.KeyPolicy as an object (moto stores it unparsed: every later KMS call on the key "
    "answers 500, so the test sends the policy as a JSON string)",
}

REGION = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
ENDPOINT = os.environ.get("AWS_ENDPOINT_URL")
if not ENDPOINT:
    sys.exit("AWS_ENDPOINT_URL is not set: eval \"$(dev/stack.sh env)\" first")


def client(name):
    return boto3.client(name, endpoint_url=ENDPOINT, region_name=REGION,
                        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
                        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"))


class Results:
    def __init__(self):
        self.passed, self.failed, self.gaps, self.now_applied = 0, [], [], []
        self.delete_left = set()

    def check(self, what, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed.append(f"{what} {detail}".strip())
            print(f"  FAIL  {what} {detail}")

    def moto_gap(self, prop, applied_by_moto, what):
        """A property moto's CloudFormation is known to ignore: report it, never fail on it."""
        assert prop in MOTO_IGNORED_PROPERTIES, prop
        if applied_by_moto:
            self.now_applied.append(prop)
            print(f"  ok    {what} (moto now applies {prop})")
        else:
            if prop not in self.gaps:
                self.gaps.append(prop)
            print(f"  GAP   {what}: moto's CloudFormation does not apply {prop}")


R = Results()


# --- a small resolver for CloudFormation intrinsics, for what the test applies itself ------------------
class Resolver:
    def __init__(self, template, params, stack_name, account):
        self.t = template
        self.params = params
        self.pseudo = {"AWS::Region": REGION, "AWS::AccountId": account, "AWS::Partition": "aws",
                       "AWS::StackName": stack_name, "AWS::URLSuffix": "amazonaws.com"}
        self.physical = {}
        self.getatt_fn = None

    def condition(self, name):
        return bool(self.value(self.t["Conditions"][name]))

    def ref(self, name):
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.params:
            return self.params[name]
        return self.physical[name]

    def value(self, node):
        NOVALUE = Resolver
        if isinstance(node, list):
            out = [self.value(x) for x in node]
            return [x for x in out if x is not NOVALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (k, v), = node.items()
            if k == "Ref":
                return NOVALUE if v == "AWS::NoValue" else self.ref(v)
            if k == "Fn::GetAtt":
                logical, attr = v if isinstance(v, list) else v.split(".", 1)
                return self.getatt_fn(logical, attr)
            if k == "Fn::Sub":
                text, extra = (v, {}) if isinstance(v, str) else (v[0], self.value(v[1]))

                def sub(m):
                    name = m.group(1)
                    if name in extra:
                        return str(extra[name])
                    if "." in name:
                        return str(self.getatt_fn(*name.split(".", 1)))
                    return str(self.ref(name))
                return re.sub(r"\$\{([^}!]+)\}", sub, text)
            if k == "Fn::Join":
                return v[0].join(str(x) for x in self.value(v[1]))
            if k == "Fn::Select":
                return self.value(v[1])[int(self.value(v[0]))]
            if k == "Fn::Split":
                return str(self.value(v[1])).split(v[0])
            if k == "Fn::If":
                return self.value(v[1] if self.condition(v[0]) else v[2])
            if k == "Fn::Equals":
                return str(self.value(v[0])) == str(self.value(v[1]))
            if k == "Fn::Not":
                return not self.value(v[0])
            if k == "Fn::And":
                return all(self.value(x) for x in v)
            if k == "Fn::Or":
                return any(self.value(x) for x in v)
            if k == "Condition":
                return self.condition(v)
        out = {k: self.value(x) for k, x in node.items()}
        return {k: x for k, x in out.items() if x is not NOVALUE}


def app_env_names():
    """Environment form of every key of the app's application.properties (archive.* keys)."""
    keys = set()
    with open(APP_PROPERTIES) as f:
        for line in f:
            m = re.match(r"^\s*#?\s*(archive\.[A-Za-z0-9.-]+)\s*=", line)
            if m:
                keys.add(re.sub(r"[.-]", "_", m.group(1)).upper())
    return keys


def wait_stack(cf, name):
    for _ in range(120):
        st = cf.describe_stacks(StackName=name)["Stacks"][0]
        if not st["StackStatus"].endswith("_IN_PROGRESS"):
            return st
        time.sleep(1)
    raise AssertionError(f"stack {name} still in progress")


def deploy_and_check(template, mode, account, vpc_id, subnet_ids):
    stack = f"ca-cfn-test-{mode}-{uuid.uuid4().hex[:8]}"
    print(f"\n=== DeploymentMode={mode}: stack {stack}")
    params = {p: d.get("Default") for p, d in template["Parameters"].items()}
    params.update({"EcrImageURI": f"{account}.dkr.ecr.{REGION}.amazonaws.com/cold-archiving:test",
                   "EmailAlerts": "archive-alerts@example.com", "VPC": vpc_id,
                   "Subnets": ",".join(subnet_ids), "DeploymentMode": mode,
                   # one deployment with Object Lock, one without
                   "ObjectLockMode": "GOVERNANCE" if mode == "scheduled-task" else "none"})
    res = Resolver(template, {**params, "Subnets": subnet_ids}, stack, account)
    res.physical = {}

    # What moto gets: the same template without the types it cannot create, and the key policy as a
    # JSON string (moto keeps an object policy unparsed and then fails every call on the key).
    moto_tpl = copy.deepcopy(template)
    left_out = []
    for logical, r in list(moto_tpl["Resources"].items()):
        cond_ok = "Condition" not in r or res.condition(r["Condition"])
        if r["Type"] in MOTO_NO_CFN:
            del moto_tpl["Resources"][logical]
            if cond_ok:
                left_out.append(logical)
    key_props = moto_tpl["Resources"]["ArchiveKey"]["Properties"]
    key_props["KeyPolicy"] = json.dumps(res.value(key_props["KeyPolicy"]))

    cf = client("cloudformation")
    cleanup = {"stack": stack, "retained": {}, "extra": []}
    try:
        cf.create_stack(StackName=stack, TemplateBody=json.dumps(moto_tpl),
                        Parameters=[{"ParameterKey": k, "ParameterValue": str(v)} for k, v in params.items()
                                    if v is not None],
                        Capabilities=["CAPABILITY_NAMED_IAM"])
        st = wait_stack(cf, stack)
        R.check("stack CREATE_COMPLETE", st["StackStatus"] == "CREATE_COMPLETE",
                f"{st['StackStatus']} {st.get('StackStatusReason', '')}")
        created = {r["LogicalResourceId"]: r for r in cf.describe_stack_resources(StackName=stack)["StackResources"]
                   if "LogicalResourceId" in r}
        res.physical = {k: r["PhysicalResourceId"] for k, r in created.items()}
        for k in ("ArchiveBucket", "JournalTable", "ArchiveKey"):
            if k in res.physical:
                cleanup["retained"][k] = res.physical[k]
        cleanup["ecs"] = {k: res.physical[k] for k in ("Cluster", "TaskDefinition") if k in res.physical}
        expected = [k for k, r in moto_tpl["Resources"].items()
                    if "Condition" not in r or res.condition(r["Condition"])]
        missing = [f"{k} ({moto_tpl['Resources'][k]['Type']})" for k in expected if k not in created]
        R.check("moto created every resource it was given", not missing, f"missing: {missing}")
        outputs = {o["OutputKey"]: o["OutputValue"] for o in st.get("Outputs", [])}

        cache = {}

        def getatt(logical, attr):
            key = (logical, attr)
            if key not in cache:
                cache[key] = _getatt(res, logical, attr)
            return cache[key]
        res.getatt_fn = getatt

        check_outputs(outputs, res)
        check_key(res)
        check_object_lock(template, res)  # while the bucket is new: Object Lock can only be enabled then
        check_app_writes(res)  # before the TLS-only bucket policy: this endpoint is plain HTTP
        check_bucket(template, res, cleanup)
        check_table(template, res)
        check_queue_topic(template, res, cleanup)
        check_iam(template, res)
        check_ecs(template, res, mode, subnet_ids)
        check_network_logs(res)
        if mode == "scheduled-task":
            check_schedule(template, res, subnet_ids, cleanup)
        print(f"  left out of the template for moto (no CloudFormation support): {', '.join(left_out)}")
        return [f"{k} ({template['Resources'][k]['Type']})" for k in left_out]
    finally:
        teardown(cf, cleanup)


def _getatt(res, logical, attr):
    pid = res.physical[logical]
    if logical == "ArchiveBucket" and attr == "Arn":
        return f"arn:aws:s3:::{pid}"
    if logical == "ArchiveKey" and attr == "Arn":
        return client("kms").describe_key(KeyId=pid)["KeyMetadata"]["Arn"]
    if logical == "Cluster" and attr == "Arn":
        return client("ecs").describe_clusters(clusters=[pid])["clusters"][0]["clusterArn"]
    if logical == "TaskFailureRule" and attr == "Arn":
        return client("events").describe_rule(Name=pid)["Arn"]
    if logical in ("DeadLetterQueue", "WorkQueue", "WorkDeadLetterQueue") and attr == "Arn":
        return client("sqs").get_queue_attributes(QueueUrl=pid, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    if logical == "Service" and attr == "Name":
        return pid.rsplit("/", 1)[1]
    if logical in ("WorkQueue", "WorkDeadLetterQueue") and attr == "QueueName":
        return pid.rsplit("/", 1)[1]
    if logical == "WorkDeadLetterAlarm" and attr == "Arn":
        return client("cloudwatch").describe_alarms(AlarmNames=[pid])["MetricAlarms"][0]["AlarmArn"]
    if logical == "JournalTable" and attr == "Arn":
        return client("dynamodb").describe_table(TableName=pid)["Table"]["TableArn"]
    if attr == "Arn" and logical.endswith("Role"):
        return client("iam").get_role(RoleName=pid)["Role"]["Arn"]
    raise KeyError(f"GetAtt {logical}.{attr}")


def check_outputs(outputs, res):
    want = {"BucketName", "JournalTableName", "DeadLetterQueueUrl", "AlertTopicArn", "TaskRoleArn",
            "ExecutionRoleArn", "KmsKeyArn", "ClusterName"}
    R.check("outputs: bucket, table, queue URL, topic, roles, key, cluster", want <= set(outputs),
            f"missing {want - set(outputs)}")
    R.check("output KmsKeyArn is the key's ARN", outputs.get("KmsKeyArn") == res.getatt_fn("ArchiveKey", "Arn"))
    R.check("output DeadLetterQueueUrl is the queue URL", outputs.get("DeadLetterQueueUrl") == res.physical["DeadLetterQueue"])


def check_key(res):
    kms = client("kms")
    key = res.physical["ArchiveKey"]
    R.check("KMS key rotation enabled", kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"])
    policy = json.loads(kms.get_key_policy(KeyId=key, PolicyName="default")["Policy"])
    principals = [json.dumps(s.get("Principal")) for s in policy["Statement"]]
    R.check("KMS key policy: no wildcard principal", not any(p in ('"*"', '{"AWS": "*"}') for p in principals))
    R.check("KMS key policy: account root administers the key",
            any(f"arn:aws:iam::{res.pseudo['AWS::AccountId']}:root" in p for p in principals))


def check_object_lock(template, res):
    """ObjectLockMode: the bucket is created with Object Lock (GOVERNANCE/COMPLIANCE) or without (none)."""
    s3 = client("s3")
    bucket = res.physical["ArchiveBucket"]
    props = res.value(template["Resources"]["ArchiveBucket"]["Properties"])
    locked = res.params["ObjectLockMode"] != "none"
    R.check(f"template: bucket Object Lock {'enabled' if locked else 'absent'} for ObjectLockMode={res.params['ObjectLockMode']}",
            (props.get("ObjectLockEnabled") is True and props.get("ObjectLockConfiguration") == {"ObjectLockEnabled": "Enabled"})
            if locked else ("ObjectLockEnabled" not in props and "ObjectLockConfiguration" not in props), str(props.get("ObjectLockEnabled")))
    try:
        enabled = s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"].get("ObjectLockEnabled") == "Enabled"
    except ClientError:
        enabled = False
    if not locked:
        R.check("bucket without Object Lock (ObjectLockMode=none)", not enabled)
        return
    R.moto_gap("AWS::S3::Bucket.ObjectLockEnabled/ObjectLockConfiguration", enabled, "bucket created with Object Lock")
    if not enabled:
        # S3 turns versioning on with Object Lock; moto wants it on first
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        res.versioned_by_test = True
        s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=props["ObjectLockConfiguration"])
        enabled = s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"].get("ObjectLockEnabled") == "Enabled"
        R.check("Object Lock (applied by the test through the API) reads back Enabled", enabled)


def check_bucket(template, res, cleanup):
    s3 = client("s3")
    bucket = res.physical["ArchiveBucket"]
    props = res.value(template["Resources"]["ArchiveBucket"]["Properties"])
    key_arn = res.getatt_fn("ArchiveKey", "Arn")
    enc = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
    R.check("bucket default encryption is SSE-KMS with the stack key",
            enc["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key_arn},
            str(enc))
    R.moto_gap("AWS::S3::Bucket.BucketEncryption.BucketKeyEnabled", enc.get("BucketKeyEnabled") is True,
               "bucket key enabled")
    R.check("template: bucket key enabled",
            props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["BucketKeyEnabled"] is True)

    # public access block
    pab_want = props["PublicAccessBlockConfiguration"]
    R.check("template: all four public access blocks on", all(pab_want.get(k) is True for k in
            ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")))
    try:
        pab = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except ClientError:
        pab = None
    R.moto_gap("AWS::S3::Bucket.PublicAccessBlockConfiguration", pab == pab_want, "public access block")
    if pab != pab_want:
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=pab_want)
        pab = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        R.check("public access block (applied by the test through the API) reads back", pab == pab_want, str(pab))

    # versioning
    ver = s3.get_bucket_versioning(Bucket=bucket).get("Status")
    if getattr(res, "versioned_by_test", False):
        R.check("versioning enabled (by the test, with Object Lock)", ver == "Enabled")
    else:
        R.moto_gap("AWS::S3::Bucket.VersioningConfiguration", ver == "Enabled", "versioning enabled")
    R.check("template: versioning enabled", props["VersioningConfiguration"]["Status"] == "Enabled")

    # ownership controls
    try:
        own = s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"]["Rules"][0]["ObjectOwnership"]
    except ClientError:
        own = None
    R.moto_gap("AWS::S3::Bucket.OwnershipControls", own == "BucketOwnerEnforced", "ACLs disabled (BucketOwnerEnforced)")

    # lifecycle
    rules = props["LifecycleConfiguration"]["Rules"]
    abort = [r for r in rules if "AbortIncompleteMultipartUpload" in r]
    R.check("template: lifecycle aborts incomplete multipart uploads",
            len(abort) == 1 and abort[0]["Status"] == "Enabled"
            and int(abort[0]["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])
            == int(template["Parameters"]["AbortIncompleteMultipartUploadDays"]["Default"]))
    R.check("template: no transition rule by default (the app uploads with the storage class)",
            not any("Transitions" in r for r in rules))
    try:
        got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    except ClientError:
        got = []
    moto_has = any(r.get("AbortIncompleteMultipartUpload") for r in got)
    R.moto_gap("AWS::S3::Bucket.LifecycleConfiguration", moto_has, "lifecycle rules")
    if not moto_has:
        api_rules = []
        for r in rules:  # CloudFormation schema -> S3 API schema
            a = {"ID": r["Id"], "Status": r["Status"], "Filter": {"Prefix": ""}}
            if "AbortIncompleteMultipartUpload" in r:
                a["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": int(r["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])}
            if "NoncurrentVersionExpiration" in r:
                a["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(r["NoncurrentVersionExpiration"]["NoncurrentDays"])}
            if r.get("ExpiredObjectDeleteMarker"):
                a["Expiration"] = {"ExpiredObjectDeleteMarker": True}
            api_rules.append(a)
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": api_rules})
        got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
        R.check("lifecycle rules (applied by the test through the API) read back with the abort rule",
                any(r.get("AbortIncompleteMultipartUpload", {}).get("DaysAfterInitiation") == 7 for r in got), str(got))

    # bucket policy: AWS::S3::BucketPolicy has no moto CloudFormation support -> put it through the API
    policy_doc = res.value(template["Resources"]["ArchiveBucketPolicy"]["Properties"]["PolicyDocument"])
    s3.put_bucket_policy(Bucket=res.value(template["Resources"]["ArchiveBucketPolicy"]["Properties"]["Bucket"]),
                         Policy=json.dumps(policy_doc))
    stored = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])
    deny = [s for s in stored["Statement"] if s["Effect"] == "Deny"
            and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") in ("false", False)]
    arn = f"arn:aws:s3:::{bucket}"
    R.check("bucket policy (applied by the test through the API) denies s3:* without TLS on bucket and objects",
            len(deny) == 1 and deny[0]["Action"] in ("s3:*", ["s3:*"]) and deny[0]["Principal"] in ("*", {"AWS": "*"})
            and sorted(deny[0]["Resource"]) == sorted([arn, arn + "/*"]), json.dumps(stored))
    try:  # moto evaluates bucket policies, and this endpoint is plain HTTP
        s3.put_object(Bucket=bucket, Key="plain-http-probe", Body=b"x")
        denied = False
        s3.delete_object(Bucket=bucket, Key="plain-http-probe")
    except ClientError as e:
        denied = e.response["Error"]["Code"] in ("403", "AccessDenied")
    R.check("bucket policy in force: a PutObject over plain HTTP is denied (403)", denied)


def check_table(template, res):
    ddb = client("dynamodb")
    table = res.physical["JournalTable"]
    props = res.value(template["Resources"]["JournalTable"]["Properties"])
    t = ddb.describe_table(TableName=table)["Table"]
    R.check("table key schema DatabaseId (S, HASH) + RunId (S, RANGE)",
            sorted((k["AttributeName"], k["KeyType"]) for k in t["KeySchema"]) == [("DatabaseId", "HASH"), ("RunId", "RANGE")]
            and {a["AttributeName"]: a["AttributeType"] for a in t["AttributeDefinitions"]}
            == {"DatabaseId": "S", "RunId": "S", "Running": "S", "StartedAt": "S", "Status": "S", "ExpiresAt": "N"})
    indexes = {i["IndexName"]: ([(k["AttributeName"], k["KeyType"]) for k in i["KeySchema"]], i["Projection"]["ProjectionType"])
               for i in t.get("GlobalSecondaryIndexes", [])}
    R.check("indexes: RunningIndex (Running, StartedAt: recovery) and ExpiryIndex (Status, ExpiresAt: retention)",
            indexes == {"RunningIndex": ([("Running", "HASH"), ("StartedAt", "RANGE")], "ALL"),
                        "ExpiryIndex": ([("Status", "HASH"), ("ExpiresAt", "RANGE")], "ALL")}, str(indexes))
    R.check("table billing mode PAY_PER_REQUEST", t.get("BillingModeSummary", {}).get("BillingMode") == "PAY_PER_REQUEST")
    R.check("table deletion protection on", t.get("DeletionProtectionEnabled") is True)

    key_arn = res.getatt_fn("ArchiveKey", "Arn")
    sse = t.get("SSEDescription", {})
    R.moto_gap("AWS::DynamoDB::Table.SSESpecification",
               sse.get("SSEType") == "KMS" and sse.get("KMSMasterKeyArn") == key_arn, "table SSE with the stack key")
    R.check("template: table SSE is KMS with the stack key",
            props["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key_arn})

    pitr = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    pitr_on = pitr.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus") == "ENABLED"
    R.moto_gap("AWS::DynamoDB::Table.PointInTimeRecoverySpecification", pitr_on, "point-in-time recovery")
    R.check("template: point-in-time recovery enabled",
            props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True)
    if not pitr_on:
        ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={
            "PointInTimeRecoveryEnabled": props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]})
        pitr = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
        R.check("point-in-time recovery (applied by the test through the API) reads back ENABLED",
                pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED")

    # TTL on PurgeAt, never ExpiresAt: DynamoDB must not forget an archive whose object still exists
    ttl = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    ttl_on = ttl.get("TimeToLiveStatus") == "ENABLED" and ttl.get("AttributeName") == "PurgeAt"
    R.moto_gap("AWS::DynamoDB::Table.TimeToLiveSpecification", ttl_on, "TTL on PurgeAt")
    R.check("template: TTL on PurgeAt, not ExpiresAt",
            props["TimeToLiveSpecification"] == {"AttributeName": "PurgeAt", "Enabled": True})
    if not ttl_on:
        ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=props["TimeToLiveSpecification"])
        ttl = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        R.check("TTL (applied by the test through the API) reads back ENABLED on PurgeAt",
                ttl.get("TimeToLiveStatus") == "ENABLED" and ttl.get("AttributeName") == "PurgeAt", str(ttl))


def check_queue_topic(template, res, cleanup):
    key_arn = res.getatt_fn("ArchiveKey", "Arn")
    attrs = client("sqs").get_queue_attributes(QueueUrl=res.physical["DeadLetterQueue"], AttributeNames=["All"])["Attributes"]
    R.check("queue encrypted with the stack key (KmsMasterKeyId)", attrs.get("KmsMasterKeyId") == key_arn, str(attrs))
    sqs = client("sqs")
    work = sqs.get_queue_attributes(QueueUrl=res.physical["WorkQueue"], AttributeNames=["All"])["Attributes"]
    work_dlq_arn = res.getatt_fn("WorkDeadLetterQueue", "Arn")
    redrive = json.loads(work.get("RedrivePolicy", "{}"))
    R.check("work queue: FIFO, content-based deduplication, the stack key",
            work.get("FifoQueue") == "true" and work.get("ContentBasedDeduplication") == "true"
            and work.get("KmsMasterKeyId") == key_arn, str(work))
    R.check("work queue: redrive to its own FIFO dead-letter queue after 8 receives",
            redrive.get("deadLetterTargetArn") == work_dlq_arn and int(redrive.get("maxReceiveCount", 0)) == 8,
            str(redrive))
    wdlq = sqs.get_queue_attributes(QueueUrl=res.physical["WorkDeadLetterQueue"], AttributeNames=["All"])["Attributes"]
    R.check("work dead-letter queue: FIFO, the stack key",
            wdlq.get("FifoQueue") == "true" and wdlq.get("KmsMasterKeyId") == key_arn, str(wdlq))
    check_work_dead_letter_alarm(template, res, cleanup)
    sns = client("sns")
    topic = res.physical["AlertTopic"]
    tattrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    R.check("topic encrypted with the stack key (KmsMasterKeyId)", tattrs.get("KmsMasterKeyId") == key_arn)

    # AWS::SNS::Subscription and AWS::SNS::TopicPolicy: no moto CloudFormation support -> API
    sub = res.value(template["Resources"]["AlertEmailSubscription"]["Properties"])
    arn = sns.subscribe(TopicArn=sub["TopicArn"], Protocol=sub["Protocol"], Endpoint=sub["Endpoint"])["SubscriptionArn"]
    cleanup["extra"].append(("sns-subscription", arn))
    subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    R.check("e-mail subscription (applied by the test through the API) to EmailAlerts",
            [(s["Protocol"], s["Endpoint"]) for s in subs] == [("email", "archive-alerts@example.com")], str(subs))
    tp = res.value(template["Resources"]["AlertTopicPolicy"]["Properties"])
    sns.set_topic_attributes(TopicArn=tp["Topics"][0], AttributeName="Policy", AttributeValue=json.dumps(tp["PolicyDocument"]))
    pol = json.loads(sns.get_topic_attributes(TopicArn=topic)["Attributes"]["Policy"])
    stmt = pol["Statement"][0]
    R.check("topic policy (applied by the test through the API) lets the task-failure rule publish",
            stmt["Principal"] == {"Service": "events.amazonaws.com"} and stmt["Action"] in ("sns:Publish", ["sns:Publish"])
            and stmt["Condition"]["ArnEquals"]["aws:SourceArn"] == res.getatt_fn("TaskFailureRule", "Arn"), json.dumps(pol))
    alarm_stmt = pol["Statement"][1] if len(pol["Statement"]) > 1 else {}
    R.check("topic policy lets the work dead-letter alarm publish, and nothing else",
            len(pol["Statement"]) == 2 and alarm_stmt.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}
            and alarm_stmt.get("Action") in ("sns:Publish", ["sns:Publish"])
            and alarm_stmt["Condition"]["ArnEquals"]["aws:SourceArn"] == res.getatt_fn("WorkDeadLetterAlarm", "Arn"),
            json.dumps(pol))
    key_policy = json.loads(client("kms").get_key_policy(KeyId=res.physical["ArchiveKey"], PolicyName="default")["Policy"])
    R.check("KMS key policy: CloudWatch alarms may publish to the encrypted topic",
            any(st.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}
                and set(st.get("Action", [])) == {"kms:GenerateDataKey", "kms:Decrypt"} for st in key_policy["Statement"]),
            json.dumps(key_policy))


def check_work_dead_letter_alarm(template, res, cleanup):
    """AWS::CloudWatch::Alarm (no moto CloudFormation support): created through the API from the template's
    resolved properties; it watches the work dead-letter queue's visible messages and alerts the topic."""
    props = res.value(template["Resources"]["WorkDeadLetterAlarm"]["Properties"])
    cw = client("cloudwatch")
    cw.put_metric_alarm(**props)
    res.physical["WorkDeadLetterAlarm"] = props["AlarmName"]
    cleanup["extra"].append(("alarm", props["AlarmName"]))
    alarms = cw.describe_alarms(AlarmNames=[props["AlarmName"]])["MetricAlarms"]
    alarm = alarms[0] if alarms else {}
    R.check("work dead-letter alarm (created by the test through the API): a visible message (> 0) on the work "
            "dead-letter queue alerts the topic",
            alarm.get("Namespace") == "AWS/SQS" and alarm.get("MetricName") == "ApproximateNumberOfMessagesVisible"
            and alarm.get("Dimensions") == [{"Name": "QueueName",
                                            "Value": res.getatt_fn("WorkDeadLetterQueue", "QueueName")}]
            and alarm.get("ComparisonOperator") == "GreaterThanThreshold" and alarm.get("Threshold") == 0
            and alarm.get("AlarmActions") == [res.physical["AlertTopic"]], str(alarm))
    # moto evaluates no SQS metric: the alarm's action is shown by setting its state as CloudWatch would
    cw.set_alarm_state(AlarmName=props["AlarmName"], StateValue="ALARM", StateReason="test: a visible message")
    state = cw.describe_alarms(AlarmNames=[props["AlarmName"]])["MetricAlarms"][0]["StateValue"]
    R.check("work dead-letter alarm can go to ALARM", state == "ALARM", state)


def policy_document(doc):
    """IAM policy documents as moto returns them: a dict, JSON, or (for CloudFormation-made roles) a
    Python repr of the template's dict."""
    if isinstance(doc, dict):
        return doc
    try:
        return json.loads(doc)
    except ValueError:
        return ast.literal_eval(doc)


def check_iam(template, res):
    iam = client("iam")
    role = res.physical["TaskRole"]
    names = iam.list_role_policies(RoleName=role)["PolicyNames"]
    R.check("task role has exactly one inline policy", names == ["cold-archiving"])
    doc = iam.get_role_policy(RoleName=role, PolicyName="cold-archiving")["PolicyDocument"]
    doc = policy_document(doc)
    bucket_arn = res.getatt_fn("ArchiveBucket", "Arn")
    table_arn = res.getatt_fn("JournalTable", "Arn")
    allowed = {  # action -> the only resource it may have (a set: the statements it is in, one resource each)
        "rds:DescribeDBInstances": "*", "rds:DescribeDBClusters": "*", "rds:ListTagsForResource": "*",
        "secretsmanager:GetSecretValue": f"arn:aws:secretsmanager:{REGION}:{res.pseudo['AWS::AccountId']}:secret:cold-archiving/*",
        **{a: bucket_arn + "/*" for a in ("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload",
                                          "s3:ListMultipartUploadParts", "s3:PutObjectTagging",
                                          "s3:GetObjectTagging", "s3:DeleteObject",
                                          # Object Lock on upload and its check; retention deletes versions
                                          "s3:PutObjectRetention", "s3:GetObjectRetention",
                                          "s3:DeleteObjectVersion",
                                          # restore and verify read exact versions, retrieve Glacier archives
                                          "s3:GetObjectVersion", "s3:RestoreObject")},
        "s3:ListBucket": bucket_arn, "s3:ListBucketMultipartUploads": bucket_arn,
        "s3:ListBucketVersions": bucket_arn, "s3:GetBucketObjectLockConfiguration": bucket_arn,
        **{a: table_arn for a in ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:Scan",
                                  "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive")},
        # the table and its two indexes (RunningIndex, ExpiryIndex)
        "dynamodb:Query": {table_arn, table_arn + "/index/*"},
        # dead letters; the fleet's work queue (send, receive, delete, back with a backoff, its depth)
        "sqs:SendMessage": {res.getatt_fn("DeadLetterQueue", "Arn"), res.getatt_fn("WorkQueue", "Arn")},
        "sqs:GetQueueAttributes": {res.getatt_fn("DeadLetterQueue", "Arn"), res.getatt_fn("WorkQueue", "Arn")},
        "sqs:GetQueueUrl": res.getatt_fn("WorkQueue", "Arn"),
        # ... and its dead-letter queue, whose messages the tasks report (take-work-dead-letters)
        **{a: {res.getatt_fn("WorkQueue", "Arn"), res.getatt_fn("WorkDeadLetterQueue", "Arn")}
           for a in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility")},
        # a failed attempt or a takeover removes a RUNNING item (conditional delete)
        "dynamodb:DeleteItem": table_arn,
        "sns:Publish": res.physical["AlertTopic"], "sns:GetTopicAttributes": res.physical["AlertTopic"],
        "kms:GenerateDataKey": res.getatt_fn("ArchiveKey", "Arn"), "kms:Decrypt": res.getatt_fn("ArchiveKey", "Arn"),
    }
    seen, bad, granted = set(), [], {}
    for s in doc["Statement"]:
        actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
        resources = s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]]
        if s["Effect"] != "Allow" or "Condition" in s:
            bad.append(s)
        for a in actions:
            seen.add(a)
            want = allowed.get(a)
            want = want if isinstance(want, set) else {want}
            if a not in allowed or len(resources) != 1 or resources[0] not in want:
                bad.append((a, resources))
            granted.setdefault(a, set()).update(resources)
    short = [a for a, want in allowed.items() if isinstance(want, set) and granted.get(a) != want]
    R.check("task role grants exactly the least-privilege actions, each on its own resource only",
            not bad and not short and seen == set(allowed),
            f"extra/wrong: {bad}; not on all its resources: {short}; missing: {set(allowed) - seen}")
    R.check("task role cannot bypass Object Lock governance", "s3:BypassGovernanceRetention" not in seen)
    exe = res.physical["TaskExecutionRole"]
    managed = [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=exe)["AttachedPolicies"]]
    want = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
    R.moto_gap("AWS::IAM::Role.ManagedPolicyArns", managed == want, "execution role has AmazonECSTaskExecutionRolePolicy")
    R.check("template: execution role has AmazonECSTaskExecutionRolePolicy only",
            res.value(template["Resources"]["TaskExecutionRole"]["Properties"]["ManagedPolicyArns"]) == want)
    R.check("template: task role has no managed policy",
            "ManagedPolicyArns" not in template["Resources"]["TaskRole"]["Properties"])


def check_ecs(template, res, mode, subnet_ids):
    ecs = client("ecs")
    cluster = ecs.describe_clusters(clusters=[res.physical["Cluster"]], include=["SETTINGS"])["clusters"][0]
    insights = {s["name"]: s["value"] for s in cluster.get("settings", [])}.get("containerInsights")
    R.moto_gap("AWS::ECS::Cluster.ClusterSettings (containerInsights)", insights == "enabled", "container insights")
    R.check("template: container insights enabled",
            template["Resources"]["Cluster"]["Properties"]["ClusterSettings"] == [{"Name": "containerInsights", "Value": "enabled"}])

    td = ecs.describe_task_definition(taskDefinition=res.physical["TaskDefinition"])["taskDefinition"]
    c, = td["containerDefinitions"]
    tprops = res.value(template["Resources"]["TaskDefinition"]["Properties"])
    fargate_ok = (td.get("networkMode") == "awsvpc" and "FARGATE" in td.get("requiresCompatibilities", [])
                  and td.get("taskRoleArn") == res.getatt_fn("TaskRole", "Arn"))
    R.moto_gap("AWS::ECS::TaskDefinition.NetworkMode/RequiresCompatibilities/Cpu/TaskRoleArn/ExecutionRoleArn",
               fargate_ok, "Fargate task definition (awsvpc, task and execution roles)")
    R.check("template: Fargate, awsvpc, separate task and execution roles",
            tprops["RequiresCompatibilities"] == ["FARGATE"] and tprops["NetworkMode"] == "awsvpc"
            and tprops["TaskRoleArn"] != tprops["ExecutionRoleArn"])
    R.check("container image is EcrImageURI", c["image"] == res.params["EcrImageURI"])
    R.check("container health check curls the readiness of /observe/health on loopback",
            c.get("healthCheck", {}).get("command")
            == ["CMD-SHELL", "curl -fsS http://127.0.0.1:9876/observe/health/ready || exit 1"])
    R.check("container read-only root file system with a writable /tmp volume",
            str(c.get("readonlyRootFilesystem")).lower() == "true"
            and c.get("mountPoints") == [{"sourceVolume": "tmp", "containerPath": "/tmp", "readOnly": False}]
            and td.get("volumes") == [{"name": "tmp"}])
    R.check("container drops all Linux capabilities and is not privileged",
            c.get("linuxParameters", {}).get("capabilities", {}).get("drop") == ["ALL"] and not c.get("privileged"))
    log = c.get("logConfiguration", {})
    R.check("container logs to the stack's log group (awslogs)",
            log.get("logDriver") == "awslogs" and log["options"]["awslogs-group"] == res.physical["LogGroup"])

    env = {e["name"]: e.get("value") for e in c.get("environment", []) if e}
    allowed = app_env_names() | {"JAVA_TOOL_OPTIONS"}
    R.check("every environment variable is an application.properties key in env form",
            set(env) <= allowed, f"unknown: {set(env) - allowed}")
    want = {
        "ARCHIVE_BUCKET": res.physical["ArchiveBucket"], "ARCHIVE_JOURNAL_TABLE": res.physical["JournalTable"],
        "ARCHIVE_DLQ_URL": res.physical["DeadLetterQueue"], "ARCHIVE_ALERT_TOPIC_ARN": res.physical["AlertTopic"],
        "ARCHIVE_STORAGE_CLASS": "GLACIER_IR", "ARCHIVE_RETENTION_DAYS": "365",
        "ARCHIVE_KMS_KEY_ID": res.getatt_fn("ArchiveKey", "Arn"), "ARCHIVE_SCHEDULE": "0 30 1 1 * ?",
        "ARCHIVE_ONCE": "true" if mode == "scheduled-task" else "false", "ARCHIVE_DB_SSL_MODE": "require",
        "ARCHIVE_LOG_FORMAT": "json", "ARCHIVE_RETENTION_SCHEDULE": "0 0 3 * * ?",
        "ARCHIVE_OBJECT_LOCK_MODE": res.params["ObjectLockMode"], "ARCHIVE_RETENTION_KEEP_LAST": "1",
        "ARCHIVE_RETENTION_EARLY_DELETE": "false", "ARCHIVE_RETENTION_JOURNAL_DAYS": "365",
        "ARCHIVE_WORK_QUEUE_URL": res.physical["WorkQueue"], "ARCHIVE_PARALLELISM": "0",
        "ARCHIVE_WORK_DLQ_URL": res.physical["WorkDeadLetterQueue"],
        "ARCHIVE_MAX_PER_INSTANCE": "1", "ARCHIVE_ATTEMPTS": "3",
    }
    wrong = {k: (env.get(k), v) for k, v in want.items() if str(env.get(k)) != v}
    R.check(f"environment wires the stack's resources (ARCHIVE_ONCE={want['ARCHIVE_ONCE']})", not wrong, str(wrong))
    # ARCHIVE_VERIFY_TARGET_SECRET names Secrets Manager secrets (cold-archiving/...): a name, not a secret
    names_a_secret = lambda k, v: k == "ARCHIVE_VERIFY_TARGET_SECRET" and re.fullmatch(
        r"(((postgresql|mariadb|mysql):)?cold-archiving/[^,]+)?(,((postgresql|mariadb|mysql):)?cold-archiving/[^,]+)*", v)
    R.check("no secret in the environment",
            not any(re.search(r"PASSWORD|SECRET|TOKEN|ACCESS_KEY", k) and not names_a_secret(k, str(v))
                    for k, v in env.items()), str(sorted(env)))

    services = ecs.list_services(cluster=res.physical["Cluster"])["serviceArns"]
    if mode == "service":
        R.check("service mode: one ECS service", len(services) == 1, str(services))
        if services:
            svc = ecs.describe_services(cluster=res.physical["Cluster"], services=services)["services"][0]
            R.check("service: desired count MinTasks (1), the stack's task definition",
                    svc["desiredCount"] == 1 and svc["taskDefinition"] == res.physical["TaskDefinition"], str(svc))
            net = svc.get("networkConfiguration", {}).get("awsvpcConfiguration", {})
            R.moto_gap("AWS::ECS::Service.LaunchType/NetworkConfiguration/DeploymentConfiguration",
                       svc.get("launchType") == "FARGATE" and sorted(net.get("subnets", [])) == sorted(subnet_ids)
                       and net.get("securityGroups") == [res.physical["TaskSecurityGroup"]]
                       and net.get("assignPublicIp") == "DISABLED",
                       "service on Fargate in the given subnets, with the task security group, no public IP")
        sprops = res.value(template["Resources"]["Service"]["Properties"])
        R.check("template: service on Fargate, the given subnets, the task security group, no public IP",
                sprops["LaunchType"] == "FARGATE" and int(sprops["DesiredCount"]) == 1
                and sprops["NetworkConfiguration"]["AwsvpcConfiguration"] == {
                    "AssignPublicIp": "DISABLED", "Subnets": subnet_ids,
                    "SecurityGroups": [res.physical["TaskSecurityGroup"]]})
        R.check("template: a deployment stops the old tasks first (max 100%, min 0%)",
                sprops["DeploymentConfiguration"]["MaximumPercent"] == 100
                and sprops["DeploymentConfiguration"]["MinimumHealthyPercent"] == 0)
        R.check("service mode: no scheduler role", "SchedulerRole" not in res.physical)
        tprops = res.value(template["Resources"]["ServiceScalableTarget"]["Properties"])
        R.check("service scales on the work queue between MinTasks (1) and MaxTasks (4)",
                int(tprops["MinCapacity"]) == 1 and int(tprops["MaxCapacity"]) == 4
                and tprops["ScalableDimension"] == "ecs:service:DesiredCount", str(tprops))
        for alarm, policy in (("WorkBacklogAlarm", "ScaleOutOnWork"), ("WorkIdleAlarm", "ScaleInWhenIdle")):
            raw = template["Resources"][alarm]["Properties"]
            aprops = {"Metrics": res.value(raw["Metrics"]), "AlarmActions": raw["AlarmActions"]}
            metrics = {m["Id"]: m for m in aprops["Metrics"]}
            R.check(f"{alarm}: visible + in-flight messages of the work queue, acting on {policy}",
                    metrics["backlog"]["Expression"] == "visible + inflight"
                    and metrics["visible"]["MetricStat"]["Metric"]["MetricName"] == "ApproximateNumberOfMessagesVisible"
                    and metrics["inflight"]["MetricStat"]["Metric"]["MetricName"] == "ApproximateNumberOfMessagesNotVisible"
                    and aprops["AlarmActions"] == [{"Ref": policy}], str(aprops))
    else:
        R.check("scheduled-task mode: no ECS service", not services, str(services))


def check_network_logs(res):
    ec2 = client("ec2")
    sg = ec2.describe_security_groups(GroupIds=[res.physical["TaskSecurityGroup"]])["SecurityGroups"][0]
    R.check("security group has no ingress", sg["IpPermissions"] == [])
    egress = sorted((p.get("FromPort"), p.get("IpProtocol")) for p in sg["IpPermissionsEgress"])
    R.moto_gap("AWS::EC2::SecurityGroup.SecurityGroupEgress", egress == [(443, "tcp"), (3306, "tcp"), (5432, "tcp")],
               "egress only to 443 and the database ports")
    lg = client("logs").describe_log_groups(logGroupNamePrefix=res.physical["LogGroup"])["logGroups"][0]
    R.check("log group retention 365 days", lg.get("retentionInDays") == 365)
    R.moto_gap("AWS::Logs::LogGroup.KmsKeyId", lg.get("kmsKeyId") == res.getatt_fn("ArchiveKey", "Arn"),
               "log group encrypted with the stack key")
    rule = client("events").describe_rule(Name=res.physical["TaskFailureRule"])
    pattern = json.loads(rule["EventPattern"])
    R.check("task-failure rule watches this cluster's stopped tasks",
            pattern["detail"]["clusterArn"] == [res.getatt_fn("Cluster", "Arn")] and pattern["detail"]["lastStatus"] == ["STOPPED"])
    targets = client("events").list_targets_by_rule(Rule=res.physical["TaskFailureRule"])["Targets"]
    R.check("task-failure rule publishes to the alert topic", [t["Arn"] for t in targets] == [res.physical["AlertTopic"]])


def check_app_writes(res):
    """The writes the app makes, against the created resources, with the stack key."""
    key_arn = res.getatt_fn("ArchiveKey", "Arn")
    s3 = client("s3")
    bucket = res.physical["ArchiveBucket"]
    obj = "postgresql/test-db/sales/2026/12/01/sales-20261201T013000Z.pgdump.zst"
    s3.put_object(Bucket=bucket, Key=obj, Body=b"archive", StorageClass="GLACIER_IR",
                  ServerSideEncryption="aws:kms", SSEKMSKeyId=key_arn)
    head = s3.head_object(Bucket=bucket, Key=obj)
    R.check("app write: GLACIER_IR object with SSE-KMS under the stack key",
            head.get("StorageClass") == "GLACIER_IR" and head.get("ServerSideEncryption") == "aws:kms"
            and head.get("SSEKMSKeyId") == key_arn, str({k: head.get(k) for k in ("StorageClass", "ServerSideEncryption", "SSEKMSKeyId")}))
    for v in s3.list_object_versions(Bucket=bucket).get("Versions", []) + \
            s3.list_object_versions(Bucket=bucket).get("DeleteMarkers", []):
        s3.delete_object(Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"])
    ddb = client("dynamodb")
    ddb.put_item(TableName=res.physical["JournalTable"], Item={
        "DatabaseId": {"S": "test-db/sales"}, "RunId": {"S": "2026-12-01T01:30:00Z"},
        "Status": {"S": "ARCHIVED"}, "ExpiresAt": {"N": str(int(time.time()) + 86400)}},
        ConditionExpression="attribute_not_exists(DatabaseId)")
    R.check("app write: journal item keyed DatabaseId + RunId",
            "Item" in ddb.get_item(TableName=res.physical["JournalTable"],
                                   Key={"DatabaseId": {"S": "test-db/sales"}, "RunId": {"S": "2026-12-01T01:30:00Z"}}))
    client("sqs").send_message(QueueUrl=res.physical["DeadLetterQueue"], MessageBody='{"test":true}')
    R.check("app write: message to the KMS-encrypted dead-letter queue", True)
    client("sns").publish(TopicArn=res.physical["AlertTopic"], Subject="test", Message="test")
    R.check("app write: publish to the KMS-encrypted topic", True)


def check_schedule(template, res, subnet_ids, cleanup):
    props = res.value(template["Resources"]["ArchiveSchedule"]["Properties"])
    R.check("schedule expression converted from the Quartz default",
            props["ScheduleExpression"] == "cron(30 1 1 * ? *)", props["ScheduleExpression"])
    tgt = props["Target"]
    ecsp = tgt["EcsParameters"]
    R.check("schedule target: the cluster, the task definition, Fargate, the subnets and security group, no public IP",
            tgt["Arn"] == res.getatt_fn("Cluster", "Arn") and ecsp["TaskDefinitionArn"] == res.physical["TaskDefinition"]
            and ecsp["LaunchType"] == "FARGATE"
            and ecsp["NetworkConfiguration"]["AwsvpcConfiguration"] == {
                "AssignPublicIp": "DISABLED", "Subnets": subnet_ids, "SecurityGroups": [res.physical["TaskSecurityGroup"]]})
    R.check("schedule: TasksPerRun (1) tasks, each with the scheduled time as its run id (ARCHIVE_RUN_ID)",
            int(ecsp["TaskCount"]) == 1 and json.loads(tgt["Input"]) == {"containerOverrides": [{
                "name": "cold-archiving", "environment": [
                    {"name": "ARCHIVE_RUN_ID", "value": "<aws.scheduler.scheduled-time>"}]}]}, str(tgt))
    iam = client("iam")
    doc = iam.get_role_policy(RoleName=res.physical["SchedulerRole"], PolicyName="run-archive-task")["PolicyDocument"]
    doc = policy_document(doc)
    st = {s["Sid"]: s for s in doc["Statement"]}
    R.check("scheduler role: ecs:RunTask on this task family, in this cluster only",
            st["RunTheArchiveTask"]["Action"] == "ecs:RunTask"
            and st["RunTheArchiveTask"]["Resource"].endswith(f":task-definition/{res.pseudo['AWS::StackName']}-cold-archiving:*")
            and st["RunTheArchiveTask"]["Condition"]["ArnEquals"]["ecs:cluster"] == res.getatt_fn("Cluster", "Arn"))
    R.check("scheduler role: iam:PassRole on the two task roles only, to ECS tasks",
            st["PassTheTaskRoles"]["Action"] == "iam:PassRole"
            and sorted(st["PassTheTaskRoles"]["Resource"]) == sorted([res.getatt_fn("TaskRole", "Arn"), res.getatt_fn("TaskExecutionRole", "Arn")])
            and st["PassTheTaskRoles"]["Condition"]["StringEquals"]["iam:PassedToService"] == "ecs-tasks.amazonaws.com")
    # AWS::Scheduler::Schedule: no moto CloudFormation support -> create it through the Scheduler API
    sched = client("scheduler")
    name = f"{res.pseudo['AWS::StackName']}-archive"
    api_target = {"Arn": tgt["Arn"], "RoleArn": tgt["RoleArn"],
                  "RetryPolicy": {k: int(v) for k, v in tgt["RetryPolicy"].items()},
                  "EcsParameters": {"TaskDefinitionArn": ecsp["TaskDefinitionArn"], "TaskCount": int(ecsp["TaskCount"]),
                                    "LaunchType": ecsp["LaunchType"], "PlatformVersion": ecsp["PlatformVersion"],
                                    "EnableECSManagedTags": ecsp["EnableECSManagedTags"],
                                    "PropagateTags": ecsp["PropagateTags"],
                                    "NetworkConfiguration": {"awsvpcConfiguration": ecsp["NetworkConfiguration"]["AwsvpcConfiguration"]}}}
    sched.create_schedule(Name=name, ScheduleExpression=props["ScheduleExpression"],
                          ScheduleExpressionTimezone=props["ScheduleExpressionTimezone"], State=props["State"],
                          FlexibleTimeWindow=props["FlexibleTimeWindow"], Target=api_target)
    cleanup["extra"].append(("schedule", name))
    got = sched.get_schedule(Name=name)
    R.check("schedule (created by the test through the API) reads back",
            got["ScheduleExpression"] == "cron(30 1 1 * ? *)" and got["Target"]["Arn"] == tgt["Arn"])

    # the second schedule: the same task definition, as the retention task, daily
    rprops = res.value(template["Resources"]["RetentionTaskSchedule"]["Properties"])
    R.check("retention schedule: daily at 03:00 by default (converted from the Quartz RetentionSchedule)",
            rprops["ScheduleExpression"] == "cron(0 3 * * ? *)", rprops["ScheduleExpression"])
    rtgt = rprops["Target"]
    overrides = json.loads(rtgt["Input"])
    R.check("retention schedule: the stack's task definition with ARCHIVE_TASK=retention (container override)",
            rtgt["EcsParameters"]["TaskDefinitionArn"] == res.physical["TaskDefinition"]
            and overrides == {"containerOverrides": [{"name": "cold-archiving", "environment": [
                {"name": "ARCHIVE_TASK", "value": "retention"}]}]}
            and rtgt["EcsParameters"]["NetworkConfiguration"] == ecsp["NetworkConfiguration"], str(rtgt))
    rname = f"{res.pseudo['AWS::StackName']}-retention"
    sched.create_schedule(Name=rname, ScheduleExpression=rprops["ScheduleExpression"],
                          ScheduleExpressionTimezone=rprops["ScheduleExpressionTimezone"], State=rprops["State"],
                          FlexibleTimeWindow=rprops["FlexibleTimeWindow"],
                          Target={**api_target, "Input": rtgt["Input"]})
    cleanup["extra"].append(("schedule", rname))
    got = sched.get_schedule(Name=rname)
    R.check("retention schedule (created by the test through the API) reads back with its input",
            got["ScheduleExpression"] == "cron(0 3 * * ? *)" and json.loads(got["Target"]["Input"]) == overrides)


def teardown(cf, cleanup):
    """Deletes this test's stack, then what it retained or what the test created itself (nothing else)."""
    stack = cleanup["stack"]
    for kind, ident in cleanup["extra"]:
        try:
            if kind == "schedule":
                client("scheduler").delete_schedule(Name=ident)
            elif kind == "alarm":
                client("cloudwatch").delete_alarms(AlarmNames=[ident])
            elif kind == "sns-subscription":
                client("sns").unsubscribe(SubscriptionArn=ident)
        except ClientError as e:
            print(f"  cleanup: {kind} {ident}: {e}")
    try:
        cf.delete_stack(StackName=stack)
        for _ in range(60):
            try:
                if cf.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE":
                    break
            except ClientError:
                break
            time.sleep(1)
    except ClientError as e:
        print(f"  cleanup: stack {stack}: {e}")
    ecs_left = cleanup.get("ecs", {})
    if ecs_left:  # moto's DeleteStack leaves ECS resources behind: remove this stack's own
        ecs = client("ecs")
        left = []
        try:
            cluster = ecs_left.get("Cluster")
            if cluster and ecs.describe_clusters(clusters=[cluster])["clusters"]:
                for svc in ecs.list_services(cluster=cluster)["serviceArns"]:
                    ecs.delete_service(cluster=cluster, service=svc, force=True)
                    left.append("AWS::ECS::Service")
            td = ecs_left.get("TaskDefinition")
            if td and ecs.describe_task_definition(taskDefinition=td)["taskDefinition"].get("status") == "ACTIVE":
                ecs.deregister_task_definition(taskDefinition=td)
                left.append("AWS::ECS::TaskDefinition")
            if cluster and [c for c in ecs.describe_clusters(clusters=[cluster])["clusters"] if c["status"] == "ACTIVE"]:
                ecs.delete_cluster(cluster=cluster)
                left.append("AWS::ECS::Cluster")
        except ClientError as e:
            print(f"  cleanup: ECS: {e}")
        if left:
            R.delete_left.update(left)
            print(f"  moto's DeleteStack left {', '.join(left)}: removed by the test")
    retained = cleanup["retained"]
    if "ArchiveBucket" in retained:
        s3 = client("s3")
        b = retained["ArchiveBucket"]
        try:
            vers = s3.list_object_versions(Bucket=b)
            for v in vers.get("Versions", []) + vers.get("DeleteMarkers", []):
                s3.delete_object(Bucket=b, Key=v["Key"], VersionId=v["VersionId"])
            s3.delete_bucket(Bucket=b)
        except ClientError as e:
            print(f"  cleanup: bucket {b}: {e}")
    if "JournalTable" in retained:
        ddb = client("dynamodb")
        t = retained["JournalTable"]
        try:
            ddb.update_table(TableName=t, DeletionProtectionEnabled=False)
            ddb.delete_table(TableName=t)
        except ClientError as e:
            print(f"  cleanup: table {t}: {e}")
    if "ArchiveKey" in retained:
        try:
            client("kms").schedule_key_deletion(KeyId=retained["ArchiveKey"], PendingWindowInDays=7)
        except ClientError as e:
            print(f"  cleanup: key {retained['ArchiveKey']}: {e}")
    print(f"  cleaned up stack {stack} and its retained resources")


def main():
    template, matches = decode(TEMPLATE)
    if template is None:
        sys.exit(f"cannot parse {TEMPLATE}: {matches}")
    account = client("sts").get_caller_identity()["Account"]
    ec2 = client("ec2")
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    assert vpcs, "moto has no default VPC"
    vpc_id = vpcs[0]["VpcId"]
    subnets = sorted(s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"])[:2]
    print(f"moto at {ENDPOINT}, account {account}, region {REGION}, VPC {vpc_id}, subnets {subnets}")

    not_created = []
    for mode in ("scheduled-task", "service"):
        for item in deploy_and_check(template, mode, account, vpc_id, subnets):
            if item not in not_created:
                not_created.append(item)

    print("\nWhat moto could not create or apply (CloudFormation):")
    print("  resource types moto cannot create (left out of the template sent to moto; the test applied")
    print("  their resolved properties through the service API and checked them):")
    for item in not_created:
        print(f"    - {item}")
    print("  properties moto's CloudFormation ignores (checked in the template; where the API allows, applied")
    print("  by the test and read back):")
    for prop in sorted(R.gaps):
        print(f"    - {prop}")
    key_gap = [p for p in MOTO_IGNORED_PROPERTIES if p.startswith("AWS::KMS::Key.KeyPolicy")][0]
    print(f"    - {key_gap}")
    if R.delete_left:
        print("  resources moto's DeleteStack leaves behind (removed by the test): " + ", ".join(sorted(R.delete_left)))
    if R.now_applied:
        print("  moto now applies (update MOTO_IGNORED_PROPERTIES):")
        for prop in R.now_applied:
            print(f"    - {prop}")
    if R.failed:
        print("\nFailed checks:")
        for f in R.failed:
            print(f"  - {f}")
    print(f"\nmoto_deploy_test: {R.passed} passed, {len(R.failed)} failed")
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main())
